package nl.knooppunt.portal.hostile;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Stream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

import nl.knooppunt.standard.kafka.Topics;
import nl.knooppunt.testsupport.hostile.RawHttp;

/**
 * The test broker as a {@link HostileProfile} application sees it: the hub's submission and verdict topics, a
 * {@link FakeValidator} judging every submission, and how many records {@code knooppunt.submissions} holds.
 */
public final class HostileKafka implements AutoCloseable {

    private final FakeValidator validator;
    private final KafkaConsumer<byte[], byte[]> offsets;
    private final List<TopicPartition> partitions;

    private HostileKafka(FakeValidator validator, KafkaConsumer<byte[], byte[]> offsets,
            List<TopicPartition> partitions) {
        this.validator = validator;
        this.offsets = offsets;
        this.partitions = partitions;
    }

    /** Creates the topics if missing, starts the validator and waits until the application is ready. */
    public static HostileKafka start() {
        Config config = ConfigProvider.getConfig();
        String bootstrap = config.getValue("kafka.bootstrap.servers", String.class);
        Properties admin = new Properties();
        admin.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin client = Admin.create(admin)) {
            Set<String> existing = client.listTopics().names().get();
            List<NewTopic> missing = Stream.of(Topics.SUBMISSIONS, Topics.VERDICTS).filter(t -> !existing.contains(t))
                    .map(t -> new NewTopic(t, 1, (short) 1)).toList();
            client.createTopics(missing).all().get();
        } catch (Exception e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException(e);
            }
        }
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        KafkaConsumer<byte[], byte[]> offsets = new KafkaConsumer<>(c);
        List<TopicPartition> partitions = offsets.partitionsFor(Topics.SUBMISSIONS).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        FakeValidator validator = new FakeValidator(bootstrap,
                Path.of(config.getValue("knooppunt.secrets-dir", String.class)));
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> RawHttp.send(HostileProfile.PORT, "GET",
                "/q/health/ready", List.of(), null, null, false).status() == 200);
        return new HostileKafka(validator, offsets, partitions);
    }

    /** Every submission record value the validator read, in order. */
    public List<String> records() {
        return validator.records;
    }

    /** How many records {@code knooppunt.submissions} holds (the sum of its end offsets). */
    public long published() {
        return offsets.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
    }

    @Override
    public void close() throws InterruptedException {
        validator.close();
        offsets.close();
    }
}
