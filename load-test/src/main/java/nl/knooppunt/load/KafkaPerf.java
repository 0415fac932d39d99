package nl.knooppunt.load;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import nl.knooppunt.standard.kafka.Topics;

/**
 * Raw Kafka on the stack's own broker, with Kafka's own tools ({@code ProducerPerformance},
 * {@code ConsumerPerformance} of {@code kafka-tools}) in a child JVM, for records of the size the hub writes (the mean
 * size of the latest records on {@code knooppunt.deliveries}), so the hub's throughput can be read as a share of what
 * the broker itself can do.
 */
public final class KafkaPerf {

    private static final Pattern PRODUCER = Pattern.compile("(\\d+) records sent, ([\\d.]+) records/sec \\(([\\d.]+) "
            + "MB/sec\\), ([\\d.]+) ms avg latency, ([\\d.]+) ms max latency, (\\d+) ms 50th, (\\d+) ms 95th, (\\d+) "
            + "ms 99th");

    /**
     * What the tools measured.
     *
     * @param recordBytes        record value size used
     * @param sizes              mean value size per hub topic
     * @param producerRecordsPerSec ProducerPerformance records/s (acks=all, idempotent)
     * @param producerMbPerSec   its MB/s
     * @param producerP99Ms      its p99 send latency
     * @param consumerRecordsPerSec ConsumerPerformance records/s
     * @param consumerMbPerSec   its MB/s
     * @param producerOutput     the producer tool's summary line
     * @param consumerOutput     the consumer tool's result line
     */
    public record Result(int recordBytes, Map<String, Integer> sizes, double producerRecordsPerSec, double producerMbPerSec,
            double producerP99Ms, double consumerRecordsPerSec, double consumerMbPerSec, String producerOutput,
            String consumerOutput) {
    }

    private final LoadConfig config;
    private final Consumer<String> log;

    KafkaPerf(LoadConfig config, Consumer<String> log) {
        this.config = config;
        this.log = log;
    }

    Result run(Path workDir) throws Exception {
        Map<String, Integer> sizes = new java.util.LinkedHashMap<>();
        for (String topic : List.of(Topics.SUBMISSIONS, Topics.DELIVERIES, Topics.VERDICTS)) {
            sizes.put(topic, meanValueSize(topic));
        }
        int recordBytes = Math.max(100, sizes.getOrDefault("knooppunt.deliveries", 2000));
        String topic = "knooppunt-load-perf-" + UUID.randomUUID().toString().substring(0, 8);
        int partitions;
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafkaBootstrap()))) {
            partitions = admin.describeTopics(List.of("knooppunt.deliveries")).allTopicNames().get()
                    .get("knooppunt.deliveries").partitions().size();
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
        }
        try {
            int records = config.kafkaPerfRecords();
            log.accept("raw Kafka: " + records + " records of " + recordBytes + " bytes on " + partitions
                    + " partitions (topic " + topic + ")");
            String producer = tool(workDir, "org.apache.kafka.tools.ProducerPerformance", "--topic", topic,
                    "--num-records", Integer.toString(records), "--record-size", Integer.toString(recordBytes),
                    "--throughput", "-1", "--producer-props", "bootstrap.servers=" + config.kafkaBootstrap(),
                    "acks=all", "enable.idempotence=true");
            String summary = producer.lines().filter(l -> PRODUCER.matcher(l).find()).reduce((a, b) -> b).orElse("");
            Matcher m = PRODUCER.matcher(summary);
            double prodRate = 0;
            double prodMb = 0;
            double prodP99 = 0;
            if (m.find()) {
                prodRate = Double.parseDouble(m.group(2));
                prodMb = Double.parseDouble(m.group(3));
                prodP99 = Double.parseDouble(m.group(8));
            }
            String consumer = tool(workDir, "org.apache.kafka.tools.ConsumerPerformance", "--bootstrap-server",
                    config.kafkaBootstrap(), "--topic", topic, "--messages", Integer.toString(records), "--group",
                    topic + "-group", "--timeout", "60000");
            String line = consumer.lines().filter(l -> l.matches("^\\d{4}-.*")).reduce((a, b) -> b).orElse("");
            double consRate = 0;
            double consMb = 0;
            String[] fields = line.split(",\\s*");
            if (fields.length >= 6) {
                consMb = Double.parseDouble(fields[3]);
                consRate = Double.parseDouble(fields[5]);
            }
            return new Result(recordBytes, sizes, prodRate, prodMb, prodP99, consRate, consMb, summary.trim(),
                    line.trim());
        } finally {
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                    config.kafkaBootstrap()))) {
                admin.deleteTopics(List.of(topic)).all().get();
            } catch (Exception e) {
                log.accept("could not delete " + topic + ": " + e.getMessage());
            }
        }
    }

    /** Sum of the end offsets of each hub topic (records written so far). */
    static Map<String, Long> endOffsets(LoadConfig config) {
        Map<String, Long> offsets = new java.util.LinkedHashMap<>();
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafkaBootstrap());
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
            for (String topic : List.of(Topics.SUBMISSIONS, Topics.VERDICTS, Topics.DELIVERIES, Topics.DEAD_LETTERS)) {
                List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                        .map(p -> new TopicPartition(topic, p.partition())).toList();
                offsets.put(topic, consumer.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum());
            }
        } catch (RuntimeException e) {
            // a topic missing: the report shows what could be read
        }
        return offsets;
    }

    /** Mean value size of the last (up to) 500 records of a topic. */
    private int meanValueSize(String topic) {
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
            long total = 0;
            int count = 0;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (count < 500 && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.value() != null) {
                        total += record.value().length;
                        count++;
                    }
                }
            }
            return count == 0 ? 0 : (int) (total / count);
        }
    }

    private String tool(Path workDir, String mainClass, String... args) throws IOException, InterruptedException {
        if (config.classpathFile() == null || !Files.isRegularFile(config.classpathFile())) {
            throw new IllegalStateException("no classpath file " + config.classpathFile()
                    + "; build the module: ./mvnw -pl load-test package");
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx512m", "-cp", Files.readString(config.classpathFile()).trim(), mainClass));
        command.addAll(List.of(args));
        Path out = workDir.resolve(mainClass.substring(mainClass.lastIndexOf('.') + 1) + ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        if (!process.waitFor(10, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException(mainClass + " did not finish in 10 minutes");
        }
        return Files.readString(out, StandardCharsets.UTF_8);
    }
}
