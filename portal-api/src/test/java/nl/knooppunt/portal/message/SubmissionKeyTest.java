package nl.knooppunt.portal.message;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import nl.knooppunt.portal.hostile.HostileFakes;
import nl.knooppunt.portal.hostile.Tokens;
import nl.knooppunt.testsupport.HubSecretsTestResource;
import nl.knooppunt.testsupport.KafkaTestResource;

/**
 * The partition key of a submission on real Kafka: every answer to one request lands on the request's partition, so
 * one validation-service replica judges them all and only one can pass "answered once" (ADR 0009).
 */
@QuarkusTest
@TestProfile(IdempotentRetriesTest.Retries.class)
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(HubSecretsTestResource.class)
@QuarkusTestResource(io.quarkus.test.oidc.server.OidcWiremockTestResource.class)
class SubmissionKeyTest {

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
    void aRequestIsKeyedByItsOwnIdAndEveryAnswerByTheRequestItAnswers() {
        Awaitility.await().atMost(Duration.ofSeconds(60))
                .until(() -> given().get("/q/health/ready").statusCode() == 200);
        String request = submit(null);
        String request2 = UUID.randomUUID().toString();
        String answer = submit(request2);
        String secondAnswer = submit(request2);

        Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> judge.keys.keySet().containsAll(java.util.List.of(request, answer, secondAnswer)));
        assertEquals(request, judge.keys.get(request));
        assertEquals(request2, judge.keys.get(answer));
        assertEquals(request2, judge.keys.get(secondAnswer));
    }

    private static String submit(String inReplyTo) {
        String body = inReplyTo == null
                ? "{\"module\":\"schuldinventarisatie\",\"type\":\"saldoverzoek\",\"recipient\":\"" + HostileFakes.B
                        + "\",\"payload\":{\"peildatum\":\"2026-11-27\"}}"
                : "{\"module\":\"schuldinventarisatie\",\"type\":\"saldoverzoek-antwoord\",\"recipient\":\""
                        + HostileFakes.B + "\",\"inReplyTo\":\"" + inReplyTo + "\",\"payload\":{\"saldo\":1}}";
        return given().auth().oauth2(Tokens.client("client-a")).contentType(ContentType.JSON)
                .header("Idempotency-Key", "key-" + UUID.randomUUID()).body(body).post("/api/v1/messages")
                .then().statusCode(201).extract().path("id");
    }
}
