package nl.knooppunt.routing.metrics;

import static io.restassured.RestAssured.given;
import static nl.knooppunt.routing.support.TestDeliveries.GEMEENTE;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import nl.knooppunt.routing.support.ServiceTokens;
import nl.knooppunt.routing.support.TestClock;
import nl.knooppunt.routing.support.TestDeliveries;
import nl.knooppunt.standard.envelope.Envelope;
import nl.knooppunt.testsupport.HubSecretsTestResource;
import nl.knooppunt.testsupport.KafkaTestResource;
import nl.knooppunt.testsupport.PostgresTestResource;

@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(HubSecretsTestResource.class)
class RoutingMetricsTest {

    private static final String MAILBOX = "mode=\"mailbox\",module=\"schuldinventarisatie\"";

    @Inject
    MailboxGauges gauges;

    @Inject
    TestClock clock;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void oneMessageShowsInDepthAgeAndLatencyWithoutParticipantIds() {
        double storedBefore = value("knooppunt_routing_stored_total",
                "mode=\"mailbox\",module=\"schuldinventarisatie\",type=\"saldoverzoek\"");
        double fetchedBefore = value("knooppunt_routing_delivery_latency_seconds_count",
                "module=\"schuldinventarisatie\",stage=\"fetched\"");
        double acknowledgedBefore = value("knooppunt_routing_delivery_latency_seconds_count",
                "module=\"schuldinventarisatie\",stage=\"acknowledged\"");

        String sender = UUID.randomUUID().toString();
        Envelope envelope = TestDeliveries.newRequest(sender, GEMEENTE);
        TestDeliveries.produce(TestDeliveries.signed(envelope, TestDeliveries.encryptFor(GEMEENTE)));
        String id = envelope.messageId();
        await().atMost(Duration.ofSeconds(20)).until(() -> given().auth().oauth2(ServiceTokens.portalApi(
                "messages.read")).get("/internal/v1/messages/{id}", id).statusCode() == 200);

        // counted right after the batch's transaction, so it may trail the status by a moment
        await().atMost(Duration.ofSeconds(5)).until(() -> value("knooppunt_routing_stored_total",
                "mode=\"mailbox\",module=\"schuldinventarisatie\",type=\"saldoverzoek\"") == storedBefore + 1);
        gauges.refresh().await().indefinitely();
        double waiting = value("knooppunt_routing_waiting", MAILBOX);
        assertTrue(waiting >= 1, "the stored message waits: " + waiting);
        // two hours after it was stored (stored a moment after its submission)
        clock.set(envelope.submittedAt().plus(Duration.ofHours(2)).plus(Duration.ofMinutes(1)));
        assertTrue(value("knooppunt_routing_oldest_waiting_seconds", MAILBOX) >= 7200,
                "the oldest waiting message is at least as old as this one");
        clock.reset();

        given().auth().oauth2(ServiceTokens.portalApi("mailbox"))
                .get("/internal/v1/mailboxes/{p}/messages/{m}", GEMEENTE, id).then().statusCode(200);
        given().auth().oauth2(ServiceTokens.portalApi("mailbox"))
                .post("/internal/v1/mailboxes/{p}/messages/{m}/ack", GEMEENTE, id).then().statusCode(204);
        assertEquals(fetchedBefore + 1, value("knooppunt_routing_delivery_latency_seconds_count",
                "module=\"schuldinventarisatie\",stage=\"fetched\""));
        assertEquals(acknowledgedBefore + 1, value("knooppunt_routing_delivery_latency_seconds_count",
                "module=\"schuldinventarisatie\",stage=\"acknowledged\""));
        gauges.refresh().await().indefinitely();
        assertEquals(waiting - 1, value("knooppunt_routing_waiting", MAILBOX), "acknowledged: no longer waiting");

        String scrape = scrape();
        Set<String> names = Pattern.compile("(?m)^(knooppunt_[a-z_]+?)(?:_total|_bucket|_count|_sum|_max)?[{ ]")
                .matcher(scrape).results().map(m -> m.group(1)).collect(Collectors.toSet());
        assertTrue(names.size() >= 3, "at least three domain metrics: " + names);
        for (String expected : new String[] { "knooppunt_routing_expired", "knooppunt_routing_reply_reminders",
                "knooppunt_routing_reply_overdue", "knooppunt_routing_pushes", "knooppunt_routing_refused",
                "knooppunt_routing_metadata_purged" }) {
            assertTrue(names.contains(expected), expected + " is exported before its first event: " + names);
        }
        String domainLines = scrape.lines().filter(line -> line.startsWith("knooppunt_"))
                .collect(Collectors.joining("\n"));
        assertFalse(domainLines.contains(sender) || domainLines.contains(GEMEENTE) || domainLines.contains(id),
                "no participant or message id in a metric label");
    }

    private static String scrape() {
        return given().get("/q/metrics").then().statusCode(200).extract().asString();
    }

    /** The value of the series with exactly these labels (in Prometheus' order), 0 when absent. */
    static double value(String name, String labels) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name + "{" + labels + "}") + " (\\S+)$")
                .matcher(scrape());
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }
}
