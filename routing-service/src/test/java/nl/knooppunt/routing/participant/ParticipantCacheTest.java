package nl.knooppunt.routing.participant;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import nl.knooppunt.standard.envelope.ParticipantSnapshot;
import nl.knooppunt.standard.kafka.Topics;
import nl.knooppunt.testsupport.HubSecretsTestResource;
import nl.knooppunt.testsupport.KafkaTestResource;
import nl.knooppunt.testsupport.PostgresTestResource;

/** routing-service follows the participants topic: suspension and delivery changes arrive within seconds. */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(HubSecretsTestResource.class)
class ParticipantCacheTest {

    private static final Duration WITHIN = Duration.ofSeconds(15);
    private static final ObjectMapper MAPPER = new ObjectMapper().findAndRegisterModules();

    @Inject
    ParticipantCache cache;

    @Test
    void followsSuspensionDeliveryAndRemoval() throws Exception {
        String id = UUID.randomUUID().toString();
        publish(id, snapshot(id, "active", new ParticipantSnapshot.Delivery("mailbox", null), 1));
        await().atMost(WITHIN).until(() -> cache.ready() && cache.mayReceive(id));
        assertTrue(cache.webhook(id).isEmpty());

        publish(id, snapshot(id, "active", new ParticipantSnapshot.Delivery("webhook", "https://hooks.example/r"), 2));
        await().atMost(WITHIN).until(() -> cache.webhook(id).equals(Optional.of(URI.create("https://hooks.example/r"))));

        publish(id, snapshot(id, "suspended", new ParticipantSnapshot.Delivery("webhook", "https://hooks.example/r"), 3));
        await().atMost(WITHIN).until(() -> !cache.mayReceive(id));
        assertTrue(cache.find(id).isPresent());

        publish(id, null);
        await().atMost(WITHIN).until(() -> cache.find(id).isEmpty());
        assertFalse(cache.mayReceive(id));
    }

    private static ParticipantSnapshot snapshot(String id, String status, ParticipantSnapshot.Delivery delivery,
            long version) {
        return new ParticipantSnapshot(id, "00000009000000000002", "87654321", "Woonstichting Routing", "creditor",
                "housing-corporation", status, List.of("schuldinventarisatie"), List.of(), delivery, version,
                Instant.now());
    }

    private static void publish(String key, ParticipantSnapshot snapshot) throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
            producer.send(new ProducerRecord<>(Topics.PARTICIPANTS, key,
                    snapshot == null ? null : MAPPER.writeValueAsString(snapshot))).get();
        }
    }
}
