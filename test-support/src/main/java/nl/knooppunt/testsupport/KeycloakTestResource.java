package nl.knooppunt.testsupport;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import nl.knooppunt.testsupport.containers.ContainerChoice;
import nl.knooppunt.testsupport.containers.ContainerServers;

/**
 * A real Keycloak for tests that want one, from its pinned image; only with {@code -Dknooppunt.test.containers=true}
 * and a container engine. Without containers there is no in-process Keycloak: unit-level tests use Quarkus' OIDC test
 * support ({@code OidcWiremockTestResource}), the end-to-end tests the local stack's Keycloak.
 */
public class KeycloakTestResource implements QuarkusTestResourceLifecycleManager {

    private ContainerServers.Started keycloak;

    @Override
    public Map<String, String> start() {
        if (!ContainerChoice.useContainers()) {
            throw new IllegalStateException("KeycloakTestResource needs -D" + ContainerChoice.PROPERTY
                    + "=true and a container engine; without containers use OidcWiremockTestResource");
        }
        keycloak = ContainerServers.keycloak();
        return keycloak.config();
    }

    @Override
    public void stop() {
        if (keycloak != null) {
            ContainerChoice.close(keycloak.container());
        }
    }
}
