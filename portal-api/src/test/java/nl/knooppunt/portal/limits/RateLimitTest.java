package nl.knooppunt.portal.limits;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import nl.knooppunt.portal.hostile.HostileFakes;
import nl.knooppunt.portal.hostile.HostileKafka;
import nl.knooppunt.portal.hostile.HostileProfile;
import nl.knooppunt.portal.hostile.Tokens;
import nl.knooppunt.standard.catalogue.Catalogue;
import nl.knooppunt.testsupport.HubSecretsTestResource;
import nl.knooppunt.testsupport.KafkaTestResource;
import nl.knooppunt.testsupport.hostile.HostileCases;

/**
 * Each API client, portal organisation and anonymous address has its own budget; over it: 429 with Retry-After, on
 * reads and on submissions alike.
 */
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
            given().auth().oauth2(a).get("/api/v1/me").then().statusCode(200)
                    .header("RateLimit-Limit", equalTo("3"))
                    .header("RateLimit-Remaining", equalTo(Integer.toString(2 - i)));
        }
        String retryAfter = given().auth().oauth2(a).get("/api/v1/me").then().statusCode(429)
                .contentType("application/problem+json")
                .header("RateLimit-Limit", equalTo("3")).header("RateLimit-Remaining", equalTo("0"))
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

    @Test
    void submissionsOverTheBudgetGet429AndNeverReachKafka() throws InterruptedException {
        try (HostileKafka kafka = HostileKafka.start()) {
            // vendor-ab acting for A: a budget no other test of this class touches
            String vendor = Tokens.client("vendor-ab");
            long before = kafka.published();
            int accepted = 0;
            Response answer = submit(vendor, HostileFakes.A, HostileCases.valid(HostileFakes.B));
            while (answer.statusCode() == 201) {
                accepted++;
                assertTrue(accepted <= 5, "a burst of 3 (and what refills while they are judged) is the budget");
                answer = submit(vendor, HostileFakes.A, HostileCases.valid(HostileFakes.B));
            }
            assertTrue(accepted >= 3, "the whole burst is accepted, got " + accepted);
            assertEquals(before + accepted, kafka.published(), "every accepted submission is on Kafka");
            for (int i = 0; i < 5; i++) {
                if (i > 0) {
                    answer = submit(vendor, HostileFakes.A, HostileCases.valid(HostileFakes.B));
                }
                String retryAfter = answer.then().statusCode(429).contentType("application/problem+json")
                        .body("type", equalTo("https://knooppunt.nl/problems/rate-limited"))
                        .body("status", equalTo(429))
                        .extract().header("Retry-After");
                assertTrue(Integer.parseInt(retryAfter) >= 1, "Retry-After in whole seconds");
            }
            assertEquals(before + accepted, kafka.published(), "nothing over the budget reaches knooppunt.submissions");

            // another client keeps its own budget: B answers the message addressed to it
            ObjectNode reply = HostileCases.valid(HostileFakes.A);
            reply.put("type", "saldoverzoek-antwoord").put("inReplyTo", HostileFakes.TO_B);
            reply.set("payload", Catalogue.standard().messageType("schuldinventarisatie", "saldoverzoek-antwoord")
                    .orElseThrow().example().deepCopy());
            submit(Tokens.client("client-b"), null, reply).then().statusCode(201);
            assertEquals(before + accepted + 1, kafka.published(), "the other client's submission is on Kafka");
        }
    }

    private static Response submit(String token, String participant, ObjectNode body) {
        var request = given().auth().oauth2(token).contentType(ContentType.JSON).body(body.toString());
        if (participant != null) {
            request.header("Knooppunt-Participant", participant);
        }
        return request.post("/api/v1/messages");
    }
}
