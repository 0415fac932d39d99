package nl.knooppunt.registry;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import nl.knooppunt.testsupport.HubSecretsTestResource;
import nl.knooppunt.testsupport.KafkaTestResource;
import nl.knooppunt.testsupport.PostgresTestResource;

@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(HubSecretsTestResource.class)
@QuarkusTestResource(KafkaTestResource.class)
class ServiceTokenSecurityTest {

    private static final String PATH = "/internal/v1/participants/" + ParticipantDirectoryTest.GEMEENTE;

    @Test
    void acceptsAValidTokenWithTheGroup() {
        given().auth().oauth2(ServiceTokens.portal("registry.read"))
                .when().get(PATH)
                .then().statusCode(200);
    }

    @Test
    void refusesARequestWithoutToken() {
        unauthorized(given().when().get(PATH).then());
        unauthorized(given().when().get("/internal/v1/clients/demo-gemeente/participants").then());
    }

    @Test
    void refusesATokenForAnotherAudience() {
        unauthorized(withToken(ServiceTokens.sign("routing-service", Set.of("registry.read"),
                ServiceTokens.portalKey(), Instant.now(), Duration.ofMinutes(5))));
    }

    @Test
    void refusesATokenSignedByAForeignKey() {
        unauthorized(withToken(ServiceTokens.sign(ServiceTokens.AUDIENCE, Set.of("registry.read"),
                ServiceTokens.foreignKey(), Instant.now(), Duration.ofMinutes(5))));
    }

    @Test
    void refusesExpiredAndTooLongLivedTokens() {
        unauthorized(withToken(ServiceTokens.sign(ServiceTokens.AUDIENCE, Set.of("registry.read"),
                ServiceTokens.portalKey(), Instant.now().minus(Duration.ofMinutes(20)), Duration.ofMinutes(5))));
        unauthorized(withToken(ServiceTokens.sign(ServiceTokens.AUDIENCE, Set.of("registry.read"),
                ServiceTokens.portalKey(), Instant.now(), Duration.ofHours(1))));
    }

    @Test
    void refusesATokenWithoutTheGroup() {
        withToken(ServiceTokens.portal("mailbox"))
                .statusCode(403)
                .contentType(startsWith("application/problem+json"))
                .body("status", equalTo(403))
                .body("type", equalTo("https://knooppunt.nl/problems/forbidden"));
    }

    private static ValidatableResponse withToken(String token) {
        return given().auth().oauth2(token).when().get(PATH).then();
    }

    private static void unauthorized(ValidatableResponse response) {
        response.statusCode(401)
                .header("WWW-Authenticate", startsWith("Bearer"))
                .contentType(startsWith("application/problem+json"))
                .body("status", equalTo(401))
                .body("type", equalTo("https://knooppunt.nl/problems/unauthorized"));
    }
}
