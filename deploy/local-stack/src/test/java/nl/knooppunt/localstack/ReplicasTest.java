package nl.knooppunt.localstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./knooppunt up --replicas N}: which instances run, on which ports, talking to which. */
class ReplicasTest {

    @TempDir
    Path state;

    @Test
    void oneReplicaIsTheStackAsAlways() {
        assertEquals(Service.ALL, Service.instances(1));
    }

    @Test
    void twoReplicasAddAnInstanceOfEveryServiceOnTheMessagePathTenPortsHigher() {
        List<String> instances = Service.instances(2).stream().map(s -> s.instanceName() + ":" + s.port()).toList();

        assertEquals(List.of("registry-service:8081", "routing-service:8082", "validation-service:8083",
                "portal-api:8080", "routing-service-2:8092", "validation-service-2:8093", "portal-api-2:8090"),
                instances);
    }

    @Test
    void aReplicaRunsTheSameModuleWithItsOwnPortAndTheRoutingReplicaOfItsNumber() {
        StackLayout layout = new StackLayout(state, state);
        Service.Spec portal2 = Service.PORTAL_API.replica(2);

        Map<String, String> env = Service.environment(portal2, layout);

        assertEquals("portal-api", portal2.name());
        assertEquals("8090", env.get("QUARKUS_HTTP_PORT"));
        assertEquals("http://localhost:8092", env.get("QUARKUS_REST_CLIENT_ROUTING_URL"));
        assertEquals(Service.environment(Service.PORTAL_API, layout).get("QUARKUS_OIDC_AUTH_SERVER_URL"),
                env.get("QUARKUS_OIDC_AUTH_SERVER_URL"));
        assertEquals("true", Service.environment(Service.ROUTING.replica(3), layout)
                .get("KNOOPPUNT_ROUTING_PUSH_ALLOW_HTTP"), "replicas get their service's settings");
        assertEquals(Service.environment(Service.ROUTING, layout).get("QUARKUS_DATASOURCE_REACTIVE_URL"),
                Service.environment(Service.ROUTING.replica(2), layout).get("QUARKUS_DATASOURCE_REACTIVE_URL"),
                "replicas share their service's database");
    }

    @Test
    void replicasStayBelowKeycloaksPort() {
        assertEquals(8160, Service.PORTAL_API.replica(Service.MAX_REPLICAS).port());
        assertThrows(IllegalArgumentException.class, () -> Service.PORTAL_API.replica(Service.MAX_REPLICAS + 1));
        assertThrows(IllegalArgumentException.class, () -> LocalStack.builder().replicas(0));
    }
}
