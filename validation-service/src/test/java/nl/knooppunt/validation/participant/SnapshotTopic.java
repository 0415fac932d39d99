package nl.knooppunt.validation.participant;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jose4j.json.JsonUtil;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.PublicJsonWebKey;

import com.fasterxml.jackson.databind.ObjectMapper;

import nl.knooppunt.standard.crypto.HubSecrets;
import nl.knooppunt.standard.crypto.Jwks;
import nl.knooppunt.standard.crypto.SnapshotSignatures;
import nl.knooppunt.standard.envelope.ParticipantSnapshot;
import nl.knooppunt.standard.kafka.Topics;

/** Publishes participant snapshots on the participants topic the way registry-service does (for tests). */
public final class SnapshotTopic {

    /** Gemeente Voorbeeldstad, as the demo seed registers it. */
    public static final String GEMEENTE = "6a1f0c43-2d2b-4c55-9a0e-3f1f7a0d2a01";
    /** Voorbeeld Energie B.V., as the demo seed registers it. */
    public static final String ENERGIE = "b7e2d154-3e3c-4d66-8b1f-4a2a8b1e3b02";

    private static final ObjectMapper MAPPER = new ObjectMapper().findAndRegisterModules();

    private SnapshotTopic() {
    }

    /** The demo counsellor, active, schuldinventarisatie on, with its own key. */
    public static ParticipantSnapshot gemeente(long version) {
        return snapshot(GEMEENTE, "Gemeente Voorbeeldstad", "00000001001234567000", "01234567", "counsellor-phase-1",
                null, "active", List.of("schuldinventarisatie"), List.of(participantKey(GEMEENTE)), version);
    }

    /** The demo creditor, active, schuldinventarisatie on, with its own key. */
    public static ParticipantSnapshot energie(long version) {
        return snapshot(ENERGIE, "Voorbeeld Energie B.V.", "00000003123456780000", "12345678", "creditor", "energy",
                "active", List.of("schuldinventarisatie"), List.of(participantKey(ENERGIE)), version);
    }

    /** A snapshot with the given state. */
    public static ParticipantSnapshot snapshot(String id, String name, String oin, String kvk, String kind,
            String sector, String status, List<String> modules, List<Map<String, Object>> keys, long version) {
        return new ParticipantSnapshot(id, oin, kvk, name, kind, sector, status, modules, keys,
                new ParticipantSnapshot.Delivery("mailbox", null), version, Instant.now());
    }

    /** The public key of a demo participant from the test secrets. */
    public static Map<String, Object> participantKey(String participantId) {
        PublicJsonWebKey key = nl.knooppunt.testsupport.ParticipantTestKeys.of(secretsDir(), participantId).get(0);
        try {
            return JsonUtil.parseJson(key.toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY));
        } catch (org.jose4j.lang.JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Publishes the snapshots (acks=all) and waits until Kafka has them. */
    public static void publish(ParticipantSnapshot... snapshots) {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props())) {
            for (ParticipantSnapshot s : snapshots) {
                producer.send(signed(s.id(), MAPPER.writeValueAsString(s))).get();
            }
        } catch (Exception e) {
            throw new IllegalStateException("could not publish participant snapshots", e);
        }
    }

    /** Publishes a tombstone for the participant. */
    public static void remove(String participantId) {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props())) {
            producer.send(signed(participantId, null)).get();
        } catch (Exception e) {
            throw new IllegalStateException("could not publish a tombstone", e);
        }
    }

    /** Publishes a record as it is, with the signature given (or none): what a forger with Kafka access can do. */
    public static void publishRaw(String key, String value, String signature) {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props())) {
            RecordHeaders headers = new RecordHeaders();
            if (signature != null) {
                headers.add(SnapshotSignatures.HEADER, signature.getBytes(StandardCharsets.UTF_8));
            }
            producer.send(new ProducerRecord<>(Topics.PARTICIPANTS, null, key, value, headers)).get();
        } catch (Exception e) {
            throw new IllegalStateException("could not publish a record", e);
        }
    }

    /** The registry's signature over a record, made with its key from the test secrets. */
    public static String registrySignature(String key, String value) {
        return SnapshotSignatures.sign(key, value,
                Jwks.readPrivateKey(secretsDir().resolve(HubSecrets.REGISTRY_SERVICE_SIGNING_KEY)));
    }

    /** The snapshot as JSON. */
    public static String json(ParticipantSnapshot snapshot) {
        try {
            return MAPPER.writeValueAsString(snapshot);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static ProducerRecord<String, String> signed(String key, String value) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(SnapshotSignatures.HEADER, registrySignature(key, value).getBytes(StandardCharsets.UTF_8));
        return new ProducerRecord<>(Topics.PARTICIPANTS, null, key, value, headers);
    }

    private static Properties props() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        return props;
    }

    private static Path secretsDir() {
        return Path.of(ConfigProvider.getConfig().getValue("knooppunt.secrets-dir", String.class));
    }
}
