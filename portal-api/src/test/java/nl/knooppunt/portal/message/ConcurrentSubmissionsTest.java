package nl.knooppunt.portal.message;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import nl.knooppunt.portal.hostile.HostileFakes;
import nl.knooppunt.portal.hostile.Tokens;
import nl.knooppunt.testsupport.HubSecretsTestResource;
import nl.knooppunt.testsupport.KafkaTestResource;

/**
 * Many submissions at once through the real HTTP interface, while every call to registry and routing needs a freshly
 * signed service JWT (reuse 0 s): the signing runs off the request's thread, and each request must still finish on
 * its own context. Before the service kit emitted the signed token back on the caller's Vert.x context, a request
 * whose token was signed on a worker thread could answer 500 (ContextNotActiveException; LoadSmokeIT on CI).
 */
@QuarkusTest
@TestProfile(ConcurrentSubmissionsTest.FreshTokens.class)
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(HubSecretsTestResource.class)
@QuarkusTestResource(io.quarkus.test.oidc.server.OidcWiremockTestResource.class)
class ConcurrentSubmissionsTest {

    private static final int SUBMISSIONS = 200;

    /** The retry fakes, a service JWT signed for every downstream call, and the rate limit on with room to spare. */
    public static class FreshTokens extends IdempotentRetriesTest.Retries {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = new HashMap<>(super.getConfigOverrides());
            // no token in hand is ever usable: every downstream call waits for its own signing
            config.put("knooppunt.service-token.reuse-for", "PT0S");
            config.put("knooppunt.service-token.lifetime", "PT0.002S");
            config.put("knooppunt.portal.verdict-timeout", "20s");
            config.put("knooppunt.rate-limit.enabled", "true");
            config.put("knooppunt.rate-limit.requests-per-second", "10000");
            config.put("knooppunt.rate-limit.burst", "10000");
            // an unexpected failure is logged with its frames
            config.put("quarkus.log.category.\"nl.knooppunt.portal.problem\".level", "DEBUG");
            return config;
        }
    }

    private static Judge judge;

    @BeforeAll
    static void startJudge() {
        judge = new Judge(ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class),
                Path.of(ConfigProvider.getConfig().getValue("knooppunt.secrets-dir", String.class)));
    }

    @AfterAll
    static void stopJudge() throws InterruptedException {
        judge.close();
    }

    @Test
    void twoHundredParallelSubmissionsAreEachAcceptedAndNoneAnswers500() throws Exception {
        Awaitility.await().atMost(Duration.ofSeconds(60))
                .until(() -> RestAssured.given().get("/q/health/ready").statusCode() == 200);
        judge.answering = true;
        String token = Tokens.client("client-a");
        URI uri = URI.create("http://localhost:" + RestAssured.port + "/api/v1/messages");
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();

        List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
        for (int i = 0; i < SUBMISSIONS; i++) {
            // by participant id and by OIN (registry), with and without an Idempotency-Key (routing)
            String recipient = i % 2 == 0 ? HostileFakes.B : HostileFakes.B_OIN;
            HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"module\":\"schuldinventarisatie\","
                            + "\"type\":\"saldoverzoek\",\"recipient\":\"" + recipient
                            + "\",\"payload\":{\"peildatum\":\"2026-11-27\"}}"));
            if (i % 4 < 2) {
                request.header("Idempotency-Key", "parallel-" + UUID.randomUUID());
            }
            answers.add(http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString()));
        }
        CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);

        Map<Integer, Integer> statuses = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        for (CompletableFuture<HttpResponse<String>> answer : answers) {
            HttpResponse<String> response = answer.get();
            statuses.merge(response.statusCode(), 1, Integer::sum);
            if (response.statusCode() != 201 && failures.size() < 5) {
                failures.add(response.statusCode() + " " + response.body());
            }
        }
        assertEquals(Map.of(201, SUBMISSIONS), statuses, () -> "statuses " + statuses + "; first failures "
                + failures);
    }
}
