package nl.knooppunt.portal.message;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import nl.knooppunt.portal.hostile.HostileFakes;
import nl.knooppunt.portal.hostile.HostileProfile;
import nl.knooppunt.portal.hostile.Tokens;
import nl.knooppunt.testsupport.HubSecretsTestResource;
import nl.knooppunt.testsupport.KafkaTestResource;

/**
 * ADR 0025 over the real interface: a retry with the same Idempotency-Key submits the same message id again, whatever
 * happened to the first attempt (no verdict in time, the replica crashed, its result was not recorded), so the
 * recipient can get the message once only; and the replay of an accepted submission is the same 201.
 */
@QuarkusTest
@TestProfile(IdempotentRetriesTest.Retries.class)
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(HubSecretsTestResource.class)
@QuarkusTestResource(io.quarkus.test.oidc.server.OidcWiremockTestResource.class)
class IdempotentRetriesTest {

    private static final String LEASE = "PT1S";

    /** Routing's idempotency keys faked with their lease rules, a short verdict timeout and a short lease. */
    public static class Retries extends HostileProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = new HashMap<>(super.getConfigOverrides());
            config.put("quarkus.rest-client.routing.url",
                    "http://localhost:" + config.get("quarkus.http.test-port") + "/retry-fake");
            config.put("knooppunt.portal.verdict-timeout", "2s");
            config.put("knooppunt.idempotency.lease", LEASE);
            return config;
        }
    }

    private static Judge judge;

    @Inject
    MeterRegistry registry;

    @BeforeAll
    static void startJudge() {
        judge = new Judge(ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class),
                Path.of(ConfigProvider.getConfig().getValue("knooppunt.secrets-dir", String.class)));
    }

    @AfterAll
    static void stopJudge() throws InterruptedException {
        judge.close();
    }

    @BeforeEach
    void answering() {
        judge.answering = true;
        judge.forging = false;
        RetryFakes.failComplete = false;
        Awaitility.await().atMost(Duration.ofSeconds(60))
                .until(() -> given().get("/q/health/ready").statusCode() == 200);
    }

    @Test
    void aReplayOfAnAcceptedSubmissionIsTheSame201() {
        String key = "replay-" + UUID.randomUUID();
        Response first = send(key, body(HostileFakes.B));
        first.then().statusCode(201);
        String id = first.path("id");
        send(key, body(HostileFakes.B)).then().statusCode(201).header("Idempotent-Replayed", "true")
                .header("Location", first.header("Location")).body("id", equalTo(id))
                .body("conversationId", equalTo(first.path("conversationId")));
        assertEquals(1, judge.times(id), "the replay submits nothing");
    }

    @Test
    void afterAVerdictTimeoutTheRetrySubmitsTheSameMessageIdAndIsAccepted() {
        String key = "timeout-" + UUID.randomUUID();
        judge.answering = false;
        int before = judge.submitted.size();
        send(key, body(HostileFakes.B)).then().statusCode(503);
        assertFalse(RetryFakes.CALLS.contains("release " + HostileFakes.A + "|" + key),
                "the key is kept: the first submission may still be delivered");
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> judge.submitted.size() == before + 1);
        String firstId = judge.submitted.get(before);

        judge.answering = true;
        Response retry = Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(300))
                .until(() -> send(key, body(HostileFakes.B)), r -> r.statusCode() != 409);
        retry.then().statusCode(201).body("id", equalTo(firstId)).body("conversationId", equalTo(firstId));
        assertEquals(2, judge.times(firstId), "the retry submits the same message id again, no new one");
        send(key, body(HostileFakes.B)).then().statusCode(201).header("Idempotent-Replayed", "true")
                .body("id", equalTo(firstId));
    }

    @Test
    void forgedVerdictsAreIgnoredAndTheGenuineOneStillCounts() {
        String key = "forged-" + UUID.randomUUID();
        double unsealed = refused("unsealed");
        double forged = refused("forged");
        judge.forging = true;
        int before = judge.submitted.size();

        send(key, body(HostileFakes.B)).then().statusCode(503).contentType("application/problem+json");
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> judge.submitted.size() == before + 1);
        String id = judge.submitted.get(before);
        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertEquals(unsealed + 1, refused("unsealed"), "the unsealed 'accepted' is counted");
            assertEquals(forged + 2, refused("forged"), "the foreign key and the borrowed seal are counted");
        });

        judge.forging = false;
        Response retry = Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(300))
                .until(() -> send(key, body(HostileFakes.B)), r -> r.statusCode() != 409);
        retry.then().statusCode(201).body("id", equalTo(id));
    }

    private double refused(String reason) {
        var counter = registry.find("knooppunt.verdicts.refused").tag("reason", reason).counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void whileTheFirstAttemptHoldsTheKeyARetryIsToldToWaitAndThenTakesOver() {
        String key = "crash-" + UUID.randomUUID();
        String body = body(HostileFakes.B);
        String digest = digestOf(key, body);
        // a replica claimed the key and crashed before it recorded a result: the claim stays open
        Instant since = Instant.now();
        RetryFakes.KEYS.put(HostileFakes.A + "|" + key, new RetryFakes.Use(digest, since));

        send(key, body).then().statusCode(409).contentType("application/problem+json")
                .header("Retry-After", "1")
                .body("type", equalTo("https://knooppunt.nl/problems/idempotency-key-in-progress"));
        Response retry = Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(300))
                .until(() -> send(key, body), r -> r.statusCode() != 409);
        String expected = MessageIds.of(HostileFakes.A, key, digest, since.toString(), HostileFakes.B);
        retry.then().statusCode(201).body("id", equalTo(expected));
        assertEquals(1, judge.times(expected));
    }

    @Test
    void whenTheResultCannotBeRecordedARetryGetsTheSame201() {
        String key = "unrecorded-" + UUID.randomUUID();
        RetryFakes.failComplete = true;
        Response first = send(key, body(HostileFakes.B));
        first.then().statusCode(201);
        String id = first.path("id");
        assertEquals(3, RetryFakes.CALLS.stream().filter(("complete " + HostileFakes.A + "|" + key)::equals).count(),
                "recording the result is tried three times");
        RetryFakes.failComplete = false;

        Response retry = Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(300))
                .until(() -> send(key, body(HostileFakes.B)), r -> r.statusCode() != 409);
        retry.then().statusCode(201).body("id", equalTo(id))
                .body("conversationId", equalTo(first.path("conversationId")));
        send(key, body(HostileFakes.B)).then().statusCode(201).header("Idempotent-Replayed", "true")
                .body("id", equalTo(id));
    }

    @Test
    void severalRecipientsKeepTheirOwnIdsAcrossRetries() {
        String key = "many-" + UUID.randomUUID();
        String recipientC = UUID.randomUUID().toString();
        String body = "{\"module\":\"schuldinventarisatie\",\"type\":\"saldoverzoek\",\"recipients\":[\""
                + HostileFakes.B + "\",\"" + recipientC + "\"],\"payload\":{\"peildatum\":\"2026-11-27\"}}";
        judge.answering = false;
        send(key, body).then().statusCode(503);
        judge.answering = true;
        Response retry = Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(300))
                .until(() -> send(key, body), r -> r.statusCode() != 409);
        retry.then().statusCode(201);
        List<String> ids = retry.path("messages.id");
        assertEquals(2, ids.size());
        assertNotEquals(ids.get(0), ids.get(1), "each recipient has its own message id");
        for (String id : ids) {
            assertEquals(2, judge.times(id), "each recipient's message was submitted under one id only");
        }
    }

    @Test
    void aRejectedSubmissionReleasesTheKeyAndAPlainSubmissionGetsAFreshId() {
        String key = "rejected-" + UUID.randomUUID();
        send(key, body(Judge.REJECTING)).then().statusCode(422);
        assertTrue(RetryFakes.CALLS.contains("release " + HostileFakes.A + "|" + key));
        send(key, body(HostileFakes.B)).then().statusCode(201);

        String a = given().auth().oauth2(Tokens.client("client-a")).contentType(ContentType.JSON)
                .body(body(HostileFakes.B)).post("/api/v1/messages").then().statusCode(201).extract().path("id");
        String b = given().auth().oauth2(Tokens.client("client-a")).contentType(ContentType.JSON)
                .body(body(HostileFakes.B)).post("/api/v1/messages").then().statusCode(201).extract().path("id");
        assertNotEquals(a, b, "without a key every submission is a new message");
    }

    /** The digest portal-api sends for a body, read back from what the fake stored for a probe key. */
    private static String digestOf(String key, String body) {
        String probe = "probe-" + key;
        send(probe, body).then().statusCode(201);
        return RetryFakes.KEYS.get(HostileFakes.A + "|" + probe).digest;
    }

    private static Response send(String key, String body) {
        return given().auth().oauth2(Tokens.client("client-a")).contentType(ContentType.JSON)
                .header("Idempotency-Key", key).body(body).post("/api/v1/messages");
    }

    private static String body(String recipient) {
        return "{\"module\":\"schuldinventarisatie\",\"type\":\"saldoverzoek\",\"recipient\":\"" + recipient
                + "\",\"payload\":{\"peildatum\":\"2026-11-27\"}}";
    }
}
