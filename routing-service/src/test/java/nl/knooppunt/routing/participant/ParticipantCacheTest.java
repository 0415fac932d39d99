package nl.knooppunt.routing.participant;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
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
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import nl.knooppunt.kit.participant.ParticipantCache;
import nl.knooppunt.routing.support.TopicReader;
import nl.knooppunt.standard.crypto.HubSecrets;
import nl.knooppunt.standard.crypto.Jwks;
import nl.knooppunt.standard.crypto.SnapshotSignatures;
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

    /**
     * A component that can write to the participants topic cannot change what routing believes: unsigned, forged,
     * tampered, moved and replayed records change nothing, and every refused one is dead-lettered with its reason.
     */
    @Test
    void refusesSnapshotsTheRegistryDidNotSign() throws Exception {
        String id = UUID.randomUUID().toString();
        String other = UUID.randomUUID().toString();
        ParticipantSnapshot genuine = snapshot(id, "active", new ParticipantSnapshot.Delivery("mailbox", null), 5);
        publish(id, genuine);
        await().atMost(WITHIN).until(() -> cache.ready() && cache.mayReceive(id));
        PublicJsonWebKey registry = Jwks.readPrivateKey(secretsDir().resolve(HubSecrets.REGISTRY_SERVICE_SIGNING_KEY));
        PublicJsonWebKey portal = Jwks.readPrivateKey(secretsDir().resolve(HubSecrets.PORTAL_API_SIGNING_KEY));
        ParticipantSnapshot.Delivery attacker = new ParticipantSnapshot.Delivery("webhook", "https://attacker.example/x");
        String hijack = MAPPER.writeValueAsString(snapshot(id, "active", attacker, 6));

        try (TopicReader deadLetters = new TopicReader(Topics.DEAD_LETTERS)) {
            send(id, hijack, null);
            send(id, hijack, SnapshotSignatures.sign(id, MAPPER.writeValueAsString(genuine), registry));
            send(id, hijack, detachedSignature(id, hijack, portal));
            send(id, null, "not-a-signature");
            String signedForOther = MAPPER.writeValueAsString(snapshot(other, "active", attacker, 9));
            send(id, signedForOther, SnapshotSignatures.sign(other, signedForOther, registry));

            for (String reason : List.of("snapshot.unsigned", "snapshot.bad-signature", "snapshot.invalid")) {
                deadLetters.await(r -> id.equals(r.key()) && reason.equals(TopicReader.header(r, "knooppunt-reason"))
                        && Topics.PARTICIPANTS.equals(TopicReader.header(r, "knooppunt-source-topic")));
            }
            deadLetters.await(r -> id.equals(r.key()) && TopicReader.value(r).contains(other));
            assertEquals(5, deadLetters.matching(r -> id.equals(r.key())
                    && Topics.PARTICIPANTS.equals(TopicReader.header(r, "knooppunt-source-topic"))).size());
        }
        // a genuine but older snapshot, replayed: ignored
        publish(id, snapshot(id, "suspended", new ParticipantSnapshot.Delivery("mailbox", null), 4));
        ParticipantSnapshot marker = snapshot(id, "active", new ParticipantSnapshot.Delivery("mailbox", null), 7);
        publish(id, marker);
        await().atMost(WITHIN).until(() -> cache.find(id).map(ParticipantSnapshot::version).orElse(0L) == 7L);
        assertTrue(cache.mayReceive(id));
        assertTrue(cache.webhook(id).isEmpty(), "the forged webhook never took effect");
        assertTrue(cache.find(other).isEmpty());
    }

    private static String detachedSignature(String key, String value, PublicJsonWebKey signer) throws Exception {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(key + "\n+" + value);
        jws.setKey(signer.getPrivateKey());
        jws.setKeyIdHeaderValue(HubSecrets.REGISTRY_SERVICE_KEY_ID);
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256);
        return jws.getDetachedContentCompactSerialization();
    }

    private static Path secretsDir() {
        return Path.of(ConfigProvider.getConfig().getValue("knooppunt.secrets-dir", String.class));
    }

    private static ParticipantSnapshot snapshot(String id, String status, ParticipantSnapshot.Delivery delivery,
            long version) {
        return new ParticipantSnapshot(id, "00000009000000000002", "87654321", "Woonstichting Routing", "creditor",
                "housing-corporation", status, List.of("schuldinventarisatie"), List.of(), delivery, version,
                Instant.now());
    }

    /** Publishes as registry-service does: with its signature over key and value. */
    private static void publish(String key, ParticipantSnapshot snapshot) throws Exception {
        String value = snapshot == null ? null : MAPPER.writeValueAsString(snapshot);
        send(key, value, SnapshotSignatures.sign(key, value,
                Jwks.readPrivateKey(secretsDir().resolve(HubSecrets.REGISTRY_SERVICE_SIGNING_KEY))));
    }

    private static void send(String key, String value, String signature) throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
            RecordHeaders headers = new RecordHeaders();
            if (signature != null) {
                headers.add(SnapshotSignatures.HEADER, signature.getBytes(StandardCharsets.UTF_8));
            }
            producer.send(new ProducerRecord<>(Topics.PARTICIPANTS, null, key, value, headers)).get();
        }
    }
}
