package nl.knooppunt.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A real PostgreSQL server from zonky's Maven-packaged binaries on port 15432, run by the launcher's JVM (pg_ctl),
 * with a persistent cluster under {@code postgres/data} so a restart keeps the data. Authentication is {@code trust}
 * on localhost: any password, e.g. {@code postgres}, is accepted for user {@code postgres}.
 *
 * <p>Unlike zonky's defaults (made for throwaway test databases), commits are durable: {@code synchronous_commit}
 * and {@code fsync} are on, as in production. With {@code synchronous_commit=off} a {@code kill -9} of the server
 * loses the transactions of its last few hundred milliseconds although the client was told they committed, and the
 * hub would lose messages whose Kafka offset had already been committed after the store.
 */
public final class Postgres implements AutoCloseable {

    /** {@code localhost:15432}. */
    public static final int PORT = 15432;
    /** Superuser name. */
    public static final String USER = "postgres";
    /** Password the services send (not checked: trust authentication on localhost). */
    public static final String PASSWORD = "postgres";
    /** The databases of the hub. */
    public static final List<String> DATABASES = List.of("registry", "routing");
    /** Component name (log and pid file). */
    public static final String NAME = "postgres";

    private final EmbeddedPostgres postgres;
    private final StackLayout layout;

    private Postgres(EmbeddedPostgres postgres, StackLayout layout) {
        this.postgres = postgres;
        this.layout = layout;
    }

    /** {@code jdbc:postgresql://localhost:15432/<database>}. */
    public static String jdbcUrl(String database) {
        return "jdbc:postgresql://localhost:" + PORT + "/" + database;
    }

    /** {@code postgresql://localhost:15432/<database>} (Quarkus reactive client). */
    public static String reactiveUrl(String database) {
        return "postgresql://localhost:" + PORT + "/" + database;
    }

    /** Starts (and on first use initialises) the cluster and creates the hub's databases when missing. */
    static Postgres start(StackLayout layout) {
        Path data = dataDir(layout);
        Path log = layout.log(NAME);
        try {
            Files.createDirectories(log.getParent());
            discardUnfinishedInit(data);
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setPort(PORT)
                    .setDataDirectory(data)
                    .setCleanDataDirectory(false)
                    .setOverrideWorkingDirectory(layout.postgresDir().resolve("binaries").toFile())
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .setServerConfig("listen_addresses", "localhost")
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("fsync", "on")
                    .setLocaleConfig("locale", "C")
                    .setOutputRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .setErrorRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
            Postgres started = new Postgres(postgres, layout);
            postmaster(data).ifPresent(p -> Processes.writePidFile(layout.pidFile(NAME), List.of(p)));
            started.createDatabases();
            return started;
        } catch (IOException e) {
            throw new LocalStackException("PostgreSQL did not start: " + e.getMessage() + ". Last lines of " + log
                    + ":" + System.lineSeparator() + Processes.tail(log, 40), e);
        }
    }

    private void createDatabases() {
        try (Connection connection = postgres.getPostgresDatabase().getConnection()) {
            for (String database : DATABASES) {
                boolean exists;
                try (PreparedStatement query = connection.prepareStatement(
                        "SELECT 1 FROM pg_database WHERE datname = ?")) {
                    query.setString(1, database);
                    try (ResultSet rs = query.executeQuery()) {
                        exists = rs.next();
                    }
                }
                if (!exists) {
                    try (Statement create = connection.createStatement()) {
                        create.execute("CREATE DATABASE " + database);
                    }
                }
            }
            try (Statement password = connection.createStatement()) {
                password.execute("ALTER USER " + USER + " PASSWORD '" + PASSWORD + "'");
            }
        } catch (SQLException e) {
            throw new LocalStackException("cannot create the databases " + DATABASES + ": " + e.getMessage(), e);
        }
    }

    /** Stops the server (pg_ctl stop, fast mode); the data stays. */
    @Override
    public void close() {
        Optional<ProcessHandle> postmaster = postmaster(dataDir(layout));
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // pg_ctl returns once postmaster.pid is gone; the postmaster may still be exiting
        postmaster.ifPresent(p -> Processes.terminateTree(p, Duration.ofSeconds(15)));
        try {
            Files.deleteIfExists(layout.pidFile(NAME));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Kills the server at once (SIGKILL to the postmaster and every backend, as a crash would; no checkpoint), then
     * releases this launcher's hold on the data directory so {@link #start} can run it again, which recovers from
     * the write-ahead log.
     */
    void kill() {
        postmaster(dataDir(layout)).ifPresent(Processes::killTree);
        try {
            // pg_ctl stop finds no server and returns at once; this frees the data directory's lock for a new start
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            Files.deleteIfExists(layout.pidFile(NAME));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Stops a server a crashed launcher left behind: {@code pg_ctl stop -m fast} when the binaries are there,
     * SIGTERM/SIGKILL of the postmaster otherwise.
     *
     * @return whether a running server was found
     */
    static boolean stopLeftover(StackLayout layout) {
        Path data = dataDir(layout);
        Optional<ProcessHandle> postmaster = postmaster(data);
        if (postmaster.isEmpty()) {
            return false;
        }
        Optional<Path> pgCtl = pgCtl(layout);
        if (pgCtl.isPresent()) {
            try {
                Process stop = new ProcessBuilder(pgCtl.get().toString(), "-D", data.toString(), "stop", "-m", "fast",
                        "-w", "-t", "20").redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(layout.log(NAME).toFile())).start();
                stop.waitFor();
            } catch (IOException e) {
                // fall through to signalling the postmaster
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        postmaster.filter(ProcessHandle::isAlive).ifPresent(p -> Processes.terminateTree(p, Duration.ofSeconds(20)));
        return true;
    }

    /** The running postmaster of the cluster, from the first line of {@code postmaster.pid}. */
    static Optional<ProcessHandle> postmaster(Path dataDir) {
        Path pidFile = dataDir.resolve("postmaster.pid");
        try {
            if (!Files.isRegularFile(pidFile)) {
                return Optional.empty();
            }
            List<String> lines = Files.readAllLines(pidFile);
            if (lines.isEmpty()) {
                return Optional.empty();
            }
            long pid = Long.parseLong(lines.get(0).trim());
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                    .filter(p -> p.info().command().map(c -> c.contains("postgres")).orElse(false));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    static Path dataDir(StackLayout layout) {
        return layout.postgresDir().resolve("data");
    }

    private static Optional<Path> pgCtl(StackLayout layout) {
        Path binaries = layout.postgresDir().resolve("binaries");
        if (!Files.isDirectory(binaries)) {
            return Optional.empty();
        }
        try (Stream<Path> dirs = Files.list(binaries)) {
            return dirs.map(d -> d.resolve("bin").resolve("pg_ctl")).filter(Files::isExecutable).findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** A data directory without {@code PG_VERSION} is an interrupted initdb: initdb refuses a non-empty dir. */
    private static void discardUnfinishedInit(Path data) throws IOException {
        if (Files.isDirectory(data) && !Files.exists(data.resolve("PG_VERSION"))) {
            try (Stream<Path> files = Files.walk(data)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
