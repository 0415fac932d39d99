package nl.knooppunt.load;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import nl.knooppunt.standard.kafka.Topics;

/**
 * Raw Kafka in the hub's shape, on the stack's own broker, after the steps: what the broker and plain clients carry
 * when they do only the hub's Kafka work. Three topics with the partitions of the hub's, and per message the hub's
 * three records, with the sizes (key, value, headers) of the run's latest records on each hub topic:
 * <ol>
 * <li>a producer writes a submission record (portal-api's producer: acks=all, idempotent, linger 1 ms);</li>
 * <li>a relay consumes it and writes a delivery record and a verdict record (validation-service: two idempotent
 * acks=all producers, offsets committed every second);</li>
 * <li>one consumer reads the deliveries (routing-service) and one the verdicts (portal-api).</li>
 * </ol>
 * The producer runs as fast as the pipeline takes it (at most {@link #MAX_LAG} messages ahead of the deliveries
 * read, so it cannot just fill the broker), and a message counts as relayed when both its delivery and its verdict
 * were read. No database, no HTTP, no validation, no encryption: the hub's rate as a share of this one is how much
 * of the broker's capacity its own work leaves.
 */
public final class KafkaRelay {

    /** The producer waits when it is this many messages ahead of the delivery consumer. */
    static final int MAX_LAG = 20_000;
    private static final Duration WARMUP = Duration.ofSeconds(10);

    /**
     * The shape of one hub topic's records, from the run.
     *
     * @param records how many of the latest records were measured
     */
    public record Shape(String topic, int partitions, int keyBytes, int valueBytes, int headerBytes, int records) {
    }

    /**
     * What the relay carried.
     *
     * @param shapes          the record shapes used (submissions, deliveries, verdicts)
     * @param seconds         measured seconds (after {@link #WARMUP})
     * @param messages        messages relayed in them (delivery and verdict read)
     * @param messagesPerSec  relayed messages per second
     * @param cpuSeconds      CPU seconds per process tree in the measured window (the broker and the driver, which
     *                        runs the relay's clients)
     * @param sendErrors      failed sends
     */
    public record Result(List<Shape> shapes, double seconds, long messages, double messagesPerSec,
            Map<String, Double> cpuSeconds, long sendErrors) {

        /** CPU of every process per relayed message, ms. */
        public double cpuMsPerMessage() {
            return messages == 0 ? Double.NaN
                    : cpuSeconds.values().stream().mapToDouble(Double::doubleValue).sum() * 1000 / messages;
        }
    }

    private final LoadConfig config;
    private final Consumer<String> log;
    private final AtomicLong submitted = new AtomicLong();
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong verdicts = new AtomicLong();
    private final AtomicLong sendErrors = new AtomicLong();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private volatile boolean running = true;

    KafkaRelay(LoadConfig config, Consumer<String> log) {
        this.config = config;
        this.log = log;
    }

    /** Runs the relay for 10 s unmeasured, then {@code load.kafka-relay-duration} measured. */
    Result run(StackProcesses processes) throws Exception {
        List<Shape> shapes = new ArrayList<>();
        for (String topic : List.of(Topics.SUBMISSIONS, Topics.DELIVERIES, Topics.VERDICTS)) {
            shapes.add(shape(topic));
        }
        String id = UUID.randomUUID().toString().substring(0, 8);
        String sub = "knooppunt-load-relay-" + id + "-submissions";
        String del = "knooppunt-load-relay-" + id + "-deliveries";
        String ver = "knooppunt-load-relay-" + id + "-verdicts";
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafkaBootstrap()))) {
            admin.createTopics(List.of(new NewTopic(sub, shapes.get(0).partitions(), (short) 1),
                    new NewTopic(del, shapes.get(1).partitions(), (short) 1),
                    new NewTopic(ver, shapes.get(2).partitions(), (short) 1))).all().get();
        }
        log.accept("raw Kafka relay: " + describe(shapes) + "; " + WARMUP.toSeconds() + " s unmeasured, "
                + config.kafkaRelayDuration().toSeconds() + " s measured");
        List<Thread> threads = new ArrayList<>();
        List<KafkaConsumer<byte[], byte[]>> consumers = new ArrayList<>();
        try {
            KafkaConsumer<byte[], byte[]> validation = consumer("relay-validation-" + id, sub);
            KafkaConsumer<byte[], byte[]> routing = consumer("relay-routing-" + id, del);
            KafkaConsumer<byte[], byte[]> portal = consumer("relay-portal-" + id, ver);
            consumers.addAll(List.of(validation, routing, portal));
            threads.add(thread("load-relay-routing", () -> count(routing, delivered)));
            threads.add(thread("load-relay-portal", () -> count(portal, verdicts)));
            threads.add(thread("load-relay-validation", () -> relay(validation, del, ver, shapes.get(1),
                    shapes.get(2))));
            threads.add(thread("load-relay-source", () -> produce(sub, shapes.get(0))));
            threads.forEach(Thread::start);

            TimeUnit.MILLISECONDS.sleep(WARMUP.toMillis());
            Map<String, Double> cpuBefore = processes.cpuNow();
            long begin = System.nanoTime();
            long messagesBefore = Math.min(delivered.get(), verdicts.get());
            TimeUnit.MILLISECONDS.sleep(config.kafkaRelayDuration().toMillis());
            long messages = Math.min(delivered.get(), verdicts.get()) - messagesBefore;
            double seconds = (System.nanoTime() - begin) / 1e9;
            Map<String, Double> cpuAfter = processes.cpuNow();
            Map<String, Double> used = new LinkedHashMap<>();
            cpuAfter.forEach((name, after) -> {
                double d = after - cpuBefore.getOrDefault(name, after);
                if (d > 0.005) {
                    used.put(name, d);
                }
            });
            if (failure.get() != null) {
                throw new IllegalStateException("the relay failed: " + failure.get(), failure.get());
            }
            Result result = new Result(shapes, seconds, messages, messages / seconds, used, sendErrors.get());
            log.accept(String.format(Locale.ROOT, "raw Kafka relay: %.0f messages/s (%d in %.0f s, %d submission "
                    + "records written in all), %.3f ms CPU per message (%s)", result.messagesPerSec(), messages,
                    seconds, submitted.get(), result.cpuMsPerMessage(), used.keySet()));
            return result;
        } finally {
            running = false;
            consumers.forEach(KafkaConsumer::wakeup);
            for (Thread t : threads) {
                t.join(30_000);
            }
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                    config.kafkaBootstrap()))) {
                admin.deleteTopics(List.of(sub, del, ver)).all().get();
            } catch (Exception e) {
                log.accept("could not delete the relay's topics: " + e.getMessage());
            }
        }
    }

    static String describe(List<Shape> shapes) {
        return String.join(", ", shapes.stream().map(s -> String.format(Locale.ROOT,
                "%s %d partitions, key %d + value %d + headers %d bytes", s.topic(), s.partitions(), s.keyBytes(),
                s.valueBytes(), s.headerBytes())).toList());
    }

    private Thread thread(String name, Runnable body) {
        Thread thread = new Thread(() -> {
            try {
                body.run();
            } catch (WakeupException e) {
                // stopped
            } catch (RuntimeException e) {
                if (running) {
                    failure.compareAndSet(null, e);
                }
            }
        }, name);
        thread.setDaemon(true);
        return thread;
    }

    private void produce(String topic, Shape shape) {
        try (KafkaProducer<byte[], byte[]> producer = producer("1")) {
            byte[] value = bytes(shape.valueBytes());
            while (running) {
                if (submitted.get() - delivered.get() >= MAX_LAG) {
                    sleep();
                    continue;
                }
                producer.send(new ProducerRecord<>(topic, null, key(shape.keyBytes()), value,
                        headers(shape.headerBytes())), (meta, e) -> {
                            if (e != null) {
                                sendErrors.incrementAndGet();
                            }
                        });
                submitted.incrementAndGet();
            }
            producer.flush();
        }
    }

    private void relay(KafkaConsumer<byte[], byte[]> consumer, String deliveries, String verdictTopic,
            Shape delivery, Shape verdict) {
        try (consumer; KafkaProducer<byte[], byte[]> deliveryProducer = producer("5");
                KafkaProducer<byte[], byte[]> verdictProducer = producer("5")) {
            byte[] deliveryValue = bytes(delivery.valueBytes());
            byte[] verdictValue = bytes(verdict.valueBytes());
            while (running) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(100));
                for (ConsumerRecord<byte[], byte[]> record : records) {
                    deliveryProducer.send(new ProducerRecord<>(deliveries, null, key(delivery.keyBytes()),
                            deliveryValue, headers(delivery.headerBytes())), this::sent);
                    verdictProducer.send(new ProducerRecord<>(verdictTopic, null, record.key(), verdictValue,
                            headers(verdict.headerBytes())), this::sent);
                }
            }
        }
    }

    private void sent(org.apache.kafka.clients.producer.RecordMetadata meta, Exception e) {
        if (e != null) {
            sendErrors.incrementAndGet();
        }
    }

    private void count(KafkaConsumer<byte[], byte[]> consumer, AtomicLong counter) {
        try (consumer) {
            while (running) {
                counter.addAndGet(consumer.poll(Duration.ofMillis(100)).count());
            }
        }
    }

    private KafkaProducer<byte[], byte[]> producer(String lingerMs) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafkaBootstrap());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.LINGER_MS_CONFIG, lingerMs);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return new KafkaProducer<>(props);
    }

    private KafkaConsumer<byte[], byte[]> consumer(String group, String topic) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafkaBootstrap());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "true");
        props.put(ConsumerConfig.AUTO_COMMIT_INTERVAL_MS_CONFIG, "1000");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "500");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props);
        consumer.subscribe(List.of(topic));
        return consumer;
    }

    /** The mean key, value and header sizes of the latest (up to) 500 records of a hub topic. */
    private Shape shape(String topic) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafkaBootstrap());
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            int per = Math.max(1, 500 / partitions.size());
            ends.forEach((tp, end) -> consumer.seek(tp, Math.max(0, end - per)));
            long keys = 0;
            long values = 0;
            long headers = 0;
            int count = 0;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (count < 500 && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    keys += record.key() == null ? 0 : record.key().length;
                    values += record.value() == null ? 0 : record.value().length;
                    for (Header header : record.headers()) {
                        headers += header.key().length() + (header.value() == null ? 0 : header.value().length);
                    }
                    count++;
                }
            }
            return count == 0 ? new Shape(topic, partitions.size(), 36, 2000, 0, 0)
                    : new Shape(topic, partitions.size(), (int) (keys / count), (int) (values / count),
                            (int) (headers / count), count);
        }
    }

    private static byte[] bytes(int size) {
        byte[] bytes = new byte[Math.max(0, size)];
        ThreadLocalRandom.current().nextBytes(bytes);
        return bytes;
    }

    private static byte[] key(int size) {
        byte[] uuid = UUID.randomUUID().toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        if (size == uuid.length) {
            return uuid;
        }
        byte[] key = new byte[Math.max(1, size)];
        for (int i = 0; i < key.length; i++) {
            key[i] = uuid[i % uuid.length];
        }
        return key;
    }

    private static RecordHeaders headers(int size) {
        RecordHeaders headers = new RecordHeaders();
        if (size > 2) {
            headers.add("h", new byte[size - 1]);
        }
        return headers;
    }

    private static void sleep() {
        try {
            TimeUnit.MILLISECONDS.sleep(1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
