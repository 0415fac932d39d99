package nl.knooppunt.portal.message;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

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

import com.fasterxml.jackson.databind.ObjectMapper;

import nl.knooppunt.standard.crypto.HubSecrets;
import nl.knooppunt.standard.crypto.Jwks;
import nl.knooppunt.standard.crypto.TransitRatchet;
import nl.knooppunt.standard.crypto.VerdictSeals;
import nl.knooppunt.standard.envelope.Verdict;
import nl.knooppunt.standard.kafka.Topics;

/**
 * The Kafka side of a test stand-in for validation-service: reads every submission record from the submissions topic
 * (from the earliest offset, in a fresh consumer group) on a thread of its own and writes verdicts to the verdicts
 * topic, sealed like validation-service's (ADR 0014) or, for forgery tests, unsealed or with any seal given.
 */
public final class SubmissionTap implements AutoCloseable {

    /** What to do with each submission record (its key and value), on the tap's thread. */
    @FunctionalInterface
    public interface Handler {
        void onSubmission(String key, String value) throws Exception;
    }

    private final String name;
    private final ObjectMapper mapper = new ObjectMapper();
    private final TransitRatchet transit;
    private final VerdictSeals seals;
    private final KafkaConsumer<String, String> consumer;
    private final KafkaProducer<String, String> producer;
    private volatile Thread loop;
    private volatile boolean running = true;

    /**
     * Connects to {@code bootstrap} and opens the transit ratchet's state and the submission link ring in
     * {@code secretsDir}; reads nothing until started.
     */
    public SubmissionTap(String bootstrap, Path secretsDir, String name) {
        this.name = name;
        this.transit = TransitRatchet.open(secretsDir.resolve(TransitRatchet.STATE_FILE),
                new TransitRatchet.Settings(Duration.ofMinutes(5), Duration.ofMinutes(30)), Clock.systemUTC(), false);
        this.seals = new VerdictSeals(Jwks.readSet(secretsDir.resolve(HubSecrets.SUBMISSION_LINK_KEYS)));
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        c.put(ConsumerConfig.GROUP_ID_CONFIG, name + "-" + UUID.randomUUID());
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
    }

    /** The hub's transit ratchet, opened on the same state file as portal-api's. */
    public TransitRatchet transit() {
        return transit;
    }

    /** Seals made with the submission link ring, as validation-service makes them. */
    public VerdictSeals seals() {
        return seals;
    }

    /** Subscribes to the submissions topic and hands every record read to {@code handler}. */
    public SubmissionTap start(Handler handler) {
        consumer.subscribe(List.of(Topics.SUBMISSIONS));
        Thread thread = new Thread(() -> run(handler), name);
        thread.setDaemon(true);
        loop = thread;
        thread.start();
        return this;
    }

    private void run(Handler handler) {
        try {
            while (running) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
                    handler.onSubmission(record.key(), record.value());
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (Exception e) {
            throw new IllegalStateException("the " + name + " failed", e);
        } finally {
            consumer.close();
        }
    }

    /** Writes the verdict keyed by its message id, sealed like validation-service does. */
    public void sendSealed(Verdict verdict) throws Exception {
        String value = mapper.writeValueAsString(verdict);
        send(verdict.messageId(), value, seals.seal(verdict.messageId(), value));
    }

    /** Writes {@code value} as a verdict record keyed by {@code messageId}, with {@code seal} or, if null, none. */
    public void send(String messageId, String value, String seal) {
        RecordHeaders headers = new RecordHeaders();
        if (seal != null) {
            headers.add(VerdictSeals.HEADER, seal.getBytes(StandardCharsets.UTF_8));
        }
        producer.send(new ProducerRecord<>(Topics.VERDICTS, null, messageId, value, headers));
        producer.flush();
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        Thread thread = loop;
        if (thread != null) {
            consumer.wakeup();
            thread.join(5000);
        } else {
            consumer.close();
        }
        producer.close(Duration.ofSeconds(2));
    }
}
