package nl.knooppunt.localstack.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import nl.knooppunt.localstack.LocalStack;

/** Components restarted together come back dependencies first, whatever order they are named in. */
class RestartOrderTest {

    @Test
    void everythingStartsDatabaseAndBrokerFirstThenTheServicesInTheirOrder() {
        assertEquals(List.of("postgres", "kafka", "registry-service", "routing-service", "validation-service",
                "portal-api"), LocalStack.startOrder(Set.copyOf(LocalStack.RESTARTABLE)));
    }

    @Test
    void aSubsetKeepsTheSameRelativeOrder() {
        assertEquals(List.of("kafka", "validation-service", "portal-api"),
                LocalStack.startOrder(List.of("portal-api", "kafka", "validation-service")));
    }

    @Test
    void unknownComponentIsRefusedBeforeAnythingIsKilled() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> LocalStack.startOrder(List.of("kafka", "keycloak")));
        assertEquals(true, refused.getMessage().contains("keycloak"));
    }
}
