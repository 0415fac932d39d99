package nl.knooppunt.registry;

import static nl.knooppunt.registry.OperatorApiTest.operator;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jose4j.jwk.PublicJsonWebKey;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import nl.knooppunt.standard.crypto.HubSecrets;
import nl.knooppunt.standard.crypto.Jwks;
import nl.knooppunt.standard.crypto.SnapshotSignatures;
import nl.knooppunt.standard.envelope.ParticipantSnapshot;
import nl.knooppunt.standard.kafka.Topics;
import nl.knooppunt.testsupport.HubSecretsTestResource;
import nl.knooppunt.testsupport.KafkaTestResource;
import nl.knooppunt.testsupport.PostgresTestResource;

/** Every committed change reaches the compacted participants topic as a full snapshot (ADR 0010). */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(HubSecretsTestResource.class)
@QuarkusTestResource(KafkaTestResource.class)
class SnapshotPublicationTest {

    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final ObjectMapper MAPPER = new ObjectMapper().findAndRegisterModules();
    /** Latest value per key; an empty optional stands for a tombstone. */
    private static final Map<String, java.util.Optional<ParticipantSnapshot>> LATEST = new ConcurrentHashMap<>();
    /** Every record value read, as it came. */
    private static final List<String> VALUES = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** Records whose registry signature did not verify (none expected). */
    private static final List<String> REFUSED = new java.util.concurrent.CopyOnWriteArrayList<>();
    private static final AtomicBoolean RUNNING = new AtomicBoolean(true);
    private static Thread reader;

    @BeforeAll
    static void readTopic() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "snapshot-test-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, "500");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        SnapshotSignatures.Verifier verifier = SnapshotSignatures.verifier(Jwks.readSet(Path.of(ConfigProvider
                .getConfig().getValue("knooppunt.secrets-dir", String.class)).resolve(HubSecrets.SERVICE_PUBLIC_KEYS)));
        reader = new Thread(() -> {
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
                consumer.subscribe(List.of(Topics.PARTICIPANTS));
                while (RUNNING.get()) {
                    consumer.poll(Duration.ofMillis(100)).forEach(r -> {
                        if (r.value() != null) {
                            VALUES.add(r.value());
                        }
                        Header signature = r.headers().lastHeader(SnapshotSignatures.HEADER);
                        SnapshotSignatures.Rejection rejection = verifier.check(r.key(), r.value(),
                                signature == null ? null : new String(signature.value(), StandardCharsets.UTF_8));
                        if (rejection == null) {
                            LATEST.put(r.key(), parse(r.value()));
                        } else {
                            REFUSED.add(r.key() + ": " + rejection.code());
                        }
                    });
                }
            }
        }, "snapshot-reader");
        reader.setDaemon(true);
        reader.start();
    }

    @AfterAll
    static void stop() throws InterruptedException {
        RUNNING.set(false);
        if (reader != null) {
            reader.join(5_000);
        }
    }

    @Test
    void republishesEveryParticipantAtStartup() {
        // only records with the registry's valid signature reach LATEST (readTopic)
        await().atMost(WAIT).until(() -> LATEST.containsKey(ParticipantDirectoryTest.GEMEENTE)
                && LATEST.containsKey(ParticipantDirectoryTest.ENERGIE));
        ParticipantSnapshot energie = LATEST.get(ParticipantDirectoryTest.ENERGIE).orElseThrow();
        assertEquals("creditor", energie.kind());
        assertEquals("energy", energie.sector());
        assertEquals("00000003123456780000", energie.oin());
        assertEquals(List.of("schuldinventarisatie"), energie.modules());
        assertEquals("mailbox", energie.delivery().mode());
    }

    @Test
    void publishesEveryChangeWithAHigherVersion() throws Exception {
        String id = OperatorApiTest.createCreditor("Woonstichting Snapshot");
        ParticipantSnapshot created = awaitSnapshot(id, s -> s.version() == 1);
        assertEquals("onboarding", created.status());
        assertEquals("Woonstichting Snapshot", created.name());

        operator().body(Map.of("status", "active")).when().put("/internal/v1/participants/" + id + "/status")
                .then().statusCode(200);
        operator().body(Map.of("status", "suspended")).when().put("/internal/v1/participants/" + id + "/status")
                .then().statusCode(200);
        ParticipantSnapshot suspended = awaitSnapshot(id, s -> "suspended".equals(s.status()));
        assertEquals(3, suspended.version());

        operator().when().delete("/internal/v1/participants/" + id + "/modules/schuldinventarisatie")
                .then().statusCode(200);
        assertTrue(awaitSnapshot(id, s -> s.version() == 4).modules().isEmpty());

        String secret = operator().body(Map.of("mode", "webhook", "webhookUrl", "https://hooks.example/snap"))
                .when().put("/internal/v1/participants/" + id + "/delivery").then().statusCode(200)
                .extract().path("webhookSecret.secret");
        assertEquals("https://hooks.example/snap", awaitSnapshot(id, s -> s.version() == 5).delivery().webhookUrl());
        // the webhook's signing secret is no part of the public snapshot (ADR 0037)
        assertTrue(secret.startsWith("whsec_"));
        assertTrue(VALUES.stream().noneMatch(v -> v.contains(secret.substring(6))), "a webhook secret on Kafka");
    }

    @Test
    void publishesKeyRotationAndTheEndOfTheOverlap() throws Exception {
        String id = OperatorApiTest.createCreditor("Woonstichting Rotatie");
        PublicJsonWebKey old = OperatorApiTest.ec("snap-old-" + UUID.randomUUID());
        PublicJsonWebKey next = OperatorApiTest.ec("snap-new-" + UUID.randomUUID());
        operator().contentType(ContentType.JSON).body(old.toJson(org.jose4j.jwk.JsonWebKey.OutputControlLevel.PUBLIC_ONLY))
                .when().put("/internal/v1/participants/" + id + "/keys/" + old.getKeyId()).then().statusCode(204);
        assertEquals(old.getKeyId(), awaitSnapshot(id, s -> s.keys().size() == 1).keys().get(0).get("kid"));
        operator().queryParam("overlap", "PT2S")
                .body(next.toJson(org.jose4j.jwk.JsonWebKey.OutputControlLevel.PUBLIC_ONLY))
                .when().put("/internal/v1/participants/" + id + "/keys/" + next.getKeyId()).then().statusCode(204);
        ParticipantSnapshot overlapping = awaitSnapshot(id, s -> s.keys().size() == 2);
        assertEquals(next.getKeyId(), overlapping.keys().get(0).get("kid"));
        assertFalse(overlapping.keys().get(0).containsKey("d"));
        ParticipantSnapshot rotated = awaitSnapshot(id, s -> s.keys().size() == 1
                && next.getKeyId().equals(s.keys().get(0).get("kid")));
        assertTrue(rotated.version() > overlapping.version());
    }

    @Test
    void publishesATombstoneWhenAParticipantIsRemoved() {
        String id = OperatorApiTest.createCreditor("Woonstichting Weg");
        awaitSnapshot(id, s -> true);
        operator().when().delete("/internal/v1/participants/" + id).then().statusCode(204);
        await().atMost(WAIT).until(() -> LATEST.get(id) != null && LATEST.get(id).isEmpty());
        assertNull(LATEST.get(id).orElse(null));
    }

    private static ParticipantSnapshot awaitSnapshot(String id, java.util.function.Predicate<ParticipantSnapshot> test) {
        await().atMost(WAIT).until(() -> {
            var latest = LATEST.get(id);
            return latest != null && latest.isPresent() && test.test(latest.get());
        });
        ParticipantSnapshot snapshot = LATEST.get(id).orElseThrow();
        assertNotNull(snapshot.updatedAt());
        assertEquals(List.of(), REFUSED, "every snapshot carries the registry's valid signature");
        return snapshot;
    }

    private static java.util.Optional<ParticipantSnapshot> parse(String value) {
        if (value == null) {
            return java.util.Optional.empty();
        }
        try {
            return java.util.Optional.of(MAPPER.readValue(value, ParticipantSnapshot.class));
        } catch (Exception e) {
            throw new IllegalStateException("unreadable snapshot", e);
        }
    }
}
