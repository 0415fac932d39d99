package nl.knooppunt.routing.delivery;

import static io.restassured.RestAssured.given;
import static nl.knooppunt.routing.support.TestDeliveries.ENERGIE;
import static nl.knooppunt.routing.support.TestDeliveries.GEMEENTE;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;


import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import nl.knooppunt.routing.support.FeedEvents;
import nl.knooppunt.routing.support.ServiceTokens;
import nl.knooppunt.routing.support.TestDeliveries;
import nl.knooppunt.routing.support.TopicReader;
import nl.knooppunt.standard.envelope.Delivery;
import nl.knooppunt.standard.envelope.Envelope;
import nl.knooppunt.standard.kafka.DeadLetters;
import nl.knooppunt.standard.kafka.Topics;
import nl.knooppunt.testsupport.HubSecretsTestResource;
import nl.knooppunt.testsupport.KafkaTestResource;
import nl.knooppunt.testsupport.PostgresTestResource;

@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(HubSecretsTestResource.class)
class DeliveryConsumerTest {

    @Inject
    Pool pool;

    @Test
    void validDeliveryIsStoredOnceAndAnnouncedOnce() throws Exception {
        Envelope envelope = TestDeliveries.newRequest(ENERGIE, GEMEENTE);
        Delivery delivery = TestDeliveries.signed(envelope, TestDeliveries.encryptFor(GEMEENTE));
        TestDeliveries.produce(delivery, delivery);
        // a later record for the same recipient (same partition) proves the duplicate was processed
        Delivery later = TestDeliveries.signed(TestDeliveries.newRequest(ENERGIE, GEMEENTE),
                TestDeliveries.encryptFor(GEMEENTE));
        TestDeliveries.produce(later);

        awaitStored(later.envelope().messageId());
        assertEquals(1L, rowCount(envelope.messageId()));
        given().auth().oauth2(ServiceTokens.portalApi("messages.read"))
                .get("/internal/v1/messages/{id}", envelope.messageId())
                .then().statusCode(200)
                .body("status", equalTo("delivered"))
                .body("conversationId", equalTo(envelope.conversationId()))
                .body("sender", equalTo(ENERGIE))
                .body("recipient", equalTo(GEMEENTE));

        // the sender's feed (ADR 0013, 0041), written with the row, holds each event once for a record delivered twice
        await().atMost(Duration.ofSeconds(10)).until(() -> FeedEvents.kinds(ENERGIE, envelope.messageId())
                .equals(List.of("accepted", "delivered")));
        FeedEvents.events(ENERGIE).stream().filter(e -> envelope.messageId().equals(e.get("messageId")))
                .forEach(e -> {
                    assertEquals(ENERGIE, e.get("sender"));
                    assertEquals(GEMEENTE, e.get("recipient"));
                });
        assertTrue(FeedEvents.kinds(GEMEENTE, envelope.messageId()).isEmpty(), "the recipient's feed has no status");
    }

    @Test
    void deliverySignedWithAKeyOutsideTheDeliveryLinkIsRefused() {
        Envelope envelope = TestDeliveries.newRequest(ENERGIE, GEMEENTE);
        Delivery forged = TestDeliveries.signedWith(envelope, TestDeliveries.encryptFor(GEMEENTE),
                "validation-service", TestDeliveries.submissionLink());
        assertRefused(GEMEENTE, TestDeliveries.json(forged), "assertion.invalid", envelope.messageId());
    }

    @Test
    void deliverySignedEs256ByValidationServiceIsRefused() {
        Envelope envelope = TestDeliveries.newRequest(ENERGIE, GEMEENTE);
        Delivery es256 = TestDeliveries.signedEs256(envelope, TestDeliveries.encryptFor(GEMEENTE));
        assertRefused(GEMEENTE, TestDeliveries.json(es256), "assertion.invalid", envelope.messageId());
    }

    @Test
    void deliveryWithTamperedCiphertextIsRefused() {
        Envelope envelope = TestDeliveries.newRequest(ENERGIE, GEMEENTE);
        String jwe = TestDeliveries.encryptFor(GEMEENTE);
        Delivery signed = TestDeliveries.signed(envelope, jwe);
        String[] parts = jwe.split("\\.");
        parts[3] = (parts[3].charAt(0) == 'A' ? "B" : "A") + parts[3].substring(1);
        Delivery tampered = new Delivery(envelope, String.join(".", parts), signed.assertion());
        assertRefused(GEMEENTE, TestDeliveries.json(tampered), "assertion.mismatch", envelope.messageId());
    }

    @Test
    void deliveryWithChangedRecipientIsRefused() {
        Envelope envelope = TestDeliveries.newRequest(ENERGIE, GEMEENTE);
        Delivery signed = TestDeliveries.signed(envelope, TestDeliveries.encryptFor(GEMEENTE));
        Envelope redirected = new Envelope(envelope.messageId(), envelope.conversationId(), null, envelope.module(),
                envelope.type(), envelope.sender(), ENERGIE, envelope.submittedAt());
        assertRefused(ENERGIE, TestDeliveries.json(new Delivery(redirected, signed.payload(), signed.assertion())),
                "assertion.mismatch", envelope.messageId());
    }

    @Test
    void malformedJsonIsRefused() {
        assertRefused(GEMEENTE, TestDeliveries.utf8("{\"envelope\": {\"messageId\": " + UUID.randomUUID()),
                "record.malformed", null);
    }

    @Test
    void envelopeWithNonUuidIdIsRefused() {
        Envelope envelope = TestDeliveries.newRequest(ENERGIE, GEMEENTE);
        Envelope broken = new Envelope("message-" + UUID.randomUUID(), envelope.conversationId(), null,
                envelope.module(), envelope.type(), envelope.sender(), envelope.recipient(), envelope.submittedAt());
        Delivery delivery = TestDeliveries.signed(broken, TestDeliveries.encryptFor(GEMEENTE));
        assertRefused(GEMEENTE, TestDeliveries.json(delivery), "record.malformed", null);
    }

    @Test
    void deliveryWithoutAssertionIsRefused() {
        Envelope envelope = TestDeliveries.newRequest(ENERGIE, GEMEENTE);
        Delivery unsigned = new Delivery(envelope, TestDeliveries.encryptFor(GEMEENTE), null);
        assertRefused(GEMEENTE, TestDeliveries.json(unsigned), "assertion.missing", envelope.messageId());
    }

    @Test
    void refusedRecordsAreCounted() {
        Envelope envelope = TestDeliveries.newRequest(ENERGIE, GEMEENTE);
        Delivery unsigned = new Delivery(envelope, TestDeliveries.encryptFor(GEMEENTE), "not-a-jws");
        assertRefused(GEMEENTE, TestDeliveries.json(unsigned), "assertion.invalid", envelope.messageId());
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("knooppunt_routing_refused_total{reason=\"assertion.invalid\""));
    }

    private void assertRefused(String key, byte[] value, String reason, String messageId) {
        try (TopicReader deadLetters = new TopicReader(Topics.DEAD_LETTERS)) {
            TestDeliveries.produceRaw(key, value);
            // a dead letter keeps metadata and the reason, never the payload (ADR 0034)
            byte[] redacted = DeadLetters.redact(value).getBytes(java.nio.charset.StandardCharsets.UTF_8);
            ConsumerRecord<String, byte[]> dead = deadLetters.await(r -> Arrays.equals(redacted, r.value()));
            assertEquals(reason, TopicReader.header(dead, "knooppunt-reason"));
            assertEquals(Topics.DELIVERIES, TopicReader.header(dead, "knooppunt-source-topic"));
            assertEquals(key, dead.key());
            assertArrayEquals(redacted, dead.value());
            assertFalse(new String(dead.value(), java.nio.charset.StandardCharsets.UTF_8).contains("\"payload\""),
                    "no payload in a dead letter");
        }
        if (messageId != null) {
            assertEquals(0L, rowCount(messageId), "a refused record is never stored");
        }
        // the partition is not blocked: a valid delivery behind the refused record still arrives
        Delivery next = TestDeliveries.signed(TestDeliveries.newRequest(ENERGIE, GEMEENTE),
                TestDeliveries.encryptFor(GEMEENTE));
        TestDeliveries.produce(next);
        awaitStored(next.envelope().messageId());
    }

    private void awaitStored(String messageId) {
        await().atMost(Duration.ofSeconds(30)).until(() -> rowCount(messageId) == 1L);
    }

    private long rowCount(String messageId) {
        return pool.preparedQuery("SELECT count(*) AS n FROM message WHERE id = $1")
                .executeAndAwait(Tuple.of(UUID.fromString(messageId)))
                .iterator().next().getLong("n");
    }
}
