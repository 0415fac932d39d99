package nl.knooppunt.client;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import nl.knooppunt.client.LocalServer.Answer;

/**
 * Submitting: the body and headers the hub gets, one Idempotency-Key on every attempt of one submission and a new one
 * per submission, retries after 503/429 (and 409 in progress) as Retry-After says within the policy's bounds, no
 * retry of refusals, and the typed answers and problems.
 */
class SubmitTest {

    private static final String MESSAGES = "/api/v1/messages";
    private static final String TOKEN = "/token";
    private static final String ACCEPTED = "{\"id\":\"0f8c2a4e-6b1d-4c3a-9e7f-2d5b8a1c3e90\","
            + "\"conversationId\":\"0f8c2a4e-6b1d-4c3a-9e7f-2d5b8a1c3e90\",\"status\":\"accepted\"}";
    private static final String VIOLATION = "{\"type\":\"https://knooppunt.nl/problems/standard-violation\","
            + "\"title\":\"The message breaks the standard\",\"status\":422,\"detail\":\"1 violation\","
            + "\"violations\":[{\"code\":\"schema.pattern\",\"pointer\":\"/client/bsn\","
            + "\"message\":\"does not have the required format\"}]}";

    private LocalServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** A hub whose submissions answer the scripted answers in turn, then 201. */
    private KnooppuntClient hub(RetryPolicy policy, Answer... script) throws Exception {
        List<Answer> answers = new ArrayList<>(List.of(script));
        server = new LocalServer()
                .on(TOKEN, request -> Answer.json(200, "{\"access_token\":\"t1\",\"expires_in\":300}"))
                .on(MESSAGES, request -> answers.isEmpty() ? Answer.json(201, ACCEPTED) : answers.remove(0));
        return KnooppuntClient.builder(server.url())
                .credentials(ClientCredentials.of(server.url().resolve(TOKEN), "demo-gemeente", "s"))
                .retryPolicy(policy).build();
    }

    private static Answer unavailable(int status, String retryAfter) {
        String slug = status == 429 ? "rate-limited" : "unavailable";
        return Answer.problem(status, "{\"type\":\"https://knooppunt.nl/problems/" + slug + "\",\"title\":\"Later\","
                + "\"status\":" + status + "}", retryAfter == null ? Map.of() : Map.of("Retry-After", retryAfter));
    }

    private static NewMessage saldoverzoek() {
        JsonNode payload = Json.read("{\"referentieSchuldhulpverlener\":\"SHV-1\"}");
        return NewMessage.to("b7e2d154-3e3c-4d66-8b1f-4a2a8b1e3b02", "schuldinventarisatie", "saldoverzoek",
                payload);
    }

    private static Duration gap(LocalServer.Received first, LocalServer.Received second) {
        return Duration.ofNanos(second.nanos() - first.nanos());
    }

    @Test
    void postsTheMessageWithBearerTokenAndAnIdempotencyKeyAndAnswersItsId() throws Exception {
        KnooppuntClient hub = hub(RetryPolicy.defaults());

        SubmitResult result = hub.actingFor("6a1f0c43-2d2b-4c55-9a0e-3f1f7a0d2a01")
                .submit(saldoverzoek().inReplyTo("5b1e9d7c-3a2f-4e6b-8c0d-1f4a7e9b2c63"));

        assertEquals("0f8c2a4e-6b1d-4c3a-9e7f-2d5b8a1c3e90", result.id());
        assertEquals("accepted", result.status());
        assertFalse(result.replayed());
        LocalServer.Received request = server.requests(MESSAGES).get(0);
        assertEquals("Bearer t1", request.header("Authorization"));
        assertEquals("application/json", request.header("Content-Type"));
        assertEquals("6a1f0c43-2d2b-4c55-9a0e-3f1f7a0d2a01", request.header("Knooppunt-Participant"));
        assertEquals(result.idempotencyKey(), request.header("Idempotency-Key"));
        assertEquals(Json.read("{\"module\":\"schuldinventarisatie\",\"type\":\"saldoverzoek\","
                + "\"recipient\":\"b7e2d154-3e3c-4d66-8b1f-4a2a8b1e3b02\","
                + "\"inReplyTo\":\"5b1e9d7c-3a2f-4e6b-8c0d-1f4a7e9b2c63\","
                + "\"payload\":{\"referentieSchuldhulpverlener\":\"SHV-1\"}}"), Json.read(request.body()));
    }

    @Test
    void everySubmissionGetsAKeyOfItsOwn() throws Exception {
        KnooppuntClient hub = hub(RetryPolicy.defaults());

        hub.submit(saldoverzoek());
        hub.submit(saldoverzoek());

        List<LocalServer.Received> requests = server.requests(MESSAGES);
        assertNotNull(requests.get(0).header("Idempotency-Key"));
        assertNotEquals(requests.get(0).header("Idempotency-Key"), requests.get(1).header("Idempotency-Key"));
    }

    @Test
    void a503IsRetriedAfterRetryAfterWithTheSameKey() throws Exception {
        KnooppuntClient hub = hub(new RetryPolicy(5, Duration.ofSeconds(30), Duration.ofMillis(50)),
                unavailable(503, "1"));

        SubmitResult result = hub.submit(saldoverzoek());

        List<LocalServer.Received> requests = server.requests(MESSAGES);
        assertEquals(2, requests.size());
        assertEquals(requests.get(0).header("Idempotency-Key"), requests.get(1).header("Idempotency-Key"));
        assertEquals(requests.get(0).body(), requests.get(1).body());
        assertEquals(result.idempotencyKey(), requests.get(1).header("Idempotency-Key"));
        assertTrue(gap(requests.get(0), requests.get(1)).toMillis() >= 950,
                "waited as Retry-After said, not the default: " + gap(requests.get(0), requests.get(1)));
    }

    @Test
    void a429IsRetriedAfterRetryAfterAndWithoutOneAfterTheDefaultDelay() throws Exception {
        KnooppuntClient hub = hub(new RetryPolicy(5, Duration.ofSeconds(30), Duration.ofMillis(300)),
                unavailable(429, "1"), unavailable(429, null));

        hub.submit(saldoverzoek());

        List<LocalServer.Received> requests = server.requests(MESSAGES);
        assertEquals(3, requests.size());
        assertEquals(1, requests.stream().map(r -> r.header("Idempotency-Key")).distinct().count());
        assertTrue(gap(requests.get(0), requests.get(1)).toMillis() >= 950);
        long withoutRetryAfter = gap(requests.get(1), requests.get(2)).toMillis();
        assertTrue(withoutRetryAfter >= 280 && withoutRetryAfter < 950, "the default delay: " + withoutRetryAfter);
    }

    @Test
    void aKeyedSubmissionStillInProgressIsRetriedAndAnswersTheReplay() throws Exception {
        Answer inProgress = Answer.problem(409, "{\"type\":\"https://knooppunt.nl/problems/idempotency-key-in-progress\","
                + "\"title\":\"Request in progress\",\"status\":409}", Map.of("Retry-After", "1"));
        Answer replay = new Answer(201, Map.of("Content-Type", "application/json", "Idempotent-Replayed", "true"),
                ACCEPTED);
        KnooppuntClient hub = hub(RetryPolicy.defaults(), inProgress, replay);

        SubmitResult result = hub.submit(saldoverzoek());

        assertTrue(result.replayed());
        assertEquals(2, server.requests(MESSAGES).size());
    }

    @Test
    void anAttemptThatGetsNoAnswerInTimeIsRetriedWithTheSameKey() throws Exception {
        java.util.concurrent.atomic.AtomicInteger attempts = new java.util.concurrent.atomic.AtomicInteger();
        server = new LocalServer()
                .on(TOKEN, request -> Answer.json(200, "{\"access_token\":\"t1\",\"expires_in\":300}"))
                .on(MESSAGES, request -> {
                    if (attempts.incrementAndGet() == 1) {
                        java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofSeconds(1).toNanos());
                    }
                    return Answer.json(201, ACCEPTED);
                });
        KnooppuntClient hub = KnooppuntClient.builder(server.url())
                .credentials(ClientCredentials.of(server.url().resolve(TOKEN), "demo-gemeente", "s"))
                .retryPolicy(new RetryPolicy(3, Duration.ofSeconds(10), Duration.ofMillis(50)))
                .requestTimeout(Duration.ofMillis(300)).build();

        SubmitResult result = hub.submit(saldoverzoek());

        List<LocalServer.Received> requests = server.requests(MESSAGES);
        assertEquals(2, requests.size());
        assertEquals(result.idempotencyKey(), requests.get(0).header("Idempotency-Key"));
        assertEquals(result.idempotencyKey(), requests.get(1).header("Idempotency-Key"));
    }

    @Test
    void a401IsNotRetriedAndTheNextCallGetsANewToken() throws Exception {
        java.util.concurrent.atomic.AtomicInteger issued = new java.util.concurrent.atomic.AtomicInteger();
        List<Answer> answers = new ArrayList<>(List.of(Answer.problem(401, "{\"type\":\"about:blank\","
                + "\"title\":\"Unauthorized\",\"status\":401}", Map.of())));
        server = new LocalServer()
                .on(TOKEN, request -> Answer.json(200, "{\"access_token\":\"t" + issued.incrementAndGet()
                        + "\",\"expires_in\":300}"))
                .on(MESSAGES, request -> answers.isEmpty() ? Answer.json(201, ACCEPTED) : answers.remove(0));
        KnooppuntClient hub = KnooppuntClient.builder(server.url())
                .credentials(ClientCredentials.of(server.url().resolve(TOKEN), "demo-gemeente", "s")).build();

        ProblemException refused = assertThrows(ProblemException.class, () -> hub.submit(saldoverzoek()));
        hub.submit(saldoverzoek());

        assertEquals(401, refused.status());
        List<LocalServer.Received> requests = server.requests(MESSAGES);
        assertEquals(2, requests.size(), "one attempt each");
        assertEquals("Bearer t1", requests.get(0).header("Authorization"));
        assertEquals("Bearer t2", requests.get(1).header("Authorization"), "the refused token was dropped");
    }

    @Test
    void aKeyReusedWithAnotherBodyIsNotRetried() throws Exception {
        KnooppuntClient hub = hub(RetryPolicy.defaults(), Answer.problem(409, "{\"type\":"
                + "\"https://knooppunt.nl/problems/idempotency-key-reused\",\"title\":\"Idempotency key reused\","
                + "\"status\":409}", Map.of()));

        ProblemException problem = assertThrows(ProblemException.class, () -> hub.submit(saldoverzoek()));

        assertEquals("idempotency-key-reused", problem.kind());
        assertEquals(1, server.requests(MESSAGES).size());
    }

    @Test
    void givesUpAfterMaxAttemptsWithTheLastProblem() throws Exception {
        KnooppuntClient hub = hub(new RetryPolicy(3, Duration.ofSeconds(30), Duration.ofMillis(10)),
                unavailable(503, null), unavailable(503, null), unavailable(503, "2"), unavailable(503, null));

        ProblemException problem = assertThrows(ProblemException.class, () -> hub.submit(saldoverzoek()));

        assertEquals(503, problem.status());
        assertEquals(Optional.of(Duration.ofSeconds(2)), problem.retryAfter());
        assertEquals(3, server.requests(MESSAGES).size());
    }

    @Test
    void givesUpAtOnceWhenRetryAfterReachesBeyondTheTimeBudget() throws Exception {
        KnooppuntClient hub = hub(new RetryPolicy(5, Duration.ofSeconds(10), Duration.ofMillis(10)),
                unavailable(503, "30"));

        long start = System.nanoTime();
        ProblemException problem = assertThrows(ProblemException.class, () -> hub.submit(saldoverzoek()));

        assertEquals(503, problem.status());
        assertEquals(1, server.requests(MESSAGES).size());
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toSeconds() < 5, "did not wait for nothing");
    }

    @Test
    void aSingleAttemptPolicyNeverRetriesAndTheAsyncSubmissionFailsWithTheProblem() throws Exception {
        KnooppuntClient hub = hub(RetryPolicy.singleAttempt(), unavailable(503, "1"));

        java.util.concurrent.ExecutionException failed = assertThrows(java.util.concurrent.ExecutionException.class,
                () -> hub.submitAsync(saldoverzoek()).get());

        ProblemException problem = org.junit.jupiter.api.Assertions.assertInstanceOf(ProblemException.class,
                failed.getCause());
        assertEquals(503, problem.status());
        assertEquals(Optional.of(Duration.ofSeconds(1)), problem.retryAfter());
        await("no attempt after the Retry-After either").during(Duration.ofMillis(1500))
                .atMost(Duration.ofSeconds(3)).until(() -> server.requests(MESSAGES).size() == 1);
    }

    @Test
    void aViolationIsAProblemWithEveryViolationAndIsNotRetried() throws Exception {
        KnooppuntClient hub = hub(RetryPolicy.defaults(), Answer.problem(422, VIOLATION, Map.of()));

        ProblemException problem = assertThrows(ProblemException.class, () -> hub.submit(saldoverzoek()));

        assertEquals(422, problem.status());
        assertEquals("https://knooppunt.nl/problems/standard-violation", problem.type());
        assertEquals("standard-violation", problem.kind());
        assertEquals("The message breaks the standard", problem.title());
        assertEquals("1 violation", problem.detail());
        assertEquals(List.of(new Violation("schema.pattern", "/client/bsn", "does not have the required format")),
                problem.violations());
        assertEquals(Optional.empty(), problem.retryAfter());
        assertEquals(1, server.requests(MESSAGES).size());
    }

    @Test
    void anAnswerThatIsNoProblemStillGivesItsStatus() throws Exception {
        KnooppuntClient hub = hub(RetryPolicy.defaults(),
                new Answer(502, Map.of("Content-Type", "text/html"), "<html>Bad Gateway</html>"));

        ProblemException problem = assertThrows(ProblemException.class, () -> hub.submit(saldoverzoek()));

        assertEquals(502, problem.status());
        assertEquals("HTTP 502", problem.title());
        assertEquals(List.of(), problem.violations());
    }

    @Test
    void severalRecipientsAnswerPerRecipientWithTheirViolations() throws Exception {
        Answer perRecipient = Answer.json(201, "{\"messages\":[{\"recipient\":\"a\",\"id\":\"m1\","
                + "\"conversationId\":\"m1\",\"status\":\"accepted\"},{\"recipient\":\"b\",\"status\":\"rejected\","
                + "\"violations\":[{\"code\":\"recipient.module\",\"pointer\":\"/recipients/1\",\"message\":\"x\"}]}]}");
        KnooppuntClient hub = hub(RetryPolicy.defaults(), perRecipient);

        SubmitResult result = hub.submit(NewMessage.toEach(List.of("a", "b"), "schuldinventarisatie", "saldoverzoek",
                Json.read("{}")));

        assertEquals(Json.read("[\"a\",\"b\"]"), Json.read(server.requests(MESSAGES).get(0).body()).get("recipients"));
        assertEquals(2, result.messages().size());
        assertTrue(result.messages().get(0).accepted());
        assertEquals("m1", result.messages().get(0).id());
        assertFalse(result.messages().get(1).accepted());
        assertEquals("/recipients/1", result.messages().get(1).violations().get(0).pointer());
    }

    @Test
    void retryAfterAsAnHttpDate() {
        Duration inAMinute = Transport.retryAfter(java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME
                .format(java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC).plusSeconds(61)));
        assertTrue(inAMinute.toSeconds() >= 58 && inAMinute.toSeconds() <= 61, inAMinute.toString());
        assertEquals(Duration.ofSeconds(7), Transport.retryAfter(" 7 "));
        assertEquals(null, Transport.retryAfter("soon"));
    }
}
