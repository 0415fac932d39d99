package nl.knooppunt.testsupport.containers;

import java.util.Map;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.PostgreSQLContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * Kafka, PostgreSQL and Keycloak as containers from pinned images (the versions the project runs elsewhere: Kafka
 * {@value #KAFKA}, PostgreSQL {@value #POSTGRES} as on Kubernetes, Keycloak {@value #KEYCLOAK} as in the local stack).
 * Only loaded when {@link ContainerChoice} chose containers, so a default run needs neither Testcontainers nor an
 * engine.
 */
public final class ContainerServers {

    /** The Kafka image (KRaft, one node). */
    public static final String KAFKA = "apache/kafka:4.1.2";
    /** The PostgreSQL image. */
    public static final String POSTGRES = "postgres:17.5";
    /** The Keycloak image (dev mode, admin admin/admin). */
    public static final String KEYCLOAK = "quay.io/keycloak/keycloak:26.7.3";

    private ContainerServers() {
    }

    /** Whether Testcontainers finds a container engine. */
    static boolean engineAvailable() {
        return DockerClientFactory.instance().isDockerAvailable();
    }

    /** A started server and the configuration that points a service at it. */
    public record Started(AutoCloseable container, Map<String, String> config) {
    }

    /** A Kafka broker: {@code kafka.bootstrap.servers}. */
    public static Started kafka() {
        KafkaContainer kafka = new KafkaContainer(DockerImageName.parse(KAFKA));
        kafka.start();
        return new Started(kafka, Map.of("kafka.bootstrap.servers", kafka.getBootstrapServers()));
    }

    /** A PostgreSQL server: the reactive and JDBC URLs and credentials, as the in-process one gives them. */
    public static Started postgres() {
        PostgreSQLContainer<?> postgres = new PostgreSQLContainer<>(DockerImageName.parse(POSTGRES))
                .withDatabaseName("postgres").withUsername("postgres").withPassword("postgres");
        postgres.start();
        String hostPort = postgres.getHost() + ":" + postgres.getMappedPort(5432) + "/postgres";
        return new Started(postgres, Map.of(
                "quarkus.datasource.reactive.url", "postgresql://" + hostPort,
                "quarkus.datasource.jdbc.url", "jdbc:postgresql://" + hostPort,
                "quarkus.datasource.username", "postgres",
                "quarkus.datasource.password", "postgres"));
    }

    /** A Keycloak in dev mode with its master realm: {@code knooppunt.test.keycloak-url}. */
    public static Started keycloak() {
        GenericContainer<?> keycloak = new GenericContainer<>(DockerImageName.parse(KEYCLOAK))
                .withCommand("start-dev")
                .withEnv("KC_BOOTSTRAP_ADMIN_USERNAME", "admin")
                .withEnv("KC_BOOTSTRAP_ADMIN_PASSWORD", "admin")
                .withExposedPorts(8080)
                .waitingFor(Wait.forHttp("/realms/master").forPort(8080));
        keycloak.start();
        return new Started(keycloak, Map.of("knooppunt.test.keycloak-url",
                "http://" + keycloak.getHost() + ":" + keycloak.getMappedPort(8080)));
    }
}
