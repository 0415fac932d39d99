package nl.knooppunt.portal.message;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.OctJwkGenerator;
import org.jose4j.jwk.OctetSequenceJsonWebKey;

import nl.knooppunt.standard.crypto.HubSecrets;
import nl.knooppunt.standard.crypto.Jwks;
import nl.knooppunt.standard.crypto.VerdictSeals;
import nl.knooppunt.standard.envelope.Verdict;
import nl.knooppunt.standard.envelope.Violation;
import nl.knooppunt.standard.kafka.Topics;

/**
 * Stands in for validation-service over real Kafka: notes the message id of every submission and, while answering,
 * accepts it (rejects it when addressed to {@link #REJECTING}) with a verdict sealed like validation-service's.
 * Silent, it is a validation-service that is down. Forging, it is an intruder who can write to the verdicts topic:
 * it answers "accepted" unsealed, sealed with a key of its own under the real key id, and with a genuine seal of
 * another verdict.
 */
final class Judge implements AutoCloseable {

    /** Submissions to this recipient are rejected. */
    static final String REJECTING = "00000000-0000-4000-8000-00000000dead";

    /** The message id of every submission read, in order. */
    final List<String> submitted = new CopyOnWriteArrayList<>();
    volatile boolean answering = true;
    volatile boolean forging;

    private final ObjectMapper mapper = new ObjectMapper();
    private final KafkaConsumer<String, String> consumer;
    private final KafkaProducer<String, String> producer;
    private final Thread loop;
    private final VerdictSeals seals;
    private final VerdictSeals foreignSeals;
    private volatile boolean running = true;

    Judge(String bootstrap, Path secretsDir) {
        JsonWebKeySet ring = Jwks.readSet(secretsDir.resolve(HubSecrets.TRANSIT_KEYS));
        seals = new VerdictSeals(ring);
        try {
            OctetSequenceJsonWebKey foreign = OctJwkGenerator.generateJwk(256);
            foreign.setKeyId(ring.getJsonWebKeys().get(0).getKeyId());
            foreignSeals = new VerdictSeals(new JsonWebKeySet(foreign));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        c.put(ConsumerConfig.GROUP_ID_CONFIG, "judge-" + UUID.randomUUID());
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        consumer = new KafkaConsumer<>(c);
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        producer = new KafkaProducer<>(p);
        consumer.subscribe(List.of(Topics.SUBMISSIONS));
        loop = new Thread(this::run, "judge");
        loop.setDaemon(true);
        loop.start();
    }

    private void run() {
        try {
            while (running) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
                    JsonNode envelope = mapper.readTree(record.value()).path("envelope");
                    String messageId = envelope.path("messageId").asText();
                    submitted.add(messageId);
                    String conversationId = envelope.path("conversationId").asText(messageId);
                    if (forging) {
                        forge(messageId, conversationId);
                        continue;
                    }
                    if (!answering) {
                        continue;
                    }
                    Verdict verdict = REJECTING.equals(envelope.path("recipient").asText())
                            ? Verdict.rejected(messageId, List.of(new Violation("schema.required", "/x", "missing")))
                            : Verdict.accepted(messageId, conversationId);
                    send(messageId, mapper.writeValueAsString(verdict), seals.seal(messageId,
                            mapper.writeValueAsString(verdict)));
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (Exception e) {
            throw new IllegalStateException("the judge failed", e);
        } finally {
            consumer.close();
        }
    }

    private void forge(String messageId, String conversationId) throws Exception {
        String accepted = mapper.writeValueAsString(Verdict.accepted(messageId, conversationId));
        String rejected = mapper.writeValueAsString(Verdict.rejected(messageId,
                List.of(new Violation("schema.required", "/x", "missing"))));
        send(messageId, accepted, null);
        send(messageId, accepted, foreignSeals.seal(messageId, accepted));
        send(messageId, accepted, seals.seal(messageId, rejected));
    }

    private void send(String messageId, String value, String seal) {
        RecordHeaders headers = new RecordHeaders();
        if (seal != null) {
            headers.add(VerdictSeals.HEADER, seal.getBytes(StandardCharsets.UTF_8));
        }
        producer.send(new ProducerRecord<>(Topics.VERDICTS, null, messageId, value, headers));
        producer.flush();
    }

    /** How often a message id was submitted. */
    long times(String messageId) {
        return submitted.stream().filter(messageId::equals).count();
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        loop.join(5000);
        producer.close(Duration.ofSeconds(2));
    }
}
