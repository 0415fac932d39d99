package nl.knooppunt.testsupport.containers;

import java.util.function.BooleanSupplier;

/**
 * Which servers the test resources start: by default the in-process ones (no container engine, DESIGN "Running without
 * Docker"); with {@code -Dknooppunt.test.containers=true} Kafka, PostgreSQL and Keycloak from pinned images with
 * Testcontainers ({@link ContainerServers}), which needs a container engine: without one the run fails at once and
 * says so, rather than falling back to what was not asked for.
 */
public final class ContainerChoice {

    /** The system property (a Maven {@code -D} on the command line) that asks for containers. */
    public static final String PROPERTY = "knooppunt.test.containers";

    private ContainerChoice() {
    }

    /** Where the answer is kept once read: outside {@code knooppunt.*}, which the services' configuration checks. */
    static final String CARRIED = "testsupport.containers";

    /**
     * Whether this run asked for containers. Surefire hands {@code -D} options to the test JVM as system properties,
     * and a service whose configuration maps {@code knooppunt} refuses a {@code knooppunt.*} key it does not know when
     * Quarkus starts; the test resources start first, so the answer is moved out of that namespace here.
     */
    public static synchronized boolean containers() {
        String asked = System.getProperty(PROPERTY);
        if (asked != null) {
            System.setProperty(CARRIED, asked);
            System.clearProperty(PROPERTY);
        }
        return Boolean.parseBoolean(System.getProperty(CARRIED, "false"));
    }

    /**
     * Whether to start containers: false unless asked; when asked, true if {@code engine} finds a container engine, and
     * otherwise a failure that names the way out.
     */
    public static boolean decide(boolean asked, BooleanSupplier engine) {
        if (!asked) {
            return false;
        }
        boolean present;
        try {
            present = engine.getAsBoolean();
        } catch (LinkageError e) {
            throw new IllegalStateException("-D" + PROPERTY + "=true asks for Kafka, PostgreSQL and Keycloak in "
                    + "containers, but Testcontainers is not on the test classpath; it comes with the Maven profile "
                    + "that the same -D" + PROPERTY + "=true switches on (parent pom, profile test-containers)", e);
        }
        if (!present) {
            throw new IllegalStateException("-D" + PROPERTY + "=true asks for Kafka, PostgreSQL and Keycloak in "
                    + "containers, but no container engine answers (Docker or Podman, via DOCKER_HOST or the "
                    + "default socket). Start one, or run without -D" + PROPERTY + " for the in-process servers.");
        }
        return true;
    }

    /** Stops a started container; a failure to stop fails the test run's teardown. */
    public static void close(AutoCloseable container) {
        try {
            container.close();
        } catch (Exception e) {
            throw new IllegalStateException("could not stop the container", e);
        }
    }

    /** The choice of this run, with Testcontainers' own engine detection. */
    public static boolean useContainers() {
        if (!containers()) {
            return false; // never touches Testcontainers, which a default test classpath does not have
        }
        return decide(true, () -> ContainerServers.engineAvailable());
    }
}
