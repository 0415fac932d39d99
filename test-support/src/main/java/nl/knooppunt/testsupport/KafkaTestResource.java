package nl.knooppunt.testsupport;

import java.util.Map;

import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import nl.knooppunt.testsupport.containers.ContainerChoice;
import nl.knooppunt.testsupport.containers.ContainerServers;

/**
 * A real single-node KRaft Kafka broker, in-process, from Kafka's own test kit; with
 * {@code -Dknooppunt.test.containers=true} a container of the pinned image instead ({@link ContainerChoice}).
 */
public class KafkaTestResource implements QuarkusTestResourceLifecycleManager {

    private KafkaClusterTestKit cluster;
    private ContainerServers.Started container;

    @Override
    public Map<String, String> start() {
        if (ContainerChoice.useContainers()) {
            container = ContainerServers.kafka();
            return container.config();
        }
        cluster = startBroker();
        return Map.of("kafka.bootstrap.servers", cluster.bootstrapServers());
    }

    /** Starts a single-node KRaft broker (combined broker and controller) and waits until it is ready. */
    static KafkaClusterTestKit startBroker() {
        try {
            KafkaClusterTestKit broker = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                    .setCombined(true).setNumBrokerNodes(1).setNumControllerNodes(1).build())
                    .setConfigProp("offsets.topic.replication.factor", "1")
                    .setConfigProp("offsets.topic.num.partitions", "1")
                    .setConfigProp("transaction.state.log.replication.factor", "1")
                    .setConfigProp("transaction.state.log.min.isr", "1")
                    .setConfigProp("group.initial.rebalance.delay.ms", "0")
                    .setConfigProp("auto.create.topics.enable", "true")
                    .build();
            broker.format();
            broker.startup();
            broker.waitForReadyBrokers();
            return broker;
        } catch (Exception e) {
            throw new IllegalStateException("could not start the in-process Kafka broker", e);
        }
    }

    @Override
    public void stop() {
        if (container != null) {
            ContainerChoice.close(container.container());
        }
        if (cluster != null) {
            try {
                cluster.close();
            } catch (Exception e) {
                throw new IllegalStateException("could not stop the in-process Kafka broker", e);
            }
        }
    }
}
