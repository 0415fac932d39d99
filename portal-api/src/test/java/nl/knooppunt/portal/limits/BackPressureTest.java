package nl.knooppunt.portal.limits;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import nl.knooppunt.portal.backpressure.SubmissionGate;
import nl.knooppunt.portal.hostile.HostileProfile;
import nl.knooppunt.portal.hostile.Tokens;
import nl.knooppunt.testsupport.HubSecretsTestResource;
import nl.knooppunt.testsupport.StoppableKafka;

/**
 * Without validation-service answering, and then without Kafka, portal-api answers 503 with Retry-After quickly:
 * one submission in flight at most (configured), a verdict timeout, and fast failure while Kafka cannot take
 * submissions. Nothing piles up: the in-flight count returns to zero.
 */
@QuarkusTest
@TestProfile(BackPressureTest.Tight.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BackPressureTest {

    /** One submission in flight, short timeouts, and a broker the test can stop. */
    public static class Tight extends HostileProfile {
        @Override
        protected Map<String, String> extra() {
            return Map.of("knooppunt.back-pressure.max-in-flight-submissions", "1",
                    "knooppunt.back-pressure.send-timeout", "4s",
                    "knooppunt.back-pressure.fail-fast-after-send-failure", "30s",
                    "knooppunt.back-pressure.retry-after", "7s",
                    "knooppunt.portal.verdict-timeout", "2s",
                    "mp.messaging.outgoing.submissions.max.block.ms", "2000",
                    "mp.messaging.outgoing.submissions.request.timeout.ms", "1500",
                    "mp.messaging.outgoing.submissions.delivery.timeout.ms", "3000");
        }

        @Override
        public boolean disableGlobalTestResources() {
            return true;
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(StoppableKafka.class),
                    new TestResourceEntry(HubSecretsTestResource.class),
                    new TestResourceEntry(io.quarkus.test.oidc.server.OidcWiremockTestResource.class));
        }
    }

    @Inject
    SubmissionGate gate;

    @Test
    @Order(1)
    void overTheInFlightLimitAndOnVerdictTimeoutTheAnswerIs503WithRetryAfter() {
        awaitReady();
        CompletableFuture<Response> first = CompletableFuture.supplyAsync(this::submit);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> gate.inFlight() == 1);

        long start = System.nanoTime();
        Response second = submit();
        long millis = (System.nanoTime() - start) / 1_000_000;
        second.then().statusCode(503).contentType("application/problem+json").header("Retry-After", equalTo("7"))
                .body("type", equalTo("https://knooppunt.nl/problems/unavailable"))
                .body("status", equalTo(503));
        assertTrue(millis < 1_000, "refused at once, took " + millis + " ms");

        // nobody answers the verdict: the first gives up after the verdict timeout
        first.join().then().statusCode(503).contentType("application/problem+json")
                .header("Retry-After", equalTo("7"));
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> gate.inFlight() == 0);
    }

    @Test
    @Order(2)
    void withKafkaGoneSubmissionsFailFastWith503() {
        awaitReady();
        StoppableKafka.kill();

        long start = System.nanoTime();
        submit().then().statusCode(503).contentType("application/problem+json").header("Retry-After", equalTo("7"))
                .body("type", equalTo("https://knooppunt.nl/problems/unavailable"));
        long firstMillis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(firstMillis < 8_000, "the first submission fails within the send timeout, took " + firstMillis);

        start = System.nanoTime();
        for (int i = 0; i < 5; i++) {
            submit().then().statusCode(503).header("Retry-After", equalTo("7"));
        }
        long nextMillis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(nextMillis < 2_000, "the next submissions are refused at once, took " + nextMillis + " ms");
        assertEquals(0, gate.inFlight());
    }

    private Response submit() {
        return given().auth().oauth2(Tokens.client("client-a")).contentType(ContentType.JSON)
                .body("{\"module\":\"schuldinventarisatie\",\"type\":\"saldoverzoek\",\"recipient\":\""
                        + "b7e2d154-3e3c-4d66-8b1f-4a2a8b1e3b02\",\"payload\":{\"peildatum\":\"2026-11-27\"}}")
                .post("/api/v1/messages");
    }

    private static void awaitReady() {
        Awaitility.await().atMost(Duration.ofSeconds(60))
                .until(() -> given().get("/q/health/ready").statusCode() == 200);
    }
}
