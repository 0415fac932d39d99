package nl.knooppunt.portal.limits;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import nl.knooppunt.portal.backpressure.DeliveryBacklog;
import nl.knooppunt.portal.hostile.HostileProfile;
import nl.knooppunt.portal.hostile.Tokens;
import nl.knooppunt.standard.kafka.Topics;
import nl.knooppunt.testsupport.HubSecretsTestResource;
import nl.knooppunt.testsupport.KafkaTestResource;

/**
 * Back-pressure from delivery over a real Kafka broker: while routing-service's consumer group lags more records on
 * {@code knooppunt.deliveries} than the bound, a submission is refused with 503 and Retry-After before anything is
 * produced; once the group has caught up, submissions reach Kafka again. The backlog and its bound are metrics.
 */
@QuarkusTest
@TestProfile(DeliveryBacklogTest.SmallBound.class)
class DeliveryBacklogTest {

    private static final String ROUTING_GROUP = "routing-service";

    /** A bound of 5 records, read every 200 ms, and a short verdict timeout (no validation-service here). */
    public static class SmallBound extends HostileProfile {
        @Override
        protected Map<String, String> extra() {
            return Map.of("knooppunt.back-pressure.max-delivery-backlog", "5",
                    "knooppunt.back-pressure.delivery-backlog-interval", "200ms",
                    "knooppunt.back-pressure.retry-after", "3s",
                    "knooppunt.portal.verdict-timeout", "2s");
        }

        @Override
        public boolean disableGlobalTestResources() {
            return true;
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(KafkaTestResource.class),
                    new TestResourceEntry(HubSecretsTestResource.class),
                    new TestResourceEntry(io.quarkus.test.oidc.server.OidcWiremockTestResource.class));
        }
    }

    @Inject
    DeliveryBacklog backlog;

    private Admin admin;

    @BeforeEach
    void connect() {
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap()));
    }

    @AfterEach
    void disconnect() {
        admin.close();
    }

    @Test
    void aBacklogAboveTheBoundShedsSubmissionsBeforeTheyReachKafkaUntilRoutingCatchesUp() throws Exception {
        Awaitility.await().atMost(Duration.ofSeconds(60))
                .until(() -> given().get("/q/health/ready").statusCode() == 200);
        admin.createTopics(List.of(new NewTopic(Topics.DELIVERIES, 2, (short) 1))).all().get(10, TimeUnit.SECONDS);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName()))) {
            for (int i = 0; i < 12; i++) {
                producer.send(new ProducerRecord<>(Topics.DELIVERIES, "recipient-" + (i % 3), "waiting")).get();
            }
        }
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> backlog.current() == 12);
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertEquals("12.0", metric(metrics, "knooppunt_portal_delivery_backlog"));
        assertEquals("5.0", metric(metrics, "knooppunt_portal_delivery_backlog_bound"));

        long before = submissionsOnKafka();
        submit().then().statusCode(503).contentType("application/problem+json").header("Retry-After", equalTo("3"))
                .body("type", equalTo("https://knooppunt.nl/problems/unavailable"))
                .body("detail", containsString("behind with delivering"));
        assertEquals(before, submissionsOnKafka(), "a shed submission never reaches Kafka");
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> given().get("/q/metrics").asString()
                .contains("knooppunt_portal_submissions_shed_total{reason=\"delivery-backlog\"} 1.0"));

        Map<TopicPartition, OffsetAndMetadata> caughtUp = new HashMap<>();
        for (int partition = 0; partition < 2; partition++) {
            TopicPartition topicPartition = new TopicPartition(Topics.DELIVERIES, partition);
            long end = admin.listOffsets(Map.of(topicPartition, OffsetSpec.latest())).all().get(10, TimeUnit.SECONDS)
                    .get(topicPartition).offset();
            caughtUp.put(topicPartition, new OffsetAndMetadata(end));
        }
        admin.alterConsumerGroupOffsets(ROUTING_GROUP, caughtUp).all().get(10, TimeUnit.SECONDS);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> backlog.current() == 0);

        // no validation-service answers here, so the submission ends in the verdict timeout, but it reached Kafka
        submit().then().statusCode(503).body("detail", not(containsString("behind with delivering")));
        assertEquals(before + 1, submissionsOnKafka(), "once routing caught up, the submission is produced");
    }

    private static Response submit() {
        return given().auth().oauth2(Tokens.client("client-a")).contentType(ContentType.JSON)
                .body("{\"module\":\"schuldinventarisatie\",\"type\":\"saldoverzoek\",\"recipient\":\""
                        + "b7e2d154-3e3c-4d66-8b1f-4a2a8b1e3b02\",\"payload\":{\"peildatum\":\"2026-11-27\"}}")
                .post("/api/v1/messages");
    }

    private long submissionsOnKafka() throws Exception {
        if (!admin.listTopics().names().get(10, TimeUnit.SECONDS).contains(Topics.SUBMISSIONS)) {
            return 0;
        }
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        admin.describeTopics(List.of(Topics.SUBMISSIONS)).allTopicNames().get(10, TimeUnit.SECONDS)
                .get(Topics.SUBMISSIONS).partitions()
                .forEach(p -> latest.put(new TopicPartition(Topics.SUBMISSIONS, p.partition()), OffsetSpec.latest()));
        return admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS).values().stream()
                .mapToLong(info -> info.offset()).sum();
    }

    private static String metric(String exposition, String name) {
        return exposition.lines().filter(line -> line.startsWith(name + " ") || line.startsWith(name + "{"))
                .map(line -> line.substring(line.lastIndexOf(' ') + 1)).findFirst()
                .orElseThrow(() -> new AssertionError("no metric " + name));
    }

    private static String bootstrap() {
        return ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
    }
}
