package nl.knooppunt.testsupport;

import java.util.Map;

import org.apache.kafka.common.test.KafkaClusterTestKit;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/** A real in-process KRaft broker, as {@link KafkaTestResource} starts it, that a test may stop to take Kafka away. */
public class StoppableKafka implements QuarkusTestResourceLifecycleManager {

    private static volatile KafkaClusterTestKit cluster;

    @Override
    public Map<String, String> start() {
        cluster = KafkaTestResource.startBroker();
        return Map.of("kafka.bootstrap.servers", cluster.bootstrapServers());
    }

    /** Takes the broker away (idempotent). */
    public static synchronized void kill() {
        if (cluster != null) {
            try {
                cluster.close();
            } catch (Exception e) {
                throw new IllegalStateException("could not stop the in-process Kafka broker", e);
            } finally {
                cluster = null;
            }
        }
    }

    @Override
    public void stop() {
        kill();
    }
}
