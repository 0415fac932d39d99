package nl.knooppunt.routing.mailbox;

import static io.restassured.RestAssured.given;
import static nl.knooppunt.routing.support.TestDeliveries.ENERGIE;
import static nl.knooppunt.routing.support.TestDeliveries.GEMEENTE;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
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

/** Several mailboxes as one (ADR 0038): listing, listing with content and acknowledgement across recipients. */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(HubSecretsTestResource.class)
class CombinedMailboxResourceTest {

    private static final String LIST = "/internal/v1/combined-mailbox/messages";
    private static final String ACKS = "/internal/v1/combined-mailbox/acknowledgements";
    private static final String MAILBOX = "/internal/v1/mailboxes/{participant}/messages";

    @Inject
    Pool pool;

    @Test
    void oneListingPagesAcrossMailboxesInDeliveryOrderNamingEachRecipient() throws Exception {
        String a = UUID.randomUUID().toString();
        String b = UUID.randomUUID().toString();
        String stranger = UUID.randomUUID().toString();
        List<String> recipients = List.of(a, b);
        List<String> ids = new ArrayList<>();
        Map<String, String> recipientOf = new HashMap<>();
        for (String recipient : List.of(a, b, stranger, b, a, b)) {
            String id = deliverOne(recipient, ENERGIE, new HashMap<>());
            if (!recipient.equals(stranger)) {
                ids.add(id);
                recipientOf.put(id, recipient);
            }
        }

        JsonPath first = list(recipients, "?limit=3");
        assertEquals(ids.subList(0, 3), first.getList("items.id"));
        assertEquals(List.of(a, b, b), first.getList("items.recipient"));
        assertEquals(ids.get(2), first.getString("next"));
        assertNull(first.get("items[0].payload"), "envelopes only");
        JsonPath second = list(recipients, "?limit=3&after=" + first.getString("next"));
        assertEquals(ids.subList(3, 5), second.getList("items.id"));
        assertNull(second.getString("next"));
        for (int i = 0; i < 2; i++) {
            assertEquals(recipientOf.get(ids.get(3 + i)), second.getString("items[" + i + "].recipient"));
        }

        // the same as the single mailboxes, merged
        List<String> singles = new ArrayList<>(single(a));
        singles.addAll(single(b));
        assertEquals(new java.util.HashSet<>(ids), new java.util.HashSet<>(singles));
        // one recipient of the set: its mailbox alone; the order of the recipients asked does not matter
        assertEquals(single(b), list(List.of(b), "").getList("items.id"));
        assertEquals(ids, list(List.of(b, a), "?limit=500").getList("items.id"));
        // filters as in the single mailbox
        assertEquals(ids, list(recipients, "?module=schuldinventarisatie&type=saldoverzoek&sender=" + ENERGIE)
                .getList("items.id"));
        assertEquals(List.of(), list(recipients, "?sender=" + GEMEENTE).getList("items.id"));
        assertEquals(List.of(), list(recipients, "?type=saldoverzoek-antwoord").getList("items.id"));
        // a cursor of an acknowledged message still marks the position
        portal().post(MAILBOX + "/{id}/ack", a, ids.get(0)).then().statusCode(204);
        assertEquals(ids.subList(1, 5), list(recipients, "?after=" + ids.get(0)).getList("items.id"));
        // the last message as cursor: an empty page, not an error
        assertEquals(List.of(), list(recipients, "?after=" + ids.get(4)).getList("items.id"));
    }

    @Test
    void listingWithContentAnswersPayloadsAndMarksOnlyThePageFetchedOnce() throws Exception {
        String a = UUID.randomUUID().toString();
        String b = UUID.randomUUID().toString();
        Map<String, String> jwes = new HashMap<>();
        List<String> ids = new ArrayList<>();
        for (String recipient : List.of(b, a, a)) {
            ids.add(deliverOne(recipient, ENERGIE, jwes));
        }
        String fetchedBefore = portal().get(MAILBOX + "/{id}", b, ids.get(0)).then().statusCode(200)
                .extract().path("fetchedAt");

        JsonPath page = list(List.of(a, b), "?include=content&limit=2");
        assertEquals(ids.subList(0, 2), page.getList("items.id"));
        assertEquals(List.of(b, a), page.getList("items.recipient"));
        assertEquals(ids.get(1), page.getString("next"));
        for (int i = 0; i < 2; i++) {
            assertEquals(jwes.get(ids.get(i)), page.getString("items[" + i + "].payload"));
            assertEquals("fetched", page.getString("items[" + i + "].status"));
            assertNotNull(page.getString("items[" + i + "].fetchedAt"));
        }
        assertEquals(fetchedBefore, page.getString("items[0].fetchedAt"), "fetched before: kept");
        // the message after the page is untouched: still delivered, no event
        metadata(ids.get(2)).then().body("status", equalTo("delivered")).body("fetchedAt", nullValue());
        assertEvents(ids.get(2), "fetched", 0);
        // as the single fetch leaves it
        portal().get(MAILBOX + "/{id}", a, ids.get(1)).then().statusCode(200).body("status", equalTo("fetched"))
                .body("fetchedAt", equalTo(page.getString("items[1].fetchedAt")))
                .body("payload", equalTo(jwes.get(ids.get(1))));

        JsonPath rest = list(List.of(a, b), "?include=content&limit=2&after=" + page.getString("next"));
        assertEquals(ids.subList(2, 3), rest.getList("items.id"));
        assertEquals(jwes.get(ids.get(2)), rest.getString("items[0].payload"));
        assertNull(rest.getString("next"));
        // listed again: the same content, nothing recorded twice
        assertEquals(ids, list(List.of(a, b), "?include=content").getList("items.id"));
        for (String id : ids) {
            assertEvents(id, "fetched", 1);
        }
    }

    @Test
    void oneAcknowledgementAcrossMailboxesAnswersPerIdAsTheSingleOneWould() throws Exception {
        String a = UUID.randomUUID().toString();
        String b = UUID.randomUUID().toString();
        String stranger = UUID.randomUUID().toString();
        String ofA = deliverOne(a, ENERGIE, new HashMap<>());
        String ofB = deliverOne(b, GEMEENTE, new HashMap<>());
        String ackedBefore = deliverOne(b, ENERGIE, new HashMap<>());
        String strangers = deliverOne(stranger, ENERGIE, new HashMap<>());
        String expired = deliverExpired(a);
        String unknown = UUID.randomUUID().toString();
        portal().post(MAILBOX + "/{id}/ack", b, ackedBefore).then().statusCode(204);

        List<String> asked = List.of(ofB, unknown, strangers, ofA.toUpperCase(Locale.ROOT), expired, ackedBefore);
        portal().contentType("application/json").body(Map.of("recipients", List.of(a, b), "ids", asked))
                .post(ACKS).then().statusCode(200).contentType("application/json")
                .body("acknowledged", equalTo(List.of(ofB, ofA, ackedBefore)))
                .body("expired", equalTo(List.of(expired)))
                .body("notFound", equalTo(List.of(unknown, strangers)));

        assertEquals(List.of(), list(List.of(a, b), "").getList("items.id"), "both mailboxes are empty");
        for (String id : List.of(ofA, ofB, ackedBefore)) {
            metadata(id).then().body("status", equalTo("acknowledged"));
            assertNull(pool.preparedQuery("SELECT payload FROM message WHERE id = $1")
                    .executeAndAwait(Tuple.of(UUID.fromString(id))).iterator().next().getValue("payload"));
            assertEvents(id, "acknowledged", 1);
        }
        // another recipient's message is untouched
        metadata(strangers).then().body("status", equalTo("delivered"));
        assertEquals(List.of(strangers), single(stranger));
        assertEvents(strangers, "acknowledged", 0);

        // repeated: the same answer, nothing recorded twice
        portal().contentType("application/json").body(Map.of("recipients", List.of(b, a), "ids", List.of(ofA, ofB)))
                .post(ACKS).then().statusCode(200).body("acknowledged", equalTo(List.of(ofA, ofB)));
        assertEvents(ofA, "acknowledged", 1);
        // the message is found only among the recipients named
        portal().contentType("application/json").body(Map.of("recipients", List.of(b), "ids", List.of(ofA)))
                .post(ACKS).then().statusCode(200).body("notFound", equalTo(List.of(ofA)));
    }

    @Test
    void badRequestsAreRefusedNamingThePointerNeverTheValue() {
        String a = UUID.randomUUID().toString();
        String id = UUID.randomUUID().toString();
        Map<Object, String> listings = new java.util.LinkedHashMap<>();
        listings.put(Map.of(), "'/recipients' must hold 1 to 10000 ids");
        listings.put(Map.of("recipients", List.of()), "'/recipients' must hold 1 to 10000 ids");
        listings.put(Map.of("recipients", IntStream.range(0, 10_001).mapToObj(i -> UUID.randomUUID().toString())
                .toList()), "'/recipients' must hold 1 to 10000 ids");
        listings.put(Map.of("recipients", List.of(a, "not-a-uuid")), "'/recipients/1' is not a participant id");
        listings.put(Map.of("recipients", List.of("1-1-1-1-1")), "'/recipients/0' is not a participant id");
        listings.put(Map.of("recipients", List.of(a, a.toUpperCase(Locale.ROOT))),
                "'/recipients/1' repeats an earlier id");
        listings.put(Collections.singletonMap("recipients", Collections.singletonList(null)),
                "'/recipients/0' is not a participant id");
        for (Map.Entry<Object, String> body : listings.entrySet()) {
            portal().contentType("application/json").body(body.getKey()).post(LIST).then().statusCode(400)
                    .contentType("application/problem+json").body("detail", equalTo(body.getValue()));
            portal().contentType("application/json").body(body.getKey()).post(ACKS).then().statusCode(400)
                    .contentType("application/problem+json").body("detail", equalTo(body.getValue()));
        }
        Map<String, List<String>> recipients = Map.of("recipients", List.of(a));
        for (String query : List.of("?include=payload", "?limit=0", "?limit=501", "?limit=x", "?sender=x",
                "?after=x", "?after=" + id, "?include=content&after=" + id)) {
            String detail = portal().contentType("application/json").body(recipients).post(LIST + query).then()
                    .statusCode(400).contentType("application/problem+json").extract().path("detail");
            assertFalse(detail.contains(id), detail);
        }
        // a cursor of another mailbox is no cursor here
        String othersMailbox = UUID.randomUUID().toString();
        portal().contentType("application/json").body(Map.of("ids", List.of(id), "recipients", List.of(a, "x")))
                .post(ACKS).then().statusCode(400).body("detail", equalTo("'/recipients/1' is not a participant id"));
        for (Object ids : List.of(List.of(), List.of(id, id), List.of("x"),
                IntStream.range(0, 501).mapToObj(i -> UUID.randomUUID().toString()).toList())) {
            portal().contentType("application/json").body(Map.of("recipients", List.of(othersMailbox), "ids", ids))
                    .post(ACKS).then().statusCode(400).contentType("application/problem+json");
        }
        portal().contentType("application/json").body("{").post(LIST).then().statusCode(400)
                .contentType("application/problem+json");
        portal().contentType("text/plain").body(a).post(LIST).then().statusCode(415);
        given().auth().oauth2(ServiceTokens.portalApi("messages.read")).contentType("application/json")
                .body(recipients).post(LIST).then().statusCode(403);
        given().auth().oauth2(ServiceTokens.portalApi("messages.read")).contentType("application/json")
                .body(Map.of("recipients", List.of(a), "ids", List.of(id))).post(ACKS).then().statusCode(403);
        given().contentType("application/json").body(recipients).post(LIST).then().statusCode(401);
        portal().contentType("application/json").body(recipients).post(LIST + "?include=content").then()
                .statusCode(200).body("items.size()", equalTo(0)).body("next", nullValue());
    }

    @Test
    void aStrangersCursorIsRefusedEvenWhenItsMessageWaits() throws Exception {
        String a = UUID.randomUUID().toString();
        String stranger = UUID.randomUUID().toString();
        String mine = deliverOne(a, ENERGIE, new HashMap<>());
        String theirs = deliverOne(stranger, ENERGIE, new HashMap<>());
        portal().contentType("application/json").body(Map.of("recipients", List.of(a)))
                .post(LIST + "?after=" + theirs).then().statusCode(400)
                .body("detail", equalTo("the cursor 'after' is not a message of these mailboxes"));
        portal().contentType("application/json").body(Map.of("recipients", List.of(a)))
                .post(LIST + "?include=content&after=" + theirs).then().statusCode(400);
        metadata(theirs).then().body("status", equalTo("delivered"));
        metadata(mine).then().body("status", equalTo("delivered"));
    }

    /** Delivers one message from the sender with a fresh own key of the recipient and waits until it is listed. */
    private static String deliverOne(String recipient, String sender, Map<String, String> jwes) throws Exception {
        PublicJsonWebKey key = EcJwkGenerator.generateJwk(EllipticCurves.P256, null, new SecureRandom());
        key.setKeyId(recipient + "-1");
        Envelope envelope = TestDeliveries.newRequest(sender, recipient);
        String jwe = RecipientCipher.encrypt("{\"to\":\"" + recipient + "\"}", key);
        TestDeliveries.produce(TestDeliveries.signed(envelope, jwe));
        jwes.put(envelope.messageId(), jwe);
        await().atMost(Duration.ofSeconds(30)).until(() -> single(recipient).contains(envelope.messageId()));
        return envelope.messageId();
    }

    /** Delivers a message submitted two weeks ago: past its retention when it arrives. */
    private static String deliverExpired(String recipient) {
        Envelope fresh = TestDeliveries.newRequest(ENERGIE, recipient);
        Envelope old = new Envelope(fresh.messageId(), fresh.conversationId(), null, fresh.module(), fresh.type(),
                fresh.sender(), recipient, Instant.now().minus(Duration.ofDays(14)));
        TestDeliveries.produce(TestDeliveries.signed(old, TestDeliveries.encryptFor(TestDeliveries.GEMEENTE)));
        await().atMost(Duration.ofSeconds(30)).until(() -> metadata(old.messageId()).statusCode() == 200);
        return old.messageId();
    }

    private static List<String> single(String recipient) {
        return portal().get(MAILBOX + "?limit=500", recipient).then().statusCode(200).extract().jsonPath()
                .getList("items.id");
    }

    private static JsonPath list(List<String> recipients, String query) {
        return portal().contentType("application/json").body(Map.of("recipients", recipients)).post(LIST + query)
                .then().statusCode(200).contentType("application/json").extract().jsonPath();
    }

    /** The sender's feed holds exactly {@code expected} events of this kind about the message, and keeps it so. */
    private void assertEvents(String id, String kind, long expected) {
        String sender = pool.preparedQuery("SELECT sender FROM message WHERE id = $1")
                .executeAndAwait(Tuple.of(UUID.fromString(id))).iterator().next().getUUID("sender").toString();
        await().atMost(Duration.ofSeconds(10)).during(Duration.ofMillis(300))
                .until(() -> FeedEvents.kinds(sender, id).stream().filter(kind::equals).count() == expected);
    }

    private static RequestSpecification portal() {
        return given().auth().oauth2(ServiceTokens.portalApi("mailbox", "messages.read"));
    }

    private static io.restassured.response.Response metadata(String id) {
        return portal().get("/internal/v1/messages/{id}", id);
    }
}
