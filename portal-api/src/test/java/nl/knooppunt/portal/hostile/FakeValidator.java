package nl.knooppunt.portal.hostile;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
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

import nl.knooppunt.standard.catalogue.Catalogue;
import nl.knooppunt.standard.catalogue.MessageType;
import nl.knooppunt.standard.catalogue.ParticipantKind;
import nl.knooppunt.standard.crypto.HubSecrets;
import nl.knooppunt.standard.crypto.Jwks;
import nl.knooppunt.standard.crypto.TransitCipher;
import nl.knooppunt.standard.crypto.VerdictSeals;
import nl.knooppunt.standard.envelope.Verdict;
import nl.knooppunt.standard.envelope.Violation;
import nl.knooppunt.standard.kafka.Topics;
import nl.knooppunt.standard.validation.MessageValidator;

/**
 * Stands in for validation-service over real Kafka: opens each submission with the transit key, judges the payload
 * with the standard's own {@link MessageValidator}, allows a reply only to a message addressed to its sender (the
 * protocol rule {@code protocol.in-reply-to-unknown}) and answers a verdict. Keeps every record value it read.
 */
final class FakeValidator implements AutoCloseable {

    /** Every submission record value read, as it was on the topic. */
    final List<String> records = new CopyOnWriteArrayList<>();

    private final ObjectMapper mapper = new ObjectMapper();
    private final MessageValidator validator = new MessageValidator();
    private final TransitCipher transit;
    private final VerdictSeals seals;
    private final Map<String, String> recipients = new ConcurrentHashMap<>(
            Map.of(HostileFakes.TO_A, HostileFakes.A, HostileFakes.TO_B, HostileFakes.B));
    private final KafkaConsumer<String, String> consumer;
    private final KafkaProducer<String, String> producer;
    private final Thread loop;
    private volatile boolean running = true;

    FakeValidator(String bootstrap, Path secretsDir) {
        transit = new TransitCipher(Jwks.readSet(secretsDir.resolve(HubSecrets.TRANSIT_KEYS)));
        seals = new VerdictSeals(Jwks.readSet(secretsDir.resolve(HubSecrets.TRANSIT_KEYS)));
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        c.put(ConsumerConfig.GROUP_ID_CONFIG, "fake-validator-" + UUID.randomUUID());
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
        loop = new Thread(this::run, "fake-validator");
        loop.setDaemon(true);
        loop.start();
    }

    private void run() {
        try {
            while (running) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
                    records.add(record.value());
                    Verdict verdict = judge(record.value());
                    String value = mapper.writeValueAsString(verdict);
                    RecordHeaders headers = new RecordHeaders();
                    headers.add(VerdictSeals.HEADER,
                            seals.seal(verdict.messageId(), value).getBytes(StandardCharsets.UTF_8));
                    producer.send(new ProducerRecord<>(Topics.VERDICTS, null, verdict.messageId(), value, headers));
                    producer.flush();
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (Exception e) {
            throw new IllegalStateException("the fake validator failed", e);
        } finally {
            consumer.close();
        }
    }

    private Verdict judge(String value) throws Exception {
        JsonNode submission = mapper.readTree(value);
        JsonNode envelope = submission.path("envelope");
        String messageId = envelope.path("messageId").asText();
        String sender = envelope.path("sender").asText();
        String inReplyTo = envelope.path("inReplyTo").isTextual() ? envelope.path("inReplyTo").asText() : null;
        MessageType type = Catalogue.standard().messageType(envelope.path("module").asText(),
                envelope.path("type").asText()).orElse(null);
        if (type == null) {
            return Verdict.rejected(messageId, List.of(new Violation("standard.unknown-type", "", "unknown type")));
        }
        if (inReplyTo != null && !sender.equals(recipients.get(inReplyTo))) {
            return Verdict.rejected(messageId, List.of(new Violation("protocol.in-reply-to-unknown", "",
                    "inReplyTo names no message addressed to the sender")));
        }
        JsonNode payload = mapper.readTree(transit.decrypt(submission.path("payload").asText()));
        ParticipantKind kind = HostileFakes.A.equals(sender) ? ParticipantKind.COUNSELLOR_PHASE_1
                : ParticipantKind.CREDITOR;
        List<Violation> violations = validator.validate(type, payload, kind);
        if (!violations.isEmpty()) {
            return Verdict.rejected(messageId, violations);
        }
        recipients.put(messageId, envelope.path("recipient").asText());
        return Verdict.accepted(messageId, inReplyTo == null ? messageId : inReplyTo);
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        loop.join(5000);
        producer.close(Duration.ofSeconds(2));
    }
}
