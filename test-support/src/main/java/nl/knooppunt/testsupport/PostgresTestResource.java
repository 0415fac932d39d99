package nl.knooppunt.testsupport;

import java.io.File;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import nl.knooppunt.testsupport.containers.ContainerChoice;
import nl.knooppunt.testsupport.containers.ContainerServers;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A real PostgreSQL server from zonky's embedded binaries (no Docker); fsync off, so never a durability test. With
 * {@code -Dknooppunt.test.containers=true} a container of the pinned image instead ({@link ContainerChoice}).
 */
public class PostgresTestResource implements QuarkusTestResourceLifecycleManager {

    private EmbeddedPostgres postgres;
    private ContainerServers.Started container;

    @Override
    public Map<String, String> start() {
        if (ContainerChoice.useContainers()) {
            container = ContainerServers.postgres();
            return container.config();
        }
        try {
            postgres = EmbeddedPostgres.builder()
                    .setOverrideWorkingDirectory(new File(System.getProperty("java.io.tmpdir"), "knooppunt-zonky"))
                    .start();
        } catch (Exception e) {
            throw new IllegalStateException("could not start the embedded PostgreSQL", e);
        }
        String hostPort = "localhost:" + postgres.getPort() + "/postgres";
        return Map.of(
                "quarkus.datasource.reactive.url", "postgresql://" + hostPort,
                "quarkus.datasource.jdbc.url", "jdbc:postgresql://" + hostPort,
                "quarkus.datasource.username", "postgres",
                "quarkus.datasource.password", "postgres");
    }

    @Override
    public void stop() {
        if (container != null) {
            ContainerChoice.close(container.container());
        }
        if (postgres != null) {
            try {
                postgres.close();
            } catch (Exception e) {
                throw new IllegalStateException("could not stop the embedded PostgreSQL", e);
            }
        }
    }
}
