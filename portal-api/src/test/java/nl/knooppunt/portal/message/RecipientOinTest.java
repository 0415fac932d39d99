package nl.knooppunt.portal.message;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import nl.knooppunt.portal.hostile.HostileFakes;
import nl.knooppunt.portal.hostile.Tokens;
import nl.knooppunt.testsupport.HubSecretsTestResource;
import nl.knooppunt.testsupport.KafkaTestResource;

/**
 * Addressing by OIN (ADR 0043): {@code recipient} and {@code recipients} take the counterpart's OIN as well as its
 * participant id; the submission reaches validation with the participant id; an OIN the registry does not know is the
 * violation {@code recipient.unknown} with the pointer of the field, and nothing is submitted for it.
 */
@QuarkusTest
@TestProfile(IdempotentRetriesTest.Retries.class)
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(HubSecretsTestResource.class)
@QuarkusTestResource(io.quarkus.test.oidc.server.OidcWiremockTestResource.class)
class RecipientOinTest {

    private static final String UNKNOWN_OIN = "00000009999999999999";

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

    @BeforeEach
    void ready() {
        judge.answering = true;
        judge.forging = false;
        Awaitility.await().atMost(Duration.ofSeconds(60))
                .until(() -> given().get("/q/health/ready").statusCode() == 200);
    }

    @Test
    void aMessageToAnOinIsAcceptedAndSubmittedToItsParticipant() {
        Response answer = send(null, "\"recipient\":\"" + HostileFakes.B_OIN + "\"");
        answer.then().statusCode(201).body("status", equalTo("accepted"));
        String id = answer.path("id");
        answer.then().header("Location", endsWith("/api/v1/messages/" + id));
        assertEquals(HostileFakes.B, judge.recipients.get(id), "validation gets the participant id, not the OIN");
    }

    @Test
    void anUnknownOinIs422RecipientUnknownWithItsPointerAndSubmitsNothing() {
        int before = judge.submitted.size();
        send(null, "\"recipient\":\"" + UNKNOWN_OIN + "\"").then().statusCode(422)
                .contentType("application/problem+json")
                .body("type", equalTo("https://knooppunt.nl/problems/standard-violation"))
                .body("violations", hasSize(1))
                .body("violations[0].code", equalTo("recipient.unknown"))
                .body("violations[0].pointer", equalTo("/recipient"));
        assertEquals(before, judge.submitted.size(), "nothing was submitted");
    }

    @Test
    void recipientsMixIdsAndOinsAndAnUnknownOinIsItsOwnRejectedEntry() {
        int before = judge.submitted.size();
        Response answer = send(null, "\"recipients\":[\"" + HostileFakes.B_OIN + "\",\"" + UNKNOWN_OIN + "\"]");
        answer.then().statusCode(201)
                .body("messages.recipient", contains(HostileFakes.B_OIN, UNKNOWN_OIN))
                .body("messages.status", contains("accepted", "rejected"))
                .body("messages[1].id", nullValue())
                .body("messages[1].violations.code", contains("recipient.unknown"))
                .body("messages[1].violations.pointer", contains("/recipients/1"));
        assertEquals(HostileFakes.B, judge.recipients.get(answer.path("messages[0].id").toString()));
        assertEquals(before + 1, judge.submitted.size(), "only the known recipient's message was submitted");

        send(null, "\"recipients\":[\"" + UNKNOWN_OIN + "\"]").then().statusCode(422)
                .body("messages[0].violations[0].code", equalTo("recipient.unknown"));
    }

    @Test
    void oneParticipantNamedByIdAndByOinIs400() {
        send(null, "\"recipients\":[\"" + HostileFakes.B + "\",\"" + HostileFakes.B_OIN + "\"]").then()
                .statusCode(400).contentType("application/problem+json")
                .body("detail", equalTo("/recipients/1 names the same participant as /recipients/0"));
    }

    @Test
    void aRecipientThatIsNeitherAnIdNorAnOinIs400NamingItsPointer() {
        send(null, "\"recipient\":\"0000000312345678000\"").then().statusCode(400)
                .contentType("application/problem+json")
                .body("detail", equalTo("/recipient must be a participant id (UUID) or an OIN (20 digits)"));
        send(null, "\"recipients\":[\"" + HostileFakes.B + "\",\"KvK 12345678\"]").then().statusCode(400)
                .body("detail", equalTo("/recipients/1 must be a participant id (UUID) or an OIN (20 digits)"));
    }

    @Test
    void anIdempotentRetryToAnOinReplaysTheFirstResult() {
        String key = "oin-" + UUID.randomUUID();
        String id = send(key, "\"recipient\":\"" + HostileFakes.B_OIN + "\"").then().statusCode(201)
                .extract().path("id");
        send(key, "\"recipient\":\"" + HostileFakes.B_OIN + "\"").then().statusCode(201)
                .header("Idempotent-Replayed", "true").body("id", equalTo(id));
        assertEquals(1, judge.times(id));
    }

    private static Response send(String idempotencyKey, String recipientField) {
        var request = given().auth().oauth2(Tokens.client("client-a")).contentType(ContentType.JSON)
                .body("{\"module\":\"schuldinventarisatie\",\"type\":\"saldoverzoek\"," + recipientField
                        + ",\"payload\":{\"peildatum\":\"2026-11-27\"}}");
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return request.post("/api/v1/messages");
    }
}
