package nl.knooppunt.routing.mailbox;

import static io.restassured.RestAssured.given;
import static nl.knooppunt.routing.support.TestDeliveries.ENERGIE;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import jakarta.inject.Inject;

import org.jose4j.jwk.EcJwkGenerator;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.keys.EllipticCurves;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import nl.knooppunt.routing.support.FeedEvents;
import nl.knooppunt.routing.support.ServiceTokens;
import nl.knooppunt.routing.support.TestDeliveries;
import nl.knooppunt.standard.crypto.RecipientCipher;
import nl.knooppunt.standard.envelope.Envelope;
import nl.knooppunt.testsupport.HubSecretsTestResource;
import nl.knooppunt.testsupport.KafkaTestResource;
import nl.knooppunt.testsupport.PostgresTestResource;

/** The batch pull: a listing with content that marks fetched, and the bulk acknowledgement (ADR 0033). */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(HubSecretsTestResource.class)
class MailboxBatchResourceTest {

    private static final String MESSAGES = "/internal/v1/mailboxes/{participant}/messages";
    private static final String MESSAGE = MESSAGES + "/{id}";
    private static final String ACK = MESSAGE + "/ack";
    private static final String ACKS = "/internal/v1/mailboxes/{participant}/acknowledgements";

    @Inject
    Pool pool;

    @Test
    void listingWithContentAnswersPayloadsAndMarksThePageFetchedOnce() throws Exception {
        String recipient = UUID.randomUUID().toString();
        Map<String, String> jwes = new java.util.HashMap<>();
        List<String> ids = deliver(recipient, 3, jwes);
        // the first message was fetched singly before: the listing must not fetch it again
        String firstFetchedAt = portal().get(MESSAGE, recipient, ids.get(0)).then().statusCode(200)
                .extract().path("fetchedAt");

        JsonPath page = page(recipient, "?include=content&limit=2");
        assertEquals(ids.subList(0, 2), page.getList("items.id"));
        assertEquals(ids.get(1), page.getString("next"));
        for (int i = 0; i < 2; i++) {
            assertEquals(jwes.get(ids.get(i)), page.getString("items[" + i + "].payload"));
            assertEquals("fetched", page.getString("items[" + i + "].status"));
            assertNotNull(page.getString("items[" + i + "].fetchedAt"));
        }
        assertEquals(firstFetchedAt, page.getString("items[0].fetchedAt"));
        String secondFetchedAt = page.getString("items[1].fetchedAt");

        // as the single fetch leaves it: fetched, same time, payload still there; the third is untouched
        portal().get(MESSAGE, recipient, ids.get(1)).then().statusCode(200)
                .body("status", equalTo("fetched")).body("fetchedAt", equalTo(secondFetchedAt))
                .body("payload", equalTo(jwes.get(ids.get(1))));
        metadata(ids.get(2)).then().body("status", equalTo("delivered")).body("fetchedAt", nullValue());
        // without include: the same page as before, envelopes only
        JsonPath plain = page(recipient, "?limit=2");
        assertEquals(ids.subList(0, 2), plain.getList("items.id"));
        assertNull(plain.getString("items[0].payload"));

        JsonPath rest = page(recipient, "?include=content&after=" + page.getString("next"));
        assertEquals(ids.subList(2, 3), rest.getList("items.id"));
        assertEquals(jwes.get(ids.get(2)), rest.getString("items[0].payload"));
        assertEquals("fetched", rest.getString("items[0].status"));
        assertNull(rest.getString("next"));
        page(recipient, "?include=content");

        for (String id : ids) {
            assertEvents(id, "fetched", 1);
        }
    }

    @Test
    void bulkAcknowledgementAnswersPerIdAsTheSingleAcknowledgementWould() throws Exception {
        String recipient = UUID.randomUUID().toString();
        String other = UUID.randomUUID().toString();
        List<String> ids = deliver(recipient, 3, new java.util.HashMap<>());
        String othersMessage = deliver(other, 1, new java.util.HashMap<>()).get(0);
        Envelope fresh = TestDeliveries.newRequest(ENERGIE, recipient);
        Envelope old = new Envelope(fresh.messageId(), fresh.conversationId(), null, fresh.module(), fresh.type(),
                fresh.sender(), recipient, Instant.now().minus(Duration.ofDays(14)));
        TestDeliveries.produce(TestDeliveries.signed(old, TestDeliveries.encryptFor(TestDeliveries.GEMEENTE)));
        String expired = old.messageId();
        await().atMost(Duration.ofSeconds(30)).until(() -> metadata(expired).statusCode() == 200);
        String unknown = UUID.randomUUID().toString();
        portal().post(ACK, recipient, ids.get(2)).then().statusCode(204);

        List<String> asked = List.of(ids.get(1), unknown, ids.get(0), othersMessage, ids.get(2), expired);
        portal().contentType("application/json").body(Map.of("ids", asked)).post(ACKS, recipient).then()
                .statusCode(200).contentType("application/json")
                .body("acknowledged", equalTo(List.of(ids.get(1), ids.get(0), ids.get(2))))
                .body("expired", equalTo(List.of(expired)))
                .body("notFound", equalTo(List.of(unknown, othersMessage)));

        for (String id : ids) {
            portal().get(MESSAGE, recipient, id).then().statusCode(410);
            portal().post(ACK, recipient, id).then().statusCode(204);
            metadata(id).then().body("status", equalTo("acknowledged")).body("acknowledgedAt", notNullValue());
            assertNull(pool.preparedQuery("SELECT payload FROM message WHERE id = $1")
                    .executeAndAwait(Tuple.of(UUID.fromString(id))).iterator().next().getValue("payload"));
            assertEvents(id, "acknowledged", 1);
        }
        portal().get(MESSAGES, recipient).then().statusCode(200).body("items.id", not(hasItem(ids.get(0))));
        // another participant's message is untouched and its mailbox still holds it
        metadata(othersMessage).then().body("status", equalTo("delivered"));
        portal().get(MESSAGE, other, othersMessage).then().statusCode(200);
        assertEvents(othersMessage, "acknowledged", 0);
        portal().post(ACK, recipient, expired).then().statusCode(410);

        // repeated: the same answer, and no second event
        portal().contentType("application/json").body(Map.of("ids", ids)).post(ACKS, recipient).then()
                .statusCode(200).body("acknowledged", equalTo(ids)).body("notFound.size()", equalTo(0));
        for (String id : ids) {
            assertEvents(id, "acknowledged", 1);
        }
        assertEvents(othersMessage, "acknowledged", 0);
    }

    @Test
    void badBulkAcknowledgementsAndIncludeValuesAreRefused() {
        String recipient = UUID.randomUUID().toString();
        String id = UUID.randomUUID().toString();
        List<Object> bodies = new ArrayList<>();
        bodies.add(Map.of());
        bodies.add(Map.of("ids", List.of()));
        bodies.add(Map.of("ids", IntStream.range(0, 501).mapToObj(i -> UUID.randomUUID().toString()).toList()));
        bodies.add(Map.of("ids", List.of(id, id)));
        bodies.add(Map.of("ids", List.of(id, id.toUpperCase(java.util.Locale.ROOT))));
        bodies.add(Map.of("ids", List.of(id, "not-a-uuid")));
        bodies.add(Map.of("ids", List.of("1-1-1-1-1")));
        bodies.add(java.util.Collections.singletonMap("ids", java.util.Collections.singletonList(null)));
        for (Object body : bodies) {
            String detail = portal().contentType("application/json").body(body).post(ACKS, recipient).then()
                    .statusCode(400).contentType("application/problem+json").body("status", equalTo(400))
                    .extract().path("detail");
            assertFalse(detail.contains("not-a-uuid"), "the value is not repeated: " + detail);
        }
        portal().contentType("application/json").body(Map.of("ids", List.of(id, "x"))).post(ACKS, recipient)
                .then().statusCode(400).body("detail", equalTo("'/ids/1' is not a message id"));
        portal().contentType("application/json").body(Map.of("ids", List.of(id, id))).post(ACKS, recipient)
                .then().statusCode(400).body("detail", equalTo("'/ids/1' repeats an earlier id"));
        portal().contentType("application/json").body("{").post(ACKS, recipient).then().statusCode(400)
                .contentType("application/problem+json");
        portal().contentType("text/plain").body(id).post(ACKS, recipient).then().statusCode(415)
                .contentType("application/problem+json");
        portal().contentType("application/json").body(Map.of("ids", List.of(id))).post(ACKS, "nobody").then()
                .statusCode(404);
        given().auth().oauth2(ServiceTokens.portalApi("messages.read")).contentType("application/json")
                .body(Map.of("ids", List.of(id))).post(ACKS, recipient).then().statusCode(403);
        given().contentType("application/json").body(Map.of("ids", List.of(id))).post(ACKS, recipient).then()
                .statusCode(401);

        portal().get(MESSAGES + "?include=payload", recipient).then().statusCode(400)
                .contentType("application/problem+json").body("detail", equalTo("'include' may only be 'content'"));
        portal().get(MESSAGES + "?include=content&limit=501", recipient).then().statusCode(400);
        portal().get(MESSAGES + "?include=content&after=" + id, recipient).then().statusCode(400);
        portal().get(MESSAGES + "?include=content", recipient).then().statusCode(200)
                .body("items.size()", equalTo(0)).body("next", nullValue());
    }

    /** Delivers n messages to a recipient with its own (fresh) key, in order; answers their ids once listed. */
    private static List<String> deliver(String recipient, int n, Map<String, String> jwes) throws Exception {
        PublicJsonWebKey key = EcJwkGenerator.generateJwk(EllipticCurves.P256, null, new SecureRandom());
        key.setKeyId(recipient + "-1");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Envelope envelope = TestDeliveries.newRequest(ENERGIE, recipient);
            String jwe = RecipientCipher.encrypt("{\"n\":" + i + "}", key);
            TestDeliveries.produce(TestDeliveries.signed(envelope, jwe));
            ids.add(envelope.messageId());
            jwes.put(envelope.messageId(), jwe);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> portal().get(MESSAGES, recipient).then()
                .extract().jsonPath().getList("items.id").containsAll(ids));
        return ids;
    }

    /** The sender's feed holds exactly {@code expected} events of this kind about the message, and keeps it so. */
    private static void assertEvents(String id, String kind, long expected) {
        await().atMost(Duration.ofSeconds(10)).during(Duration.ofMillis(300))
                .until(() -> FeedEvents.kinds(ENERGIE, id).stream().filter(kind::equals).count() == expected);
    }

    private static RequestSpecification portal() {
        return given().auth().oauth2(ServiceTokens.portalApi("mailbox", "messages.read"));
    }

    private static io.restassured.response.Response metadata(String id) {
        return portal().get("/internal/v1/messages/{id}", id);
    }

    private static JsonPath page(String recipient, String query) {
        return portal().get(MESSAGES + query, recipient).then().statusCode(200).extract().jsonPath();
    }
}
