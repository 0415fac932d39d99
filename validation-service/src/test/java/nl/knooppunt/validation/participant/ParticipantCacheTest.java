package nl.knooppunt.validation.participant;

import static nl.knooppunt.validation.participant.SnapshotTopic.ENERGIE;
import static nl.knooppunt.validation.participant.SnapshotTopic.GEMEENTE;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import nl.knooppunt.kit.participant.ParticipantCache;
import nl.knooppunt.standard.envelope.ParticipantSnapshot;
import nl.knooppunt.standard.kafka.Topics;
import nl.knooppunt.testsupport.HubSecretsTestResource;
import nl.knooppunt.testsupport.KafkaTestResource;
import nl.knooppunt.validation.fake.TopicRecorder;
import nl.knooppunt.validation.registry.Participant;
import nl.knooppunt.validation.registry.ParticipantDirectory;

/** validation-service looks participants up in its cache of the participants topic; changes arrive within seconds. */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(HubSecretsTestResource.class)
class ParticipantCacheTest {

    private static final Duration WITHIN = Duration.ofSeconds(5);

    @Inject
    ParticipantDirectory directory;
    @Inject
    ParticipantCache cache;

    @Test
    void readsTheWholeTopicBeforeItIsReady() {
        await().atMost(WITHIN).until(cache::ready);
        Participant energie = find(ENERGIE).orElseThrow();
        assertEquals("creditor", energie.kind());
        assertTrue(energie.isActive());
        assertTrue(energie.hasModule("schuldinventarisatie"));
        assertTrue(energie.encryptionKey().isPresent());
        assertTrue(find(UUID.randomUUID().toString()).isEmpty());
        assertTrue(find("not-a-uuid").isEmpty());
    }

    @Test
    void suspensionModuleChangesAndKeyRotationTakeEffectWithinSeconds() throws Exception {
        String id = UUID.randomUUID().toString();
        var key1 = SnapshotTopic.participantKey(ENERGIE);
        var key2 = SnapshotTopic.participantKey(GEMEENTE);
        SnapshotTopic.publish(SnapshotTopic.snapshot(id, "Woonstichting Cache", "00000009000000000001", "87654321",
                "creditor", "housing-corporation", "active", List.of("schuldinventarisatie"), List.of(key1), 1));
        await().atMost(WITHIN).until(() -> find(id).map(Participant::isActive).orElse(false));
        Participant first = find(id).orElseThrow();
        assertSame(first, find(id).orElseThrow(), "one snapshot is built into a participant once");
        assertSame(first.encryptionKey().orElseThrow(), first.encryptionKey().orElseThrow(),
                "its key is parsed once");
        assertEquals(key1.get("kid"), first.encryptionKey().orElseThrow().getKeyId());

        SnapshotTopic.publish(SnapshotTopic.snapshot(id, "Woonstichting Cache", "00000009000000000001", "87654321",
                "creditor", "housing-corporation", "suspended", List.of("schuldinventarisatie"), List.of(key1), 2));
        await().atMost(WITHIN).until(() -> find(id).map(p -> !p.isActive()).orElse(false));

        SnapshotTopic.publish(SnapshotTopic.snapshot(id, "Woonstichting Cache", "00000009000000000001", "87654321",
                "creditor", "housing-corporation", "active", List.of(), List.of(key2, key1), 3));
        await().atMost(WITHIN).until(() -> find(id).map(p -> p.isActive() && !p.hasModule("schuldinventarisatie"))
                .orElse(false));
        assertEquals(key2.get("kid"), find(id).orElseThrow().encryptionKey().orElseThrow().getKeyId());

        SnapshotTopic.publish(SnapshotTopic.snapshot(id, "Verouderd", "00000009000000000001", "87654321",
                "creditor", "housing-corporation", "suspended", List.of(), List.of(), 2));
        SnapshotTopic.remove(UUID.randomUUID().toString());
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(3))
                .until(() -> find(id).map(p -> p.isActive()).orElse(false));
        assertTrue(find(id).orElseThrow().isActive(), "an older version must not overwrite a newer one");

        SnapshotTopic.remove(id);
        await().atMost(WITHIN).until(() -> find(id).isEmpty());
        assertFalse(find(GEMEENTE).isEmpty());
    }

    /**
     * A component that can write to the participants topic cannot make validation encrypt to its key: an unsigned,
     * re-signed or tampered snapshot and an unsigned tombstone change nothing, and each is dead-lettered.
     */
    @Test
    void aForgedSnapshotCannotSwapAParticipantsKey() throws Exception {
        String id = UUID.randomUUID().toString();
        var genuineKey = SnapshotTopic.participantKey(ENERGIE);
        var attackerKey = SnapshotTopic.participantKey(GEMEENTE);
        ParticipantSnapshot genuine = SnapshotTopic.snapshot(id, "Zorgverzekeraar Echt", "00000009000000000003",
                "87654322", "creditor", "health-insurer", "active", List.of("schuldinventarisatie"),
                List.of(genuineKey), 1);
        SnapshotTopic.publish(genuine);
        await().atMost(WITHIN).until(() -> find(id).isPresent());

        String forged = SnapshotTopic.json(SnapshotTopic.snapshot(id, "Zorgverzekeraar Echt", "00000009000000000003",
                "87654322", "creditor", "health-insurer", "active", List.of("schuldinventarisatie"),
                List.of(attackerKey), 2));
        try (TopicRecorder deadLetters = new TopicRecorder(
                ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class),
                List.of(Topics.DEAD_LETTERS))) {
            SnapshotTopic.publishRaw(id, forged, null);
            SnapshotTopic.publishRaw(id, forged, SnapshotTopic.registrySignature(id, SnapshotTopic.json(genuine)));
            SnapshotTopic.publishRaw(id, null, null);
            await().atMost(WITHIN).until(() -> deadLetters.records(Topics.DEAD_LETTERS).stream()
                    .filter(r -> id.equals(r.key()) && Topics.PARTICIPANTS.equals(header(r, "knooppunt-source-topic")))
                    .map(r -> header(r, "knooppunt-reason")).toList()
                    .equals(List.of("snapshot.unsigned", "snapshot.bad-signature", "snapshot.unsigned")));
        }
        SnapshotTopic.publish(SnapshotTopic.snapshot(id, "Zorgverzekeraar Echt", "00000009000000000003", "87654322",
                "creditor", "health-insurer", "active", List.of("schuldinventarisatie"), List.of(genuineKey), 3));
        await().atMost(WITHIN).until(() -> cache.find(id).map(ParticipantSnapshot::version).orElse(0L) == 3L);
        assertEquals(genuineKey.get("kid"), find(id).orElseThrow().encryptionKey().orElseThrow().getKeyId());
    }

    private static String header(org.apache.kafka.clients.consumer.ConsumerRecord<String, String> record,
            String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), java.nio.charset.StandardCharsets.UTF_8);
    }

    private Optional<Participant> find(String id) {
        return directory.find(id).await().atMost(Duration.ofSeconds(10));
    }
}
