package nl.knooppunt.portal.message;

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
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import nl.knooppunt.standard.envelope.Verdict;
import nl.knooppunt.standard.envelope.Violation;
import nl.knooppunt.standard.kafka.Topics;

/**
 * Stands in for validation-service over real Kafka: notes the message id of every submission and, while answering,
 * accepts it (rejects it when addressed to {@link #REJECTING}). Silent, it is a validation-service that is down.
 */
final class Judge implements AutoCloseable {

    /** Submissions to this recipient are rejected. */
    static final String REJECTING = "00000000-0000-4000-8000-00000000dead";

    /** The message id of every submission read, in order. */
    final List<String> submitted = new CopyOnWriteArrayList<>();
    volatile boolean answering = true;

    private final ObjectMapper mapper = new ObjectMapper();
    private final KafkaConsumer<String, String> consumer;
    private final KafkaProducer<String, String> producer;
    private final Thread loop;
    private volatile boolean running = true;

    Judge(String bootstrap) {
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
                    if (!answering) {
                        continue;
                    }
                    Verdict verdict = REJECTING.equals(envelope.path("recipient").asText())
                            ? Verdict.rejected(messageId, List.of(new Violation("schema.required", "/x", "missing")))
                            : Verdict.accepted(messageId, envelope.path("conversationId").asText(messageId));
                    producer.send(new ProducerRecord<>(Topics.VERDICTS, messageId, mapper.writeValueAsString(verdict)));
                    producer.flush();
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
