package nl.knooppunt.localstack;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The full local stack as {@code ./knooppunt up} runs it: identity provider, services, and a clean stop. Runs after
 * the other end-to-end classes (see {@code junit-platform.properties}) because its last test stops the shared stack.
 */
@ExtendWith(LocalStackExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Order(Integer.MAX_VALUE)
class LocalStackIT {

    @Test
    @Order(1)
    void apiClientGetsATokenForTheHubsApi(LocalStack stack) {
        String token = stack.token(Demo.GEMEENTE_CLIENT.clientId(), Demo.GEMEENTE_CLIENT.secret());

        JsonNode claims = LocalStack.claims(token);
        assertTrue(audiences(claims).contains(Demo.API_AUDIENCE), "aud: " + claims.path("aud"));
        assertEquals(Demo.GEMEENTE_CLIENT.clientId(), claims.path("azp").asText());
        assertEquals(stack.issuer().toString(), claims.path("iss").asText());
    }

    @Test
    @Order(2)
    void wrongClientSecretGetsNoToken(LocalStack stack) {
        LocalStackException refused = assertThrows(LocalStackException.class,
                () -> stack.token(Demo.ENERGIE_CLIENT.clientId(), "not-the-secret"));
        assertTrue(refused.getMessage().contains("HTTP 401"), refused.getMessage());
    }

    @Test
    @Order(3)
    void portalUserTokenCarriesTheOrganisationsOin(LocalStack stack) {
        JsonNode claims = LocalStack.claims(stack.userToken(Demo.ERIK.username(), Demo.ERIK.password()));

        assertEquals(Demo.ERIK.oin(), claims.path("oin").asText());
        assertTrue(audiences(claims).contains(Demo.API_AUDIENCE), "aud: " + claims.path("aud"));
    }

    @Test
    @Order(4)
    void everyServiceIsReady(LocalStack stack) {
        for (Service.Spec service : Service.ALL) {
            given().baseUri(stack.serviceUrl(service).toString())
                    .when().get("/q/health/ready")
                    .then().statusCode(200).body("status", equalTo("UP"));
        }
    }

    @Test
    @Order(5)
    void postgresCommitsAreDurableAsInProduction(LocalStack stack) throws Exception {
        try (Connection connection = DriverManager.getConnection(Postgres.jdbcUrl("routing"), Postgres.USER,
                Postgres.PASSWORD); Statement show = connection.createStatement()) {
            for (String setting : List.of("synchronous_commit", "fsync")) {
                try (ResultSet rs = show.executeQuery("SHOW " + setting)) {
                    assertTrue(rs.next());
                    assertEquals("on", rs.getString(1), setting
                            + " must be on: a kill -9 of PostgreSQL would otherwise lose committed deliveries");
                }
            }
        }
    }

    @Test
    @Order(Integer.MAX_VALUE)
    void closingStopsEverythingAndFreesEveryPort(LocalStack stack) throws Exception {
        List<ProcessHandle> recorded = new ArrayList<>();
        try (Stream<java.nio.file.Path> pidFiles = Files.list(stack.layout().pidsDir())) {
            pidFiles.forEach(f -> recorded.addAll(Processes.livePidFileProcesses(f)));
        }
        assertFalse(recorded.isEmpty());

        stack.close();

        for (int port : List.of(KafkaBroker.PORT, KafkaBroker.CONTROLLER_PORT, Postgres.PORT, Keycloak.PORT,
                Service.REGISTRY.port(), Service.ROUTING.port(), Service.VALIDATION.port(),
                Service.PORTAL_API.port())) {
            assertTrue(Ports.awaitFree(port, Duration.ofSeconds(5)), "port " + port + " still in use");
        }
        assertTrue(recorded.stream().noneMatch(ProcessHandle::isAlive), () -> "still running: "
                + recorded.stream().filter(ProcessHandle::isAlive)
                        .map(p -> p.pid() + " " + p.info().commandLine().orElse("?")).toList());
        try (Stream<java.nio.file.Path> pidFiles = Files.list(stack.layout().pidsDir())) {
            assertEquals(0, pidFiles.count(), "pid files left behind");
        }
    }

    private static List<String> audiences(JsonNode claims) {
        JsonNode aud = claims.path("aud");
        List<String> result = new ArrayList<>();
        if (aud.isArray()) {
            aud.forEach(a -> result.add(a.asText()));
        } else if (aud.isTextual()) {
            result.add(aud.asText());
        }
        return result;
    }
}
