package nl.knooppunt.routing.expiry;

import static io.restassured.RestAssured.given;
import static nl.knooppunt.routing.support.TestDeliveries.GEMEENTE;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;


import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import nl.knooppunt.routing.support.ServiceTokens;
import nl.knooppunt.routing.support.TestClock;
import nl.knooppunt.routing.support.TestDeliveries;
import nl.knooppunt.standard.envelope.Envelope;
import nl.knooppunt.testsupport.HubSecretsTestResource;
import nl.knooppunt.testsupport.KafkaTestResource;
import nl.knooppunt.testsupport.PostgresTestResource;

@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(HubSecretsTestResource.class)
class ExpiryAndEventsTest {

    @Inject
    ExpiryJob expiry;

    @Inject
    TestClock clock;

    @Inject
    Pool pool;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void eventsFeedShowsEveryTransitionOfTheSendersMessagesInOrder() {
        String sender = UUID.randomUUID().toString();
        Envelope envelope = TestDeliveries.newRequest(sender, GEMEENTE);
        TestDeliveries.produce(TestDeliveries.signed(envelope, TestDeliveries.encryptFor(GEMEENTE)));
        String id = envelope.messageId();
        await().atMost(Duration.ofSeconds(20)).until(() -> metadata(id).statusCode() == 200);
        given().auth().oauth2(ServiceTokens.portalApi("mailbox"))
                .get("/internal/v1/mailboxes/{p}/messages/{m}", GEMEENTE, id).then().statusCode(200);
        given().auth().oauth2(ServiceTokens.portalApi("mailbox"))
                .post("/internal/v1/mailboxes/{p}/messages/{m}/ack", GEMEENTE, id).then().statusCode(204);

        List<String> kinds = List.of("accepted", "delivered", "fetched", "acknowledged");
        await().atMost(Duration.ofSeconds(10)).until(() -> feed(sender, null).getList("items").size() == 4);
        JsonPath page = feed(sender, null);
        assertEquals(kinds, page.getList("items.event"));
        assertEquals(List.of(id, id, id, id), page.getList("items.messageId"));

        // cursor paging: two at a time, then nothing new with a stable cursor
        JsonPath first = given().auth().oauth2(ServiceTokens.portalApi("messages.read"))
                .get("/internal/v1/participants/{p}/events?limit=2", sender).jsonPath();
        assertEquals(kinds.subList(0, 2), first.getList("items.event"));
        JsonPath second = feed(sender, first.getString("next"));
        assertEquals(kinds.subList(2, 4), second.getList("items.event"));
        JsonPath end = feed(sender, second.getString("next"));
        assertEquals(0, end.getList("items").size());
        assertEquals(second.getString("next"), end.getString("next"));

        // a cursor that is not one is a 400; the feed needs the messages.read group
        given().auth().oauth2(ServiceTokens.portalApi("messages.read"))
                .get("/internal/v1/participants/{p}/events?after=abc", sender).then().statusCode(400)
                .contentType("application/problem+json");
        given().auth().oauth2(ServiceTokens.portalApi("mailbox"))
                .get("/internal/v1/participants/{p}/events", sender).then().statusCode(403);
    }

    @Test
    void expiryDeletesWaitingPayloadsAtTheEndOfFiveWorkingDaysAndTellsTheSender() throws Exception {
        String sender = UUID.randomUUID().toString();
        // Friday 24 April 2026 10:00 Amsterdam: + 5 working days skips the weekend and Koningsdag (Monday 27th)
        Instant submitted = Instant.parse("2026-04-24T08:00:00Z");
        Envelope envelope = new Envelope(UUID.randomUUID().toString(), null, null, "schuldinventarisatie",
                "saldoverzoek", sender, GEMEENTE, submitted);
        envelope = new Envelope(envelope.messageId(), envelope.messageId(), null, envelope.module(), envelope.type(),
                sender, GEMEENTE, submitted);
        String id = envelope.messageId();
        clock.set(submitted.plusSeconds(1));
        TestDeliveries.produce(TestDeliveries.signed(envelope, TestDeliveries.encryptFor(GEMEENTE)));
        await().atMost(Duration.ofSeconds(20)).until(() -> metadata(id).statusCode() == 200);

        clock.set(Instant.parse("2026-05-04T07:59:59Z")); // Monday 4 May 09:59:59, one second before the end
        expiry.run().await().indefinitely();
        assertEquals("delivered", dbStatus(id));
        clock.set(Instant.parse("2026-05-04T08:00:00Z"));
        assertEquals(1, expiry.run().await().indefinitely());
        assertEquals("expired", dbStatus(id));
        assertNull(storedPayload(id));
        metadata(id).then().body("status", equalTo("expired")).body("expiredAt", equalTo("2026-05-04T08:00:00Z"));
        assertEquals(0, expiry.run().await().indefinitely(), "expiry is not repeated");

        // the sender learns it from its feed (after the feed's settle time), once, with the recipient named (ADR 0013)
        String expiredEvents = "items.findAll { it.messageId == '" + id + "' && it.event == 'expired' }";
        await().atMost(Duration.ofSeconds(10)).until(() -> !feed(sender, null).getList(expiredEvents).isEmpty());
        JsonPath feed = feed(sender, null);
        assertEquals(1, feed.getList(expiredEvents).size(), feed.prettify());
        assertEquals(List.of(GEMEENTE), feed.getList(expiredEvents + ".recipient"));
    }

    @Test
    void idempotencyKeysReturnTheFirstResultAndRefuseAnotherBody() {
        String sender = UUID.randomUUID().toString();
        claim(sender, "key-1", "digest-a").then().statusCode(200).body("outcome", equalTo("claimed"));
        claim(sender, "key-1", "digest-a").then().body("outcome", equalTo("in-progress"));
        keys("complete", sender, "key-1", "digest-a", "{\"id\":\"m1\"}").then().statusCode(204);
        claim(sender, "key-1", "digest-a").then().body("outcome", equalTo("completed"))
                .body("result", equalTo("{\"id\":\"m1\"}"));
        claim(sender, "key-1", "digest-b").then().body("outcome", equalTo("mismatch"));
        // scoped per sender
        claim(UUID.randomUUID().toString(), "key-1", "digest-b").then().body("outcome", equalTo("claimed"));
        // a released claim (failed submission) may be used again
        claim(sender, "key-2", "digest-a").then().body("outcome", equalTo("claimed"));
        keys("release", sender, "key-2", "digest-a", null).then().statusCode(204);
        claim(sender, "key-2", "digest-c").then().body("outcome", equalTo("claimed"));
        // expired after 24 h
        clock.set(Instant.now().plus(Duration.ofHours(25)));
        claim(sender, "key-1", "digest-b").then().body("outcome", equalTo("claimed"));
        given().auth().oauth2(ServiceTokens.portalApi("messages.read")).contentType(ContentType.JSON)
                .body("{}").post("/internal/v1/idempotency-keys/claim").then().statusCode(403);
    }

    private static io.restassured.response.Response claim(String sender, String key, String digest) {
        return keys("claim", sender, key, digest, null);
    }

    private static io.restassured.response.Response keys(String action, String sender, String key, String digest,
            String result) {
        var body = new java.util.HashMap<String, String>();
        body.put("sender", sender);
        body.put("key", key);
        body.put("digest", digest);
        body.put("result", result);
        return given().auth().oauth2(ServiceTokens.portalApi("messages.write")).contentType(ContentType.JSON)
                .body(body).post("/internal/v1/idempotency-keys/" + action);
    }

    private static JsonPath feed(String participant, String after) {
        return given().auth().oauth2(ServiceTokens.portalApi("messages.read"))
                .get("/internal/v1/participants/{p}/events" + (after == null ? "" : "?after=" + after), participant)
                .then().statusCode(200).extract().jsonPath();
    }

    private static io.restassured.response.Response metadata(String id) {
        return given().auth().oauth2(ServiceTokens.portalApi("messages.read")).get("/internal/v1/messages/{id}", id);
    }

    private String dbStatus(String id) {
        return pool.preparedQuery("SELECT status FROM message WHERE id = $1").execute(Tuple.of(UUID.fromString(id)))
                .await().indefinitely().iterator().next().getString("status");
    }

    private String storedPayload(String id) {
        return pool.preparedQuery("SELECT payload FROM message WHERE id = $1").execute(Tuple.of(UUID.fromString(id)))
                .await().indefinitely().iterator().next().getString("payload");
    }

}
