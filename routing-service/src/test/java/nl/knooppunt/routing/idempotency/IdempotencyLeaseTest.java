package nl.knooppunt.routing.idempotency;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import nl.knooppunt.routing.support.ServiceTokens;
import nl.knooppunt.routing.support.TestClock;
import nl.knooppunt.testsupport.HubSecretsTestResource;
import nl.knooppunt.testsupport.KafkaTestResource;
import nl.knooppunt.testsupport.PostgresTestResource;

/** An open claim of an idempotency key can be taken over after its lease by the same body, never by another. */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(HubSecretsTestResource.class)
class IdempotencyLeaseTest {

    @Inject
    TestClock clock;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void anAbandonedClaimIsTakenOverAfterItsLeaseWithTheSameSince() {
        Instant start = Instant.parse("2026-11-28T10:00:00Z");
        clock.set(start);
        String sender = UUID.randomUUID().toString();
        String since = claim(sender, "k", "digest-a", "PT5S").then().statusCode(200)
                .body("outcome", equalTo("claimed")).body("since", notNullValue()).extract().path("since");
        clock.set(start.plusSeconds(4));
        claim(sender, "k", "digest-a", "PT5S").then().body("outcome", equalTo("in-progress"))
                .body("since", nullValue());
        clock.set(start.plusSeconds(6));
        claim(sender, "k", "digest-b", "PT5S").then().body("outcome", equalTo("mismatch"));
        claim(sender, "k", "digest-a", null).then().body("outcome", equalTo("in-progress"));
        claim(sender, "k", "digest-a", "PT5S").then().body("outcome", equalTo("claimed")).body("since", equalTo(since));
        // the lease does not restart: a second taker-over gets the same use of the key
        claim(sender, "k", "digest-a", "PT5S").then().body("outcome", equalTo("claimed")).body("since", equalTo(since));
        keys("complete", sender, "k", "digest-a", "{\"status\":201}", null).then().statusCode(204);
        // the first holder's late complete finds no open claim and changes nothing
        keys("complete", sender, "k", "digest-a", "{\"status\":503}", null).then().statusCode(404);
        claim(sender, "k", "digest-a", "PT5S").then().body("outcome", equalTo("completed"))
                .body("result", equalTo("{\"status\":201}")).body("since", equalTo(since));
    }

    @Test
    void aNewUseOfAnExpiredKeyHasAnotherSince() {
        Instant start = Instant.parse("2026-11-28T10:00:00Z");
        clock.set(start);
        String sender = UUID.randomUUID().toString();
        String first = claim(sender, "k", "d", "PT5S").then().body("outcome", equalTo("claimed")).extract()
                .path("since");
        assertEquals(start.toString(), first);
        clock.set(start.plus(Duration.ofHours(25)));
        String second = claim(sender, "k", "d", "PT5S").then().body("outcome", equalTo("claimed")).extract()
                .path("since");
        assertEquals(start.plus(Duration.ofHours(25)).toString(), second);
    }

    @Test
    void aLeaseMustBeAValidDurationWithinTheKeysLifetime() {
        String sender = UUID.randomUUID().toString();
        claim(sender, "k", "d", "five seconds").then().statusCode(400);
        claim(sender, "k", "d", "-PT5S").then().statusCode(400);
        claim(sender, "k", "d", "PT48H").then().statusCode(400);
    }

    private static Response claim(String sender, String key, String digest, String lease) {
        return keys("claim", sender, key, digest, null, lease);
    }

    private static Response keys(String action, String sender, String key, String digest, String result,
            String lease) {
        Map<String, String> body = new HashMap<>();
        body.put("sender", sender);
        body.put("key", key);
        body.put("digest", digest);
        body.put("result", result);
        body.put("lease", lease);
        return given().auth().oauth2(ServiceTokens.portalApi("messages.write")).contentType(ContentType.JSON)
                .body(body).post("/internal/v1/idempotency-keys/" + action);
    }
}
