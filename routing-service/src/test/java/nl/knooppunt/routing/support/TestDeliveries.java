package nl.knooppunt.routing.support;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import nl.knooppunt.standard.crypto.EnvelopeAssertions;
import nl.knooppunt.standard.crypto.HubSecrets;
import nl.knooppunt.standard.crypto.Jwks;
import nl.knooppunt.standard.crypto.LinkKeyRing;
import nl.knooppunt.standard.crypto.RecipientCipher;
import nl.knooppunt.standard.envelope.Delivery;
import nl.knooppunt.standard.envelope.Envelope;
import nl.knooppunt.standard.kafka.Topics;

/** Builds deliveries as validation-service publishes them and produces records to {@code knooppunt.deliveries}. */
public final class TestDeliveries {

    public static final String GEMEENTE = "6a1f0c43-2d2b-4c55-9a0e-3f1f7a0d2a01";
    public static final String ENERGIE = "b7e2d154-3e3c-4d66-8b1f-4a2a8b1e3b02";
    public static final String PLAINTEXT = "{\"saldo\":{\"bedrag\":\"123.45\",\"valuta\":\"EUR\"}}";

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private TestDeliveries() {
    }

    /** A new request from the energy company to the municipality (whose key decrypts it). */
    public static Envelope newRequest(String sender, String recipient) {
        String id = UUID.randomUUID().toString();
        return new Envelope(id, id, null, "schuldinventarisatie", "saldoverzoek", sender, recipient,
                Instant.now().truncatedTo(ChronoUnit.MILLIS));
    }

    /** The private keys (on its side) of a demo participant. */
    public static List<PublicJsonWebKey> participantKeys(String participantId) {
        return nl.knooppunt.testsupport.ParticipantTestKeys.of(ServiceTokens.secretsDir(), participantId);
    }

    /** The plaintext encrypted to the recipient's own key. */
    public static String encryptFor(String participantId) {
        return RecipientCipher.encrypt(PLAINTEXT, participantKeys(participantId).get(0));
    }

    /** The delivery link's key ring, held by validation-service and routing-service (ADR 0029). */
    public static LinkKeyRing deliveryLink() {
        return LinkKeyRing.read(ServiceTokens.secretsDir().resolve(HubSecrets.DELIVERY_LINK_KEYS));
    }

    /** The submission link's key ring (portal-api and validation-service): a key routing-service must not trust. */
    public static LinkKeyRing submissionLink() {
        return LinkKeyRing.read(ServiceTokens.secretsDir().resolve(HubSecrets.SUBMISSION_LINK_KEYS));
    }

    /** A delivery signed by validation-service, as it must be. */
    public static Delivery signed(Envelope envelope, String payload) {
        return signedWith(envelope, payload, "validation-service", deliveryLink());
    }

    public static Delivery signedWith(Envelope envelope, String payload, String issuer, LinkKeyRing link) {
        return new Delivery(envelope, payload,
                EnvelopeAssertions.sign(envelope, payload, issuer, Duration.ofDays(7), link));
    }

    /**
     * A delivery whose assertion carries the right claims and the delivery link's kid but is signed ES256 with
     * validation-service's private signing key (the scheme before ADR 0029).
     */
    public static Delivery signedEs256(Envelope envelope, String payload) {
        try {
            JsonWebSignature genuine = new JsonWebSignature();
            genuine.setCompactSerialization(signed(envelope, payload).assertion());
            PublicJsonWebKey key = Jwks.readPrivateKey(
                    ServiceTokens.secretsDir().resolve(HubSecrets.VALIDATION_SERVICE_SIGNING_KEY));
            JsonWebSignature es256 = new JsonWebSignature();
            es256.setPayload(genuine.getUnverifiedPayload());
            es256.setKey(key.getPrivateKey());
            es256.setKeyIdHeaderValue(genuine.getKeyIdHeaderValue());
            es256.setAlgorithmHeaderValue(AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256);
            return new Delivery(envelope, payload, es256.getCompactSerialization());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static byte[] json(Object value) {
        try {
            return JSON.writeValueAsBytes(value);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static byte[] utf8(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    /** Produces the deliveries (key: recipient id) and waits until the broker has them. */
    public static void produce(Delivery... deliveries) {
        for (Delivery delivery : deliveries) {
            produceRaw(delivery.envelope().recipient(), json(delivery));
        }
    }

    /** Produces a raw record value to the deliveries topic and waits until the broker has it. */
    public static void produceRaw(String key, byte[] value) {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerConfig())) {
            producer.send(new ProducerRecord<>(Topics.DELIVERIES, key, value)).get();
        } catch (Exception e) {
            throw new IllegalStateException("producing a test delivery failed", e);
        }
    }

    private static Properties producerConfig() {
        Properties props = new Properties();
        props.putAll(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName()));
        return props;
    }
}
