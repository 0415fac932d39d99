package nl.knooppunt.portal.limits;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import nl.knooppunt.portal.hostile.HostileFakes;
import nl.knooppunt.portal.hostile.HostileProfile;
import nl.knooppunt.portal.hostile.Tokens;
import nl.knooppunt.testsupport.HubSecretsTestResource;
import nl.knooppunt.testsupport.KafkaTestResource;

/** Each API client, portal organisation and anonymous address has its own budget; over it: 429 with Retry-After. */
@QuarkusTest
@TestProfile(RateLimitTest.Limited.class)
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(HubSecretsTestResource.class)
@QuarkusTestResource(io.quarkus.test.oidc.server.OidcWiremockTestResource.class)
class RateLimitTest {

    /** One request per four seconds, bursts of three (anonymous: one per second, bursts of two). */
    public static class Limited extends HostileProfile {
        @Override
        protected Map<String, String> extra() {
            return Map.of("knooppunt.rate-limit.enabled", "true", "knooppunt.rate-limit.requests-per-second", "0.25",
                    "knooppunt.rate-limit.burst", "3", "knooppunt.rate-limit.anonymous-requests-per-second", "1",
                    "knooppunt.rate-limit.anonymous-burst", "2");
        }
    }

    @Test
    void aClientOverItsBudgetGets429WithRetryAfterAndOthersAreNotAffected() {
        String a = Tokens.client("client-a");
        for (int i = 0; i < 3; i++) {
            given().auth().oauth2(a).get("/api/v1/me").then().statusCode(200);
        }
        String retryAfter = given().auth().oauth2(a).get("/api/v1/me").then().statusCode(429)
                .contentType("application/problem+json")
                .body("type", equalTo("https://knooppunt.nl/problems/rate-limited"))
                .body("status", equalTo(429))
                .extract().header("Retry-After");
        assertTrue(Integer.parseInt(retryAfter) >= 1, "Retry-After in whole seconds");
        // another client and a portal user have their own budgets
        given().auth().oauth2(Tokens.client("client-b")).get("/api/v1/me").then().statusCode(200);
        given().auth().oauth2(Tokens.portalUser(HostileFakes.A_OIN)).get("/api/v1/me").then().statusCode(200);
        // a new token of the same client shares the client's budget
        given().auth().oauth2(Tokens.client("client-a")).get("/api/v1/me").then().statusCode(429);
        // the budget refills at the configured rate
        Awaitility.await().atMost(Duration.ofSeconds(8)).pollInterval(Duration.ofMillis(500))
                .until(() -> given().auth().oauth2(a).get("/api/v1/me").statusCode() == 200);
    }

    @Test
    void callersWithoutTokenAreLimitedPerAddress() {
        Awaitility.await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100))
                .until(() -> given().get("/api/v1/standard").statusCode() == 429);
        given().get("/api/v1/standard").then().statusCode(429).contentType("application/problem+json")
                .header("Retry-After", equalTo("1"));
        // operational endpoints are not limited
        given().get("/q/health/live").then().statusCode(200);
    }
}
