package nl.knooppunt.localstack;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import nl.knooppunt.standard.kafka.TopicSpec;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.CreateTopicsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.utils.Time;

/**
 * A single-node KRaft Kafka broker (broker and controller in one process) from the {@code org.apache.kafka} jars,
 * run in a child JVM: {@link #main} is that JVM's entry point, {@link #launch} starts it from the launcher. The
 * storage is formatted once, so topics and offsets survive a restart.
 */
public final class KafkaBroker {

    /** Client port: {@code localhost:19092}. */
    public static final int PORT = 19092;
    /** KRaft controller port. */
    public static final int CONTROLLER_PORT = 19093;
    /** Component name (log and pid file). */
    public static final String NAME = "kafka";

    static final String READY_MARKER = "KNOOPPUNT KAFKA READY";

    private final ChildProcess process;
    private final long logOffset;

    private KafkaBroker(ChildProcess process, long logOffset) {
        this.process = process;
        this.logOffset = logOffset;
    }

    /** {@code localhost:19092}. */
    public static String bootstrapServers() {
        return "localhost:" + PORT;
    }

    /** Starts the broker's child JVM; {@link #awaitReady} waits until it serves. */
    static KafkaBroker launch(StackLayout layout, Consumer<String> onDeath) {
        Path classes = layout.moduleTarget().resolve("classes");
        Path classpathFile = layout.classpathFile();
        if (!Files.isRegularFile(classpathFile) || !Files.isDirectory(classes)) {
            throw new LocalStackException("the launcher is not built (" + classpathFile + " is missing); run "
                    + "./mvnw -B -q install -DskipTests or ./knooppunt up --rebuild");
        }
        String classpath;
        try {
            classpath = classes + File.pathSeparator + Files.readString(classpathFile).trim();
            Files.createDirectories(layout.kafkaDir());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        long offset = size(layout.log(NAME));
        List<String> command = List.of(javaExecutable(), "-Xms128m", "-Xmx512m", "-XX:+UseSerialGC",
                "-Djava.awt.headless=true", "-cp", classpath, KafkaBroker.class.getName(),
                Integer.toString(PORT), Integer.toString(CONTROLLER_PORT), layout.kafkaDir().toString());
        ChildProcess child = ChildProcess.start(NAME, command, Map.of(), layout.stateDir(), layout, onDeath);
        return new KafkaBroker(child, offset);
    }

    /** Waits until the child JVM reports the broker unfenced and serving. */
    void awaitReady(Duration timeout) {
        Path log = process.log();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            process.requireAlive("the Kafka broker");
            if (logSince(log, logOffset).contains(READY_MARKER)) {
                return;
            }
            Processes.sleep(Duration.ofMillis(200));
        }
        throw new LocalStackException("the Kafka broker was not ready within " + timeout.toSeconds()
                + " s. Last lines of " + log + ":" + System.lineSeparator() + process.tail());
    }

    /**
     * Creates every topic (replication 1); a topic that already exists gets its configuration from the spec again
     * (a stack started by an older version keeps no longer retention than the code says).
     */
    void createTopics(List<TopicSpec> specs) {
        Properties config = new Properties();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "15000");
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "30000");
        try (Admin admin = Admin.create(config)) {
            List<NewTopic> topics = specs.stream()
                    .map(spec -> new NewTopic(spec.name(), spec.partitions(), (short) 1).configs(spec.configs()))
                    .toList();
            CreateTopicsResult result = admin.createTopics(topics);
            List<String> existing = new ArrayList<>();
            for (Map.Entry<String, org.apache.kafka.common.KafkaFuture<Void>> entry : result.values().entrySet()) {
                try {
                    entry.getValue().get(30, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new LocalStackException("cannot create topic " + entry.getKey() + ": "
                                + e.getCause().getMessage(), e.getCause());
                    }
                    existing.add(entry.getKey());
                }
            }
            Map<ConfigResource, Collection<AlterConfigOp>> updates = new LinkedHashMap<>();
            for (TopicSpec spec : specs) {
                if (existing.contains(spec.name())) {
                    updates.put(new ConfigResource(ConfigResource.Type.TOPIC, spec.name()), spec.configs().entrySet()
                            .stream().map(c -> new AlterConfigOp(new ConfigEntry(c.getKey(), c.getValue()),
                                    AlterConfigOp.OpType.SET)).toList());
                }
            }
            if (!updates.isEmpty()) {
                try {
                    admin.incrementalAlterConfigs(updates).all().get(30, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    throw new LocalStackException("cannot update the configuration of topics " + existing + ": "
                            + e.getCause().getMessage(), e.getCause());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LocalStackException("interrupted while creating topics", e);
        } catch (TimeoutException e) {
            throw new LocalStackException("creating topics timed out", e);
        }
    }

    /** Stops the broker JVM (its shutdown hook closes the broker cleanly). */
    void stop() {
        process.stop(Duration.ofSeconds(30));
    }

    /** SIGTERM and wait for the clean shutdown. */
    boolean terminate() {
        return process.stop(Duration.ofSeconds(30));
    }

    /** Whether the broker JVM runs. */
    boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL: the broker dies at once; the next start recovers its logs (unclean shutdown). */
    void kill() {
        process.kill();
    }

    /**
     * Entry point of the broker's child JVM.
     *
     * @param args client port, controller port, broker directory (holds {@code server.properties} and {@code data})
     */
    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: KafkaBroker <port> <controller-port> <directory>");
            System.exit(2);
        }
        int port = Integer.parseInt(args[0]);
        int controllerPort = Integer.parseInt(args[1]);
        Path dir = Path.of(args[2]);
        long started = System.nanoTime();
        Properties properties = brokerProperties(port, controllerPort, dir.resolve("data"));
        Path file = dir.resolve("server.properties");
        Files.createDirectories(dir);
        try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            properties.store(writer, "written by the Knooppunt local stack on every start");
        }
        formatOnce(file, dir.resolve("data"));
        KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(properties, false), Time.SYSTEM);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("Kafka broker shutting down");
            server.shutdown();
            server.awaitShutdown();
            System.out.println("Kafka broker stopped");
        }, "kafka-broker-shutdown"));
        server.startup();
        System.out.printf("%s bootstrap=localhost:%d in %d ms%n", READY_MARKER, port,
                (System.nanoTime() - started) / 1_000_000);
        server.awaitShutdown();
    }

    /** Single-node KRaft configuration: one partition and replication factor 1 for internal topics. */
    static Properties brokerProperties(int port, int controllerPort, Path dataDir) {
        Properties p = new Properties();
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", "1");
        p.setProperty("controller.quorum.voters", "1@localhost:" + controllerPort);
        p.setProperty("listeners", "PLAINTEXT://localhost:" + port + ",CONTROLLER://localhost:" + controllerPort);
        p.setProperty("advertised.listeners", "PLAINTEXT://localhost:" + port);
        p.setProperty("controller.listener.names", "CONTROLLER");
        p.setProperty("inter.broker.listener.name", "PLAINTEXT");
        p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.setProperty("log.dirs", dataDir.toString());
        p.setProperty("num.partitions", "1");
        p.setProperty("auto.create.topics.enable", "false");
        p.setProperty("offsets.topic.replication.factor", "1");
        p.setProperty("offsets.topic.num.partitions", "1");
        p.setProperty("transaction.state.log.replication.factor", "1");
        p.setProperty("transaction.state.log.min.isr", "1");
        p.setProperty("share.coordinator.state.topic.replication.factor", "1");
        p.setProperty("share.coordinator.state.topic.min.isr", "1");
        p.setProperty("group.initial.rebalance.delay.ms", "0");
        return p;
    }

    /**
     * {@code kafka-storage.sh format}, only when the storage has no {@code meta.properties} yet: formatting an
     * existing storage with a new cluster id fails.
     */
    private static void formatOnce(Path serverProperties, Path dataDir) {
        if (Files.exists(dataDir.resolve("meta.properties"))) {
            return;
        }
        int rc = StorageTool.execute(new String[] {"format", "-t", Uuid.randomUuid().toString(), "-c",
                serverProperties.toString()}, new PrintStream(OutputStream.nullOutputStream()));
        if (rc != 0) {
            throw new IllegalStateException("formatting the Kafka storage in " + dataDir + " failed (rc=" + rc + ")");
        }
    }

    static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    static long size(Path file) {
        try {
            return Files.exists(file) ? Files.size(file) : 0L;
        } catch (IOException e) {
            return 0L;
        }
    }

    static String logSince(Path log, long offset) {
        try {
            byte[] bytes = Files.readAllBytes(log);
            int from = (int) Math.min(offset, bytes.length);
            return new String(bytes, from, bytes.length - from, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
