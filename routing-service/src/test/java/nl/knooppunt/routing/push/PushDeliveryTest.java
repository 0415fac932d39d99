package nl.knooppunt.routing.push;

import static io.restassured.RestAssured.given;
import static nl.knooppunt.routing.support.TestDeliveries.ENERGIE;
import static nl.knooppunt.routing.support.TestDeliveries.GEMEENTE;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.VerificationJwkSelector;
import org.jose4j.jws.JsonWebSignature;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import nl.knooppunt.routing.support.ServiceTokens;
import nl.knooppunt.routing.support.TestDeliveries;
import nl.knooppunt.routing.support.TestDeliveryPreferences;
import nl.knooppunt.routing.support.WebhookReceiver;
import nl.knooppunt.standard.crypto.HubSecrets;
import nl.knooppunt.standard.crypto.Jwks;
import nl.knooppunt.standard.envelope.Delivery;
import nl.knooppunt.standard.envelope.Envelope;
import nl.knooppunt.testsupport.HubSecretsTestResource;
import nl.knooppunt.testsupport.KafkaTestResource;
import nl.knooppunt.testsupport.PostgresTestResource;

@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(HubSecretsTestResource.class)
class PushDeliveryTest {

    private static final WebhookReceiver RECEIVER = new WebhookReceiver();

    @Inject
    TestDeliveryPreferences preferences;

    @Inject
    ObjectMapper mapper;

    @Inject
    Pool pool;

    @AfterAll
    static void stopReceiver() {
        RECEIVER.close();
    }

    @Test
    void pushIsSignedByTheHubAndDeliveredOnceEvenWhenTheRecordComesTwice() throws Exception {
        String receiver = webhookParticipant("/signed");
        Delivery delivery = deliveryTo(receiver);
        TestDeliveries.produce(delivery, delivery);
        String id = delivery.envelope().messageId();
        awaitStatus(id, "delivered");
        // a later record for the same receiver (same partition) proves the duplicate was consumed by now
        Delivery later = deliveryTo(receiver);
        TestDeliveries.produce(later);
        awaitStatus(later.envelope().messageId(), "delivered");

        List<WebhookReceiver.Received> pushes = RECEIVER.received("/signed");
        assertEquals(2, pushes.size(), "one push per message, none for the duplicate record");
        WebhookReceiver.Received push = pushes.get(0);
        JsonNode body = mapper.readTree(push.body());
        assertEquals(id, body.path("envelope").path("messageId").asText());
        assertEquals(receiver, body.path("envelope").path("recipient").asText());
        assertEquals(delivery.payload(), body.path("payload").asText());
        assertEquals(1, body.path("attempt").asInt());

        // the receiver verifies the detached JWS over the exact body with the hub's published key
        JsonWebSignature jws = new JsonWebSignature();
        jws.setCompactSerialization(push.signature());
        jws.setPayload(push.body());
        assertEquals("ES256", jws.getAlgorithmHeaderValue());
        assertEquals(HubSecrets.ROUTING_SERVICE_KEY_ID, jws.getKeyIdHeaderValue());
        List<JsonWebKey> published = Jwks.readSet(ServiceTokens.secretsDir().resolve(HubSecrets.SERVICE_PUBLIC_KEYS))
                .getJsonWebKeys();
        jws.setKey(new VerificationJwkSelector().select(jws, published).getKey());
        assertTrue(jws.verifySignature(), "signature verifies with routing-service's public key");
        JsonWebSignature tampered = new JsonWebSignature();
        tampered.setCompactSerialization(push.signature());
        tampered.setPayload(push.body().replace(id, UUID.randomUUID().toString()));
        tampered.setKey(jws.getKey());
        assertTrue(!tampered.verifySignature(), "a changed body does not verify");

        assertNull(storedPayload(id), "payload deleted once the receiver took it");
        metadata(id).then().body("deliveryMode", equalTo("webhook")).body("deliveredAt", notNullValue());
    }

    @Test
    void failingReceiverIsRetriedWithGrowingBackoff() throws Exception {
        String receiver = webhookParticipant("/flaky");
        RECEIVER.script("/flaky", 503, 500, 429, 200);
        Delivery delivery = deliveryTo(receiver);
        TestDeliveries.produce(delivery);
        awaitStatus(delivery.envelope().messageId(), "delivered");

        List<WebhookReceiver.Received> pushes = RECEIVER.received("/flaky");
        assertEquals(4, pushes.size());
        for (int i = 0; i < 4; i++) {
            assertEquals(i + 1, mapper.readTree(pushes.get(i).body()).path("attempt").asInt());
        }
        // back-off 0.2 s doubling, jittered into [d/2, d]: at least 0.1, 0.2, 0.4 s between attempts
        long[] minimum = { 100, 200, 400 };
        for (int i = 0; i < 3; i++) {
            long gap = Duration.between(pushes.get(i).at(), pushes.get(i + 1).at()).toMillis();
            assertTrue(gap >= minimum[i], "gap " + (i + 1) + " was " + gap + " ms");
        }
    }

    @Test
    void badRequestStopsRetriesAndFailsTheMessage() throws Exception {
        String receiver = webhookParticipant("/refusing");
        RECEIVER.script("/refusing", 400);
        Delivery delivery = deliveryTo(receiver);
        TestDeliveries.produce(delivery);
        String id = delivery.envelope().messageId();
        awaitStatus(id, "failed");
        // several back-off periods: no retry may follow
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
                .until(() -> RECEIVER.received("/refusing").size() == 1);
        assertEquals(1, RECEIVER.received("/refusing").size());
        assertNull(storedPayload(id));
        metadata(id).then().body("failedAt", notNullValue());
    }

    @Test
    void threeRecipientsGetIndependentDeliveriesAndASlowOneDelaysNobody() {
        String fine = webhookParticipant("/fine");
        String slow = webhookParticipant("/slow");
        String refusing = webhookParticipant("/refuses");
        RECEIVER.delay("/slow", 1500);
        RECEIVER.script("/slow", 503, 503, 503, 503, 503, 503, 503, 503, 503, 503, 503, 503);
        RECEIVER.script("/refuses", 404);
        String mailbox = UUID.randomUUID().toString();
        String conversation = UUID.randomUUID().toString();
        for (int i = 0; i < 6; i++) {
            TestDeliveries.produce(deliveryTo(slow));
        }
        List<Delivery> deliveries = List.of(fine, refusing, mailbox).stream()
                .map(r -> {
                    String id = UUID.randomUUID().toString();
                    return TestDeliveries.signed(new Envelope(id, conversation, null, "schuldinventarisatie",
                            "kennisgeving", ENERGIE, r, java.time.Instant.now()),
                            TestDeliveries.encryptFor(GEMEENTE));
                }).toList();
        long start = System.nanoTime();
        deliveries.forEach(TestDeliveries::produce);

        awaitStatus(deliveries.get(0).envelope().messageId(), "delivered");
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(millis < 1500, "the fine receiver waited " + millis + " ms behind the slow one");
        awaitStatus(deliveries.get(1).envelope().messageId(), "failed");
        metadata(deliveries.get(2).envelope().messageId()).then().body("status", equalTo("delivered"))
                .body("deliveryMode", equalTo("mailbox"));
        assertTrue(RECEIVER.received("/slow").size() <= 6);
    }

    private String webhookParticipant(String path) {
        String participant = UUID.randomUUID().toString();
        preferences.webhook(participant, RECEIVER.url(path));
        return participant;
    }

    private static Delivery deliveryTo(String recipient) {
        Envelope envelope = TestDeliveries.newRequest(ENERGIE, recipient);
        return TestDeliveries.signed(envelope, TestDeliveries.encryptFor(GEMEENTE));
    }

    private static Response metadata(String id) {
        return given().auth().oauth2(ServiceTokens.portalApi("messages.read")).get("/internal/v1/messages/{id}", id);
    }

    private static void awaitStatus(String id, String status) {
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).until(() -> {
            Response response = metadata(id);
            return response.statusCode() == 200 && status.equals(response.path("status"));
        });
    }

    private String storedPayload(String id) {
        return pool.preparedQuery("SELECT payload FROM message WHERE id = $1").execute(Tuple.of(UUID.fromString(id)))
                .await().indefinitely().iterator().next().getString("payload");
    }
}
