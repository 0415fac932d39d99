package nl.knooppunt.localstack;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Keycloak from the {@code keycloak-quarkus-dist} zip (fetched through Maven, unpacked once into the state dir) in
 * dev mode on port 8180, with the {@code knooppunt} realm imported from {@code keycloak/knooppunt-realm.json}. When
 * the realm file changes, Keycloak's dev database is reset so the new realm is imported.
 */
public final class Keycloak {

    /** HTTP port. */
    public static final int PORT = 8180;
    /** The hub's realm. */
    public static final String REALM = "knooppunt";
    /** Bootstrap admin user and password of the master realm. */
    public static final String ADMIN = "admin";
    /** Component name (log and pid file). */
    public static final String NAME = "keycloak";

    private static final String REALM_RESOURCE = "/keycloak/knooppunt-realm.json";
    private static final String REALM_FILE = "knooppunt-realm.json";

    private final ChildProcess process;

    private Keycloak(ChildProcess process) {
        this.process = process;
    }

    /** {@code http://localhost:8180}. */
    public static URI baseUrl() {
        return URI.create("http://localhost:" + PORT);
    }

    /** The realm's issuer, {@code http://localhost:8180/realms/knooppunt} (tokens must be fetched via localhost). */
    public static URI issuer() {
        return URI.create(baseUrl() + "/realms/" + REALM);
    }

    /** The realm's token endpoint. */
    public static URI tokenEndpoint() {
        return URI.create(issuer() + "/protocol/openid-connect/token");
    }

    /** Unpacks the distribution if needed, installs the realm and starts {@code kc.sh start-dev}. */
    static Keycloak launch(StackLayout layout, Consumer<String> onDeath, Consumer<String> progress) {
        Path home = layout.keycloakHome();
        if (!Files.isRegularFile(home.resolve("bin").resolve("kc.sh"))) {
            progress.accept("unpacking Keycloak into " + home + " (first start only)");
            unpack(layout.keycloakZip(), home);
        }
        if (installRealm(home)) {
            progress.accept("Keycloak realm file changed: its dev database is reset and the realm imported again");
        }
        List<String> command = List.of("bash", home.resolve("bin").resolve("kc.sh").toString(), "start-dev",
                "--http-port=" + PORT, "--import-realm");
        Map<String, String> env = Map.of(
                "KC_BOOTSTRAP_ADMIN_USERNAME", ADMIN,
                "KC_BOOTSTRAP_ADMIN_PASSWORD", ADMIN,
                "JAVA_HOME", System.getProperty("java.home"),
                "JAVA_OPTS_KC_HEAP", "-Xms64m -Xmx512m");
        return new Keycloak(ChildProcess.start(NAME, command, env, home, layout, onDeath));
    }

    /** Waits for the realm's OpenID configuration; then records the JVM under {@code kc.sh} in the pid file. */
    void awaitReady(Duration timeout) {
        Http.awaitOk(URI.create(issuer() + "/.well-known/openid-configuration"), timeout, process);
        process.recordTree();
    }

    /** Stops {@code kc.sh} and the JVM it started. */
    void stop() {
        process.stop(Duration.ofSeconds(30));
    }

    /**
     * Copies the realm into {@code data/import}; when it differs from the one imported before, deletes the dev
     * database ({@code data/h2}) because {@code --import-realm} skips a realm that already exists.
     *
     * @return whether an earlier, different realm was replaced
     */
    static boolean installRealm(Path home) {
        try (InputStream in = Keycloak.class.getResourceAsStream(REALM_RESOURCE)) {
            if (in == null) {
                throw new LocalStackException(REALM_RESOURCE + " is missing from the classpath; rebuild the module");
            }
            byte[] realm = in.readAllBytes();
            Path imports = home.resolve("data").resolve("import");
            Files.createDirectories(imports);
            Path target = imports.resolve(REALM_FILE);
            boolean changed = Files.exists(target) && !Arrays.equals(Files.readAllBytes(target), realm);
            if (changed || !Files.exists(target)) {
                deleteRecursively(home.resolve("data").resolve("h2"));
            }
            Files.write(target, realm);
            return changed;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Unzips the distribution (top folder {@code keycloak-<version>}) into {@code home}, atomically. */
    static void unpack(Path zip, Path home) {
        if (!Files.isRegularFile(zip)) {
            throw new LocalStackException("the Keycloak distribution " + zip + " is missing; build the launcher with "
                    + "./mvnw -B -q install -DskipTests (it fetches org.keycloak:keycloak-quarkus-dist through Maven)");
        }
        Path staging = home.resolveSibling(home.getFileName() + ".unpacking");
        try {
            deleteRecursively(staging);
            Files.createDirectories(staging);
            try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
                for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
                    String name = entry.getName();
                    int slash = name.indexOf('/');
                    String relative = slash < 0 ? "" : name.substring(slash + 1);
                    if (relative.isEmpty()) {
                        continue;
                    }
                    Path target = staging.resolve(relative).normalize();
                    if (!target.startsWith(staging)) {
                        throw new LocalStackException("unsafe entry in " + zip + ": " + name);
                    }
                    if (entry.isDirectory()) {
                        Files.createDirectories(target);
                    } else {
                        Files.createDirectories(target.getParent());
                        Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                        if (relative.startsWith("bin/") && relative.endsWith(".sh")) {
                            target.toFile().setExecutable(true);
                        }
                    }
                }
            }
            deleteRecursively(home);
            Files.move(staging, home, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new LocalStackException("cannot unpack " + zip + " into " + home + ": " + e.getMessage(), e);
        }
    }

    static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
