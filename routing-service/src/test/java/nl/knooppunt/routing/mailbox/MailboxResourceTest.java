package nl.knooppunt.routing.mailbox;

import static io.restassured.RestAssured.given;
import static nl.knooppunt.routing.support.TestDeliveries.ENERGIE;
import static nl.knooppunt.routing.support.TestDeliveries.GEMEENTE;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.jose4j.jwk.EcJwkGenerator;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.keys.EllipticCurves;
import org.junit.jupiter.api.Test;


import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.restassured.specification.RequestSpecification;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import nl.knooppunt.routing.support.FeedEvents;
import nl.knooppunt.routing.support.ServiceTokens;
import nl.knooppunt.routing.support.TestDeliveries;
import nl.knooppunt.standard.crypto.RecipientCipher;
import nl.knooppunt.standard.envelope.Delivery;
import nl.knooppunt.standard.envelope.Envelope;
import nl.knooppunt.testsupport.HubSecretsTestResource;
import nl.knooppunt.testsupport.KafkaTestResource;
import nl.knooppunt.testsupport.PostgresTestResource;

@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(HubSecretsTestResource.class)
class MailboxResourceTest {

    private static final String MESSAGES = "/internal/v1/mailboxes/{participant}/messages";
    private static final String MESSAGE = MESSAGES + "/{id}";
    private static final String ACK = MESSAGE + "/ack";

    @Inject
    Pool pool;

    @Test
    void messageIsListedFetchedAndAcknowledged() throws Exception {
        Envelope envelope = TestDeliveries.newRequest(ENERGIE, GEMEENTE);
        String jwe = TestDeliveries.encryptFor(GEMEENTE);
        TestDeliveries.produce(TestDeliveries.signed(envelope, jwe));
        String id = envelope.messageId();
        awaitListed(GEMEENTE, id);

        JsonPath listed = portal().get(MESSAGES + "?limit=500", GEMEENTE).then().statusCode(200)
                .extract().jsonPath();
        String item = "items.find { it.id == '" + id + "' }";
        assertEquals("delivered", listed.getString(item + ".status"));
        assertEquals(envelope.conversationId(), listed.getString(item + ".conversationId"));
        assertEquals("schuldinventarisatie", listed.getString(item + ".module"));
        assertEquals("saldoverzoek", listed.getString(item + ".type"));
        assertEquals(ENERGIE, listed.getString(item + ".sender"));
        assertEquals(GEMEENTE, listed.getString(item + ".recipient"));
        assertEquals(envelope.submittedAt().toString(), listed.getString(item + ".submittedAt"));
        assertNull(listed.getString(item + ".fetchedAt"));
        assertNull(listed.getString(item + ".payload"));

        // the other participant cannot see it
        portal().get(MESSAGE, ENERGIE, id).then().statusCode(404)
                .contentType("application/problem+json").body("status", equalTo(404));
        portal().post(ACK, ENERGIE, id).then().statusCode(404);

        String fetchedAt = portal().get(MESSAGE, GEMEENTE, id).then().statusCode(200)
                .body("id", equalTo(id))
                .body("payload", equalTo(jwe))
                .body("status", equalTo("fetched"))
                .body("$", hasKey("inReplyTo"))
                .body("inReplyTo", nullValue())
                .body("deliveredAt", notNullValue())
                .body("acknowledgedAt", nullValue())
                .extract().path("fetchedAt");
        String payload = portal().get(MESSAGE, GEMEENTE, id).then().statusCode(200)
                .body("fetchedAt", equalTo(fetchedAt))
                .extract().path("payload");
        assertEquals(TestDeliveries.PLAINTEXT,
                RecipientCipher.decrypt(payload, TestDeliveries.participantKeys(GEMEENTE)));

        metadata(id).then().statusCode(200).body("status", equalTo("fetched"))
                .body("$", not(hasKey("payload")));

        portal().post(ACK, GEMEENTE, id).then().statusCode(204);
        portal().post(ACK, GEMEENTE, id).then().statusCode(204);
        portal().get(MESSAGE, GEMEENTE, id).then().statusCode(410)
                .contentType("application/problem+json").body("status", equalTo(410))
                .body("type", notNullValue()).body("title", notNullValue());
        portal().get(MESSAGES + "?limit=500", GEMEENTE).then().statusCode(200)
                .body("items.id", not(hasItem(id)));
        metadata(id).then().statusCode(200).body("status", equalTo("acknowledged"))
                .body("acknowledgedAt", notNullValue()).body("fetchedAt", equalTo(fetchedAt));

        Row row = pool.preparedQuery("SELECT payload, status, sender FROM message WHERE id = $1")
                .executeAndAwait(Tuple.of(UUID.fromString(id))).iterator().next();
        assertNull(row.getValue("payload"), "the payload is deleted at acknowledgement");
        assertEquals("acknowledged", row.getString("status"));

        // the sender's feed recorded each change once, in order, with the row (ADR 0013, 0041)
        String sender = row.getUUID("sender") == null ? null : row.getUUID("sender").toString();
        await().atMost(Duration.ofSeconds(10)).until(() -> FeedEvents.kinds(sender, id)
                .equals(List.of("accepted", "delivered", "fetched", "acknowledged")));
    }

    @Test
    void mailboxIsPagedWithCursor() throws Exception {
        String recipient = UUID.randomUUID().toString();
        PublicJsonWebKey recipientKey = EcJwkGenerator.generateJwk(EllipticCurves.P256, null, new SecureRandom());
        recipientKey.setKeyId(recipient + "-1");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Envelope envelope = TestDeliveries.newRequest(ENERGIE, recipient);
            Delivery delivery = TestDeliveries.signed(envelope, RecipientCipher.encrypt("{}", recipientKey));
            TestDeliveries.produce(delivery);
            ids.add(envelope.messageId());
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> portal().get(MESSAGES, recipient).then()
                .extract().jsonPath().getList("items").size() == 5);
        assertEquals(ids, portal().get(MESSAGES, recipient).then().statusCode(200).body("next", nullValue())
                .extract().jsonPath().getList("items.id"));

        JsonPath first = page(recipient, "?limit=2");
        assertEquals(ids.subList(0, 2), first.getList("items.id"));
        assertEquals(ids.get(1), first.getString("next"));
        JsonPath second = page(recipient, "?limit=2&after=" + first.getString("next"));
        assertEquals(ids.subList(2, 4), second.getList("items.id"));
        JsonPath third = page(recipient, "?limit=2&after=" + second.getString("next"));
        assertEquals(ids.subList(4, 5), third.getList("items.id"));
        assertNull(third.getString("next"));

        // an acknowledged message leaves the listing, but its id still works as a cursor
        portal().post(ACK, recipient, ids.get(1)).then().statusCode(204);
        assertEquals(List.of(ids.get(0), ids.get(2)), page(recipient, "?limit=2").getList("items.id"));
        assertEquals(ids.subList(2, 5), page(recipient, "?after=" + ids.get(1)).getList("items.id"));

        portal().get(MESSAGES + "?limit=0", recipient).then().statusCode(400)
                .contentType("application/problem+json");
        portal().get(MESSAGES + "?limit=501", recipient).then().statusCode(400);
        portal().get(MESSAGES + "?limit=many", recipient).then().statusCode(400);
        portal().get(MESSAGES + "?after=" + UUID.randomUUID(), recipient).then().statusCode(400);
        portal().get(MESSAGES + "?after=" + ids.get(0), GEMEENTE).then().statusCode(400);
    }

    @Test
    void messagePastItsRetentionIsGone() {
        Envelope fresh = TestDeliveries.newRequest(ENERGIE, GEMEENTE);
        Envelope old = new Envelope(fresh.messageId(), fresh.conversationId(), null, fresh.module(), fresh.type(),
                fresh.sender(), fresh.recipient(), Instant.now().minus(Duration.ofDays(14)));
        TestDeliveries.produce(TestDeliveries.signed(old, TestDeliveries.encryptFor(GEMEENTE)));
        String id = old.messageId();
        await().atMost(Duration.ofSeconds(30)).until(() -> metadata(id).statusCode() == 200);

        metadata(id).then().body("status", equalTo("expired"));
        portal().get(MESSAGES + "?limit=500", GEMEENTE).then().statusCode(200).body("items.id", not(hasItem(id)));
        portal().get(MESSAGE, GEMEENTE, id).then().statusCode(410).contentType("application/problem+json");
        portal().post(ACK, GEMEENTE, id).then().statusCode(410);
    }

    @Test
    void listingFiltersByModuleTypeAndSender() {
        String recipient = UUID.randomUUID().toString();
        String otherSender = UUID.randomUUID().toString();
        Envelope base = TestDeliveries.newRequest(ENERGIE, recipient);
        Envelope request = base;
        String answerId = UUID.randomUUID().toString();
        Envelope answer = new Envelope(answerId, base.conversationId(), base.messageId(), base.module(),
                "saldoverzoek-antwoord", otherSender, recipient, base.submittedAt());
        String otherModuleId = UUID.randomUUID().toString();
        Envelope otherModule = new Envelope(otherModuleId, otherModuleId, null, "betalingsregeling",
                "betaalvoorstel", ENERGIE, recipient, base.submittedAt());
        for (Envelope envelope : List.of(request, answer, otherModule)) {
            TestDeliveries.produce(TestDeliveries.signed(envelope, TestDeliveries.encryptFor(GEMEENTE)));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> page(recipient, "").getList("items").size() == 3);

        assertEquals(List.of(request.messageId(), answerId),
                page(recipient, "?module=schuldinventarisatie").getList("items.id"));
        assertEquals(List.of(answerId), page(recipient, "?type=saldoverzoek-antwoord").getList("items.id"));
        assertEquals(List.of(request.messageId(), otherModuleId),
                page(recipient, "?sender=" + ENERGIE).getList("items.id"));
        assertEquals(List.of(otherModuleId),
                page(recipient, "?sender=" + ENERGIE + "&module=betalingsregeling").getList("items.id"));
        portal().get(MESSAGES + "?sender=nobody", recipient).then().statusCode(400)
                .contentType("application/problem+json");
    }

    @Test
    void emptyMailboxIsAnEmptyPage() {
        portal().get(MESSAGES, UUID.randomUUID()).then().statusCode(200)
                .body("items.size()", equalTo(0)).body("$", hasKey("next")).body("next", nullValue());
    }

    @Test
    void idsThatAreNotUuidsAreNotFound() {
        String id = UUID.randomUUID().toString();
        portal().get(MESSAGES, "not-a-uuid").then().statusCode(404).contentType("application/problem+json");
        portal().get(MESSAGE, GEMEENTE, "42").then().statusCode(404).contentType("application/problem+json");
        portal().get(MESSAGE, "42", id).then().statusCode(404);
        portal().post(ACK, GEMEENTE, "'; drop table message; --").then().statusCode(404);
        metadata("x").then().statusCode(404).contentType("application/problem+json");
        metadata(id).then().statusCode(404).contentType("application/problem+json")
                .body("status", equalTo(404));
        portal().get(MESSAGE, GEMEENTE, id).then().statusCode(404);
        portal().post(ACK, GEMEENTE, id).then().statusCode(404);
    }

    @Inject
    JWTParser tokens;

    @Test
    void aServiceTokenIsVerifiedOnceAndRememberedOnlyAsTheExactStringThatVerified() throws Exception {
        String token = ServiceTokens.portalApi("mailbox");
        assertSame(tokens.parse(token), tokens.parse(token), "the second use is answered from memory");
        given().auth().oauth2(token).get(MESSAGES, GEMEENTE).then().statusCode(200);
        String forged = ServiceTokens.forged("mailbox");
        String tampered = token.substring(0, token.lastIndexOf('.') + 1) + forged.substring(forged.lastIndexOf('.') + 1);
        given().auth().oauth2(tampered).get(MESSAGES, GEMEENTE).then().statusCode(401)
                .contentType("application/problem+json");
        given().auth().oauth2(token).get(MESSAGES, GEMEENTE).then().statusCode(200);
    }

    @Test
    void callersNeedAValidServiceTokenWithTheRightGroup() {
        given().get(MESSAGES, GEMEENTE).then().statusCode(401).contentType("application/problem+json");
        given().auth().oauth2(ServiceTokens.forged("mailbox")).get(MESSAGES, GEMEENTE).then().statusCode(401)
                .contentType("application/problem+json");
        given().auth().oauth2(ServiceTokens.forAudience("registry-service", "mailbox"))
                .get(MESSAGES, GEMEENTE).then().statusCode(401);
        given().auth().oauth2("not.a.jwt").get(MESSAGES, GEMEENTE).then().statusCode(401);
        given().get("/internal/v1/messages/{id}", UUID.randomUUID()).then().statusCode(401);

        given().auth().oauth2(ServiceTokens.portalApi("messages.read")).get(MESSAGES, GEMEENTE)
                .then().statusCode(403).contentType("application/problem+json").body("status", equalTo(403));
        given().auth().oauth2(ServiceTokens.portalApi("messages.read"))
                .post(ACK, GEMEENTE, UUID.randomUUID()).then().statusCode(403);
        given().auth().oauth2(ServiceTokens.portalApi("mailbox"))
                .get("/internal/v1/messages/{id}", UUID.randomUUID()).then().statusCode(403)
                .body("type", startsWith("https://knooppunt.nl/problems/"));
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

    private static void awaitListed(String recipient, String id) {
        await().atMost(Duration.ofSeconds(30)).until(() -> portal().get(MESSAGES + "?limit=500", recipient).then()
                .extract().jsonPath().getList("items.id").contains(id));
    }
}
