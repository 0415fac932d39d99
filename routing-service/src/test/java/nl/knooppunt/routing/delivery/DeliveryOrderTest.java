package nl.knooppunt.routing.delivery;

import static nl.knooppunt.routing.support.TestDeliveries.ENERGIE;
import static nl.knooppunt.routing.support.TestDeliveries.GEMEENTE;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import nl.knooppunt.routing.support.TestDeliveries;
import nl.knooppunt.routing.support.TopicReader;
import nl.knooppunt.standard.envelope.Delivery;
import nl.knooppunt.standard.envelope.Envelope;
import nl.knooppunt.standard.kafka.Topics;
import nl.knooppunt.testsupport.HubSecretsTestResource;
import nl.knooppunt.testsupport.KafkaTestResource;
import nl.knooppunt.testsupport.PostgresTestResource;

/** Deliveries are stored a polled batch per transaction (ADR 0036), each recipient's in the order they were published. */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(HubSecretsTestResource.class)
class DeliveryOrderTest {

    private static final int PER_RECIPIENT = 40;

    @Inject
    Pool pool;

    @Test
    void aBurstIsStoredOnceEachAndInOrderPerRecipient() throws Exception {
        List<Delivery> toGemeente = new ArrayList<>();
        List<Delivery> burst = new ArrayList<>();
        for (int i = 0; i < PER_RECIPIENT; i++) {
            Delivery mailbox = TestDeliveries.signed(TestDeliveries.newRequest(ENERGIE, GEMEENTE),
                    TestDeliveries.encryptFor(GEMEENTE));
            toGemeente.add(mailbox);
            burst.add(mailbox);
            burst.add(TestDeliveries.signed(TestDeliveries.newRequest(GEMEENTE, ENERGIE),
                    TestDeliveries.encryptFor(ENERGIE)));
        }
        // every fifth record twice: a redelivery must still give one mailbox entry
        List<Delivery> withDuplicates = new ArrayList<>();
        for (int i = 0; i < burst.size(); i++) {
            withDuplicates.add(burst.get(i));
            if (i % 5 == 0) {
                withDuplicates.add(burst.get(i));
            }
        }
        produceAtOnce(withDuplicates);

        List<UUID> ids = burst.stream().map(d -> UUID.fromString(d.envelope().messageId())).toList();
        await().atMost(Duration.ofSeconds(60)).until(() -> storedRows(ids).size() == ids.size());

        Map<UUID, Row> rows = storedRows(ids);
        assertEquals(ids.size(), rows.size(), "each message stored exactly once");
        OffsetDateTime previous = null;
        for (Delivery delivery : toGemeente) {
            OffsetDateTime deliveredAt = rows.get(UUID.fromString(delivery.envelope().messageId()))
                    .getOffsetDateTime("delivered_at");
            assertFalse(deliveredAt == null, "a mailbox message has its delivery time");
            if (previous != null) {
                assertTrue(!deliveredAt.isBefore(previous), "the recipient's messages are stored in published order");
            }
            previous = deliveredAt;
        }
    }

    /**
     * A batch with a record that fails its checks and one the database refuses (a NUL character PostgreSQL text
     * cannot hold): each is dead-lettered alone with its reason, and every other record of the batch is stored, once
     * and in order.
     */
    @Test
    void poisonRecordsInABatchAreDeadLetteredAloneAndTheRestIsStored() throws Exception {
        List<Delivery> good = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            good.add(TestDeliveries.signed(TestDeliveries.newRequest(ENERGIE, GEMEENTE),
                    TestDeliveries.encryptFor(GEMEENTE)));
        }
        Envelope base = TestDeliveries.newRequest(ENERGIE, GEMEENTE);
        Envelope nul = new Envelope(base.messageId(), base.conversationId(), null, "schuld\u0000inventarisatie",
                base.type(), base.sender(), base.recipient(), base.submittedAt());
        Delivery unstorable = TestDeliveries.signed(nul, TestDeliveries.encryptFor(GEMEENTE));
        String poison = "poison " + UUID.randomUUID();
        byte[] malformed = TestDeliveries.utf8("{\"envelope\": \"" + poison + "\"}");
        List<byte[]> values = new ArrayList<>();
        for (int i = 0; i < good.size(); i++) {
            values.add(TestDeliveries.json(good.get(i)));
            if (i == 5) {
                values.add(malformed);
            } else if (i == 12) {
                values.add(TestDeliveries.json(unstorable));
            }
        }
        try (TopicReader deadLetters = new TopicReader(Topics.DEAD_LETTERS)) {
            produceValuesAtOnce(GEMEENTE, values);
            var unstorableLetter = deadLetters.await(r -> TopicReader.value(r).contains(nul.messageId()));
            assertEquals("record.unstorable", TopicReader.header(unstorableLetter, "knooppunt-reason"));
            var malformedLetter = deadLetters.await(r -> TopicReader.value(r).contains(poison));
            assertEquals("record.malformed", TopicReader.header(malformedLetter, "knooppunt-reason"));
            assertEquals(GEMEENTE, malformedLetter.key());
            assertEquals(2, deadLetters.matching(r -> TopicReader.value(r).contains(nul.messageId())
                    || TopicReader.value(r).contains(poison)).size(), "each poison record dead-lettered once");
        }
        List<UUID> ids = good.stream().map(d -> UUID.fromString(d.envelope().messageId())).toList();
        await().atMost(Duration.ofSeconds(60)).until(() -> storedRows(ids).size() == ids.size());
        Map<UUID, Row> rows = storedRows(ids);
        OffsetDateTime previous = null;
        for (UUID id : ids) {
            OffsetDateTime deliveredAt = rows.get(id).getOffsetDateTime("delivered_at");
            assertTrue(previous == null || deliveredAt.isAfter(previous), "stored in published order");
            previous = deliveredAt;
        }
        assertEquals(Map.of(), storedRows(List.of(UUID.fromString(nul.messageId()))), "the refused one is not stored");
    }

    private Map<UUID, Row> storedRows(List<UUID> ids) {
        Map<UUID, Row> rows = new HashMap<>();
        for (Row row : pool.preparedQuery("SELECT id, delivered_at FROM message WHERE id = ANY($1)")
                .executeAndAwait(Tuple.of(ids.toArray(UUID[]::new)))) {
            rows.merge(row.getUUID("id"), row, (a, b) -> {
                throw new AssertionError("message " + a.getUUID("id") + " stored twice");
            });
        }
        return rows;
    }

    private static void produceValuesAtOnce(String key, List<byte[]> values) {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerProperties())) {
            values.forEach(value -> producer.send(new ProducerRecord<>(Topics.DELIVERIES, key, value)));
            producer.flush();
        }
    }

    private static void produceAtOnce(List<Delivery> deliveries) throws Exception {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerProperties())) {
            for (Delivery delivery : deliveries) {
                producer.send(new ProducerRecord<>(Topics.DELIVERIES, delivery.envelope().recipient(),
                        TestDeliveries.json(delivery)));
            }
            producer.flush();
        }
    }

    private static Properties producerProperties() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return props;
    }
}
