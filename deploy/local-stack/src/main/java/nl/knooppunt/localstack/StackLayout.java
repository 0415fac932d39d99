package nl.knooppunt.localstack;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * Where a local stack keeps its state (one git-ignored directory: data, logs, pid files, secrets) and where it finds
 * its inputs in the repository (service jars, the launcher's classpath file, the Keycloak distribution).
 *
 * @param repoRoot the repository root (holds {@code mvnw} and the service modules)
 * @param stateDir the state directory, {@code <repo>/.local-stack} for {@code ./knooppunt}
 */
public record StackLayout(Path repoRoot, Path stateDir) {

    /** System property naming the repository root; otherwise it is found by walking up from the working dir. */
    public static final String REPO_ROOT_PROPERTY = "knooppunt.repo-root";

    private static final String MODULE_DIR = "deploy/local-stack";

    /** Normalises both paths to absolute ones. */
    public StackLayout {
        repoRoot = repoRoot.toAbsolutePath().normalize();
        stateDir = stateDir.toAbsolutePath().normalize();
    }

    /** The repository root from {@value #REPO_ROOT_PROPERTY}, else the nearest parent holding this module. */
    public static Path detectRepoRoot() {
        String configured = System.getProperty(REPO_ROOT_PROPERTY);
        if (configured != null && !configured.isBlank() && !configured.startsWith("${")) {
            return Path.of(configured);
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("mvnw")) && Files.isDirectory(dir.resolve(MODULE_DIR))) {
                return dir;
            }
        }
        throw new LocalStackException("cannot find the repository root (a directory with mvnw and " + MODULE_DIR
                + ") above " + Path.of("").toAbsolutePath() + "; set -D" + REPO_ROOT_PROPERTY);
    }

    /** {@code <repo>/.local-stack}: the state directory of {@code ./knooppunt}. */
    public static Path defaultStateDir(Path repoRoot) {
        return repoRoot.resolve(".local-stack");
    }

    /** Directory of all component logs. */
    public Path logsDir() {
        return stateDir.resolve("logs");
    }

    /** {@code logs/<component>.log}. */
    public Path log(String component) {
        return logsDir().resolve(component + ".log");
    }

    /** Directory of the component pid files. */
    public Path pidsDir() {
        return stateDir.resolve("pids");
    }

    /** {@code pids/<component>.pid}. */
    public Path pidFile(String component) {
        return pidsDir().resolve(component + ".pid");
    }

    /** Pid file of the process that runs the stack (the launcher or a test JVM). */
    public Path launcherPidFile() {
        return stateDir.resolve("launcher.pid");
    }

    /** Kafka's directory: {@code server.properties} and the log dirs under {@code data}. */
    public Path kafkaDir() {
        return stateDir.resolve("kafka");
    }

    /** PostgreSQL's directory: the cluster under {@code data}, the unpacked binaries under {@code binaries}. */
    public Path postgresDir() {
        return stateDir.resolve("postgres");
    }

    /** The hub's secrets directory ({@code knooppunt.secrets-dir} of every service). */
    public Path secretsDir() {
        return stateDir.resolve("secrets");
    }

    /** Where the Keycloak distribution is unpacked (also holds Keycloak's dev database). */
    public Path keycloakHome() {
        return stateDir.resolve("keycloak-" + version("keycloak.version"));
    }

    /** {@code <repo>/deploy/local-stack/target}. */
    public Path moduleTarget() {
        return repoRoot.resolve(MODULE_DIR).resolve("target");
    }

    /** The launcher's runtime classpath written by maven-dependency-plugin (without its own classes). */
    public Path classpathFile() {
        return moduleTarget().resolve("classpath.txt");
    }

    /** The Keycloak distribution zip copied into {@code target/keycloak} by maven-dependency-plugin. */
    public Path keycloakZip() {
        return moduleTarget().resolve("keycloak")
                .resolve("keycloak-quarkus-dist-" + version("keycloak.version") + ".zip");
    }

    /** {@code <repo>/<module>/target/quarkus-app/quarkus-run.jar}. */
    public Path serviceJar(String module) {
        return repoRoot.resolve(module).resolve("target").resolve("quarkus-app").resolve("quarkus-run.jar");
    }

    /** {@code <repo>/<module>}. */
    public Path moduleDir(String module) {
        return repoRoot.resolve(module);
    }

    /** A version the build filtered into {@code local-stack.properties}, e.g. {@code keycloak.version}. */
    static String version(String key) {
        Properties properties = new Properties();
        try (InputStream in = StackLayout.class.getResourceAsStream("/local-stack.properties")) {
            if (in == null) {
                throw new LocalStackException("local-stack.properties is missing from the classpath; rebuild the module");
            }
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String value = properties.getProperty(key);
        if (value == null || value.startsWith("${")) {
            throw new LocalStackException(key + " is not set in local-stack.properties; rebuild the module");
        }
        return value;
    }
}
