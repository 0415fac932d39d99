package nl.knooppunt.deploy.images;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import nl.knooppunt.standard.crypto.HubSecrets;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Opens each image tarball the build wrote, checks what a container runtime reads from it (tag, user, entrypoint,
 * port, layers) and runs the image's own file system: its Java runtime, then the service's entrypoint as uid 1001
 * inside the extracted root (a private mount, PID and network namespace; needs root, as on CI).
 */
class ImageTarballIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path OUTPUT = Path.of(System.getProperty("images.output"));
    private static final String TAG = System.getProperty("image.tag");
    private static final String GROUP = System.getProperty("image.group");
    private static final Set<String> NEED_DATABASE_AT_START = Set.of("registry-service", "routing-service");

    static Stream<String> services() {
        return Stream.of(System.getProperty("images.services").split(",")).map(String::trim);
    }

    @ParameterizedTest
    @MethodSource("services")
    void theTarballIsAVersionTaggedNonRootImageWhoseRuntimeAndServiceStart(String spec, @TempDir Path temp)
            throws Exception {
        String service = spec.split(":")[0];
        int port = Integer.parseInt(spec.split(":")[1]);
        Path tarball = OUTPUT.resolve(service + ".tar");
        assertTrue(Files.isRegularFile(tarball), tarball + " was not built");

        Path blobs = Files.createDirectories(temp.resolve("blobs"));
        untar(Files.newInputStream(tarball), blobs, false);
        JsonNode manifest = JSON.readTree(blobs.resolve("manifest.json").toFile());
        assertEquals(1, manifest.size(), "one image per tarball");
        JsonNode image = manifest.get(0);
        assertEquals(List.of(GROUP + "/" + service + ":" + TAG), texts(image.get("RepoTags")));
        assertNotEquals("latest", TAG);

        JsonNode config = JSON.readTree(blobs.resolve(image.get("Config").asText()).toFile());
        JsonNode container = config.get("config");
        assertEquals("linux", config.get("os").asText());
        assertEquals("1001:1001", container.get("User").asText());
        assertEquals(ImageBuilder.entrypoint(), texts(container.get("Entrypoint")));
        assertEquals("/opt/java/bin/java", texts(container.get("Entrypoint")).get(0));
        assertEquals(List.of("-jar", "/deployments/quarkus-run.jar"),
                texts(container.get("Entrypoint")).subList(container.get("Entrypoint").size() - 2,
                        container.get("Entrypoint").size()));
        assertTrue(texts(container.get("Entrypoint")).contains("-XX:MaxRAMPercentage=75"));
        assertEquals(List.of(port + "/tcp"), fieldNames(container.get("ExposedPorts")));
        assertEquals("/deployments", container.get("WorkingDir").asText());
        assertEquals(TAG, container.get("Labels").get("org.opencontainers.image.version").asText());

        List<String> layers = texts(image.get("Layers"));
        List<String> diffIds = texts(config.get("rootfs").get("diff_ids"));
        assertEquals(layers.size(), diffIds.size());
        Path root = Files.createDirectories(temp.resolve("root"));
        for (int i = 0; i < layers.size(); i++) {
            Path layer = blobs.resolve(layers.get(i));
            assertEquals(diffIds.get(i), "sha256:" + sha256(new GZIPInputStream(Files.newInputStream(layer))),
                    "layer " + i + " does not match the config's diff_id");
            untar(new GZIPInputStream(Files.newInputStream(layer)), root, true);
        }
        assertTrue(Files.isRegularFile(root.resolve("deployments/quarkus-run.jar")), "no quarkus-run.jar");
        assertTrue(Files.isDirectory(root.resolve("deployments/lib/main")), "no fast-jar libraries");
        assertTrue(Files.isExecutable(root.resolve("opt/java/bin/java")), "no java binary");
        assertTrue(Files.size(root.resolve("opt/java/lib/security/cacerts")) > 0, "no trust store");
        assertTrue(Files.isRegularFile(root.resolve("lib64/ld-linux-x86-64.so.2"))
                || Files.isRegularFile(root.resolve("lib/ld-linux-aarch64.so.1")), "no dynamic loader");
        assertTrue(Files.readString(root.resolve("etc/passwd")).contains("knooppunt:x:1001:1001:"));

        if (!isRoot() || !Files.isExecutable(Path.of("/usr/bin/unshare"))) {
            // without root the image's loader cannot be used: at least the image's Java runtime must run here
            Run version = run(List.of(root.resolve("opt/java/bin/java").toString(), "-version"), Map.of(), temp);
            assertEquals(0, version.exit(), version.output());
            return;
        }
        Run version = runInImage(root, container, List.of("/opt/java/bin/java", "-version"), Map.of(), temp);
        assertEquals(0, version.exit(), version.output());
        assertTrue(version.output().contains("version \"17."), version.output());

        Path secrets = root.resolve("etc/knooppunt/secrets");
        HubSecrets.generateIfMissing(secrets);
        try (Stream<Path> files = Files.walk(secrets)) {
            for (Path file : files.toList()) {
                Files.setPosixFilePermissions(file, permissions(Files.isDirectory(file) ? 0755 : 0644));
            }
        }
        Map<String, String> env = new LinkedHashMap<>();
        env.put("JAVA_TOOL_OPTIONS", "-XX:TieredStopAtLevel=1"); // a quicker start on a busy 2-core CI machine
        env.put("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092");
        env.put("KNOOPPUNT_SECRETS_DIR", "/etc/knooppunt/secrets");
        // the secrets are read-only to the image's user; the transit ratchet's state needs a writable volume (ADR 0034)
        env.put("KNOOPPUNT_TRANSIT_STATE_FILE", "/tmp/transit/transit-ratchet.json");
        env.put("QUARKUS_OIDC_AUTH_SERVER_URL", "http://127.0.0.1:8180/realms/knooppunt");
        env.put("QUARKUS_OIDC_CONNECTION_DELAY", "0S");
        env.put("QUARKUS_DATASOURCE_REACTIVE_URL", "postgresql://127.0.0.1:5432/" + service);
        env.put("QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://127.0.0.1:5432/" + service);
        env.put("QUARKUS_DATASOURCE_USERNAME", "knooppunt");
        env.put("QUARKUS_DATASOURCE_PASSWORD", "unused");
        Path log = temp.resolve("service.log");
        Process process = startInImage(root, container, texts(container.get("Entrypoint")), env, log);
        try {
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250)).until(() ->
                    !process.isAlive() || Files.readString(log).contains(" started in "));
        } finally {
            stop(process);
        }
        String output = Files.readString(log);
        for (String broken : List.of("NoClassDefFoundError", "ClassNotFoundException", "UnsatisfiedLinkError",
                "LinkageError", "java.lang.module")) {
            assertFalse(output.contains(broken), service + " misses part of its runtime:\n" + output);
        }
        if (NEED_DATABASE_AT_START.contains(service)) {
            // no PostgreSQL in the test's network namespace: the service must get as far as connecting to it
            assertTrue(output.contains("Failed to start") && output.contains("Network is unreachable")
                    && output.contains("org.postgresql.util.PSQLException: The connection attempt failed"),
                    service + " did not reach its database:\n" + output);
        } else {
            assertTrue(output.contains(" started in ") && output.contains("Listening on: http://0.0.0.0:" + port),
                    service + " did not start:\n" + output);
        }
    }

    private static boolean isRoot() throws IOException, InterruptedException {
        Process id = new ProcessBuilder("id", "-u").start();
        String uid = new String(id.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        id.waitFor();
        return uid.equals("0");
    }

    /** The command as the image's user, in the image's root with /proc, a private PID and an empty network. */
    private static List<String> inImage(Path root, JsonNode container, List<String> command) {
        String[] user = container.get("User").asText().split(":");
        List<String> full = new ArrayList<>(List.of("/usr/bin/unshare", "--mount", "--pid", "--net", "--fork",
                "--kill-child=SIGKILL", "--root=" + root, "--mount-proc",
                "--wd=" + container.get("WorkingDir").asText(), "--setuid=" + user[0], "--setgid=" + user[1]));
        full.addAll(command);
        return full;
    }

    private static Map<String, String> imageEnv(JsonNode container, Map<String, String> extra) {
        Map<String, String> env = new LinkedHashMap<>();
        for (String pair : texts(container.get("Env"))) {
            env.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
        }
        env.putAll(extra);
        return env;
    }

    private static Run runInImage(Path root, JsonNode container, List<String> command, Map<String, String> env,
            Path temp) throws IOException, InterruptedException {
        return run(inImage(root, container, command), imageEnv(container, env), temp);
    }

    private static Process startInImage(Path root, JsonNode container, List<String> command,
            Map<String, String> env, Path log) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(inImage(root, container, command)).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().clear();
        builder.environment().putAll(imageEnv(container, env));
        return builder.start();
    }

    private static Run run(List<String> command, Map<String, String> env, Path temp)
            throws IOException, InterruptedException {
        Path log = Files.createTempFile(temp, "run", ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().clear();
        builder.environment().putAll(env);
        Process process = builder.start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            stop(process);
        }
        return new Run(process.exitValue(), Files.readString(log));
    }

    /**
     * Stops the service and everything under {@code unshare}: unshare's parent-death signal for its child is cleared
     * by {@code --setuid}, so SIGTERM to unshare alone would leave the image's JVM running on the host.
     */
    private static void stop(Process process) throws InterruptedException {
        List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
        tree.add(process.toHandle());
        tree.forEach(ProcessHandle::destroy);
        try {
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                    .until(() -> tree.stream().noneMatch(ProcessHandle::isAlive));
        } catch (org.awaitility.core.ConditionTimeoutException stillRunning) {
            tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
            await("processes of the image to end after SIGKILL: " + tree).atMost(Duration.ofSeconds(10))
                    .until(() -> tree.stream().noneMatch(ProcessHandle::isAlive));
        }
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /** Extracts a tar stream; {@code asLayer} keeps directories, modes and symbolic links of a filesystem layer. */
    private static void untar(InputStream in, Path target, boolean asLayer) throws IOException {
        try (TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                Path path = target.resolve(entry.getName()).normalize();
                assertTrue(path.startsWith(target), "entry outside the root: " + entry.getName());
                if (entry.isDirectory()) {
                    Files.createDirectories(path);
                } else if (entry.isSymbolicLink()) {
                    Files.createDirectories(path.getParent());
                    Files.deleteIfExists(path);
                    Files.createSymbolicLink(path, Path.of(entry.getLinkName()));
                    continue;
                } else {
                    Files.createDirectories(path.getParent());
                    Files.copy(tar, path, StandardCopyOption.REPLACE_EXISTING);
                }
                if (asLayer) {
                    Files.setPosixFilePermissions(path, permissions(entry.getMode()));
                }
            }
        }
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> permissions = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] bits = {PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE,
            PosixFilePermission.GROUP_READ, PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE,
            PosixFilePermission.OWNER_READ};
        for (int i = 0; i < bits.length; i++) {
            if ((mode & (1 << i)) != 0) {
                permissions.add(bits[i]);
            }
        }
        return permissions;
    }

    private static String sha256(InputStream in) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (in) {
            byte[] buffer = new byte[1 << 16];
            for (int read = in.read(buffer); read > 0; read = in.read(buffer)) {
                digest.update(buffer, 0, read);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(node -> texts.add(node.asText()));
        return texts;
    }

    private static List<String> fieldNames(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private record Run(int exit, String output) {
    }
}
