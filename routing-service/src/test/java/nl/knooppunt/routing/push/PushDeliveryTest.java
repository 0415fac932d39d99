package nl.knooppunt.routing.push;

import static io.restassured.RestAssured.given;
import static nl.knooppunt.routing.support.TestDeliveries.ENERGIE;
import static nl.knooppunt.routing.support.TestDeliveries.GEMEENTE;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.WebhookVerificationException;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import nl.knooppunt.routing.support.FakeRegistry;
import nl.knooppunt.routing.support.ServiceTokens;
import nl.knooppunt.routing.support.TestDeliveries;
import nl.knooppunt.routing.support.TestDeliveryPreferences;
import nl.knooppunt.routing.support.WebhookReceiver;
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
    void pushIsSignedAsAStandardWebhookAndDeliveredOnceEvenWhenTheRecordComesTwice() throws Exception {
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

        // Standard Webhooks: the receiver verifies with the stock library and the secret the registry issued it
        assertEquals(id, push.header("webhook-id"), "webhook-id is the message id");
        long timestamp = Long.parseLong(push.header("webhook-timestamp"));
        assertTrue(Math.abs(timestamp - java.time.Instant.now().getEpochSecond()) < 30, "webhook-timestamp is now");
        assertTrue(push.header("webhook-signature").matches("v1,[A-Za-z0-9+/]+={0,2}"), "one signature, one secret");
        new Webhook(secret(receiver)).verify(push.body(), push.headers());
        assertThrows(WebhookVerificationException.class, () -> new Webhook(FakeRegistry.issue("stranger"))
                .verify(push.body(), push.headers()), "another secret does not verify");
        assertThrows(WebhookVerificationException.class, () -> new Webhook(secret(receiver))
                .verify(push.body().replace(id, UUID.randomUUID().toString()), push.headers()),
                "a changed body does not verify");
        assertTrue(push.headers().keySet().stream().noneMatch(h -> h.equalsIgnoreCase("Knooppunt-Signature")),
                "the ES256 signature of ADR 0012 is gone");

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
            // every attempt has the same webhook-id (receivers de-duplicate on it) and its own valid signature
            assertEquals(delivery.envelope().messageId(), pushes.get(i).header("webhook-id"));
            new Webhook(secret(receiver)).verify(pushes.get(i).body(), pushes.get(i).headers());
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

    @Test
    void duringARotationOverlapBothSecretsVerifyAndAfterItOnlyTheNewOne() throws Exception {
        String receiver = webhookParticipant("/rotating");
        String old = secret(receiver);
        Delivery before = deliveryTo(receiver);
        TestDeliveries.produce(before);
        awaitStatus(before.envelope().messageId(), "delivered");
        WebhookReceiver.Received first = RECEIVER.received("/rotating").get(0);
        new Webhook(old).verify(first.body(), first.headers());

        Instant overlapEnds = Instant.now().plusSeconds(4);
        String rotated = FakeRegistry.rotate(receiver, overlapEnds);
        SECRETS.put(receiver, rotated);
        // routing reads the secrets again once its cache entry is older than the test's TTL (1 s)
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(300)).until(() -> {
            Delivery probe = deliveryTo(receiver);
            TestDeliveries.produce(probe);
            awaitStatus(probe.envelope().messageId(), "delivered");
            return last("/rotating").header("webhook-signature").split(" ").length == 2;
        });
        WebhookReceiver.Received overlapping = last("/rotating");
        assertTrue(Instant.now().isBefore(overlapEnds), "still inside the overlap");
        new Webhook(rotated).verify(overlapping.body(), overlapping.headers());
        new Webhook(old).verify(overlapping.body(), overlapping.headers());
        assertTrue(overlapping.header("webhook-signature").startsWith("v1,"));

        await().atMost(Duration.ofSeconds(10)).until(() -> Instant.now().isAfter(overlapEnds));
        Delivery after = deliveryTo(receiver);
        TestDeliveries.produce(after);
        awaitStatus(after.envelope().messageId(), "delivered");
        WebhookReceiver.Received alone = last("/rotating");
        assertEquals(after.envelope().messageId(), alone.header("webhook-id"));
        assertEquals(1, alone.header("webhook-signature").split(" ").length, "only the new secret signs");
        new Webhook(rotated).verify(alone.body(), alone.headers());
        assertThrows(WebhookVerificationException.class, () -> new Webhook(old).verify(alone.body(), alone.headers()),
                "the old secret no longer verifies after the overlap");
    }

    @Test
    void withoutASecretNothingIsPushedUntilTheRegistryIssuesOne() {
        String receiver = UUID.randomUUID().toString();
        preferences.webhook(receiver, RECEIVER.url("/unsigned"));
        Delivery delivery = deliveryTo(receiver);
        TestDeliveries.produce(delivery);
        String id = delivery.envelope().messageId();
        await().atMost(Duration.ofSeconds(10)).until(() -> FakeRegistry.calls(receiver) >= 2);
        metadata(id).then().body("status", equalTo("accepted"));
        assertEquals(List.of(), RECEIVER.received("/unsigned"), "nothing is sent unsigned");

        String secret = FakeRegistry.issue(receiver);
        awaitStatus(id, "delivered");
        WebhookReceiver.Received push = RECEIVER.received("/unsigned").get(0);
        try {
            new Webhook(secret).verify(push.body(), push.headers());
        } catch (WebhookVerificationException e) {
            throw new AssertionError("the first signed push verifies", e);
        }
        assertEquals(0, FakeRegistry.refused(), "routing's every call carried its service JWT");
    }

    @Test
    void theSecretsOfAReceiverAreReadOncePerCacheLifetimeNotPerPush() {
        String receiver = webhookParticipant("/busy");
        List<Delivery> deliveries = new java.util.ArrayList<>();
        for (int i = 0; i < 20; i++) {
            deliveries.add(deliveryTo(receiver));
        }
        long start = System.nanoTime();
        deliveries.forEach(TestDeliveries::produce);
        deliveries.forEach(d -> awaitStatus(d.envelope().messageId(), "delivered"));
        double seconds = (System.nanoTime() - start) / 1e9;
        // the test's cache lifetime is 1 s: at most one read per started second, plus the first
        assertTrue(FakeRegistry.calls(receiver) <= seconds + 2, FakeRegistry.calls(receiver) + " registry reads for "
                + "20 pushes in " + seconds + " s");
        for (WebhookReceiver.Received push : RECEIVER.received("/busy")) {
            try {
                new Webhook(secret(receiver)).verify(push.body(), push.headers());
            } catch (WebhookVerificationException e) {
                throw new AssertionError("every push verifies", e);
            }
        }
    }

    private static final java.util.Map<String, String> SECRETS = new java.util.concurrent.ConcurrentHashMap<>();

    /** The receiver's current secret, as the registry issued it. */
    private static String secret(String participant) {
        return SECRETS.get(participant);
    }

    private static WebhookReceiver.Received last(String path) {
        List<WebhookReceiver.Received> received = RECEIVER.received(path);
        return received.get(received.size() - 1);
    }

    /** A participant with webhook delivery to the path and a signing secret issued by the registry. */
    private String webhookParticipant(String path) {
        String participant = UUID.randomUUID().toString();
        SECRETS.put(participant, FakeRegistry.issue(participant));
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
