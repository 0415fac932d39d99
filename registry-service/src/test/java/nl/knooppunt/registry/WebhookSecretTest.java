package nl.knooppunt.registry;

import static io.restassured.RestAssured.given;
import static nl.knooppunt.registry.OperatorApiTest.operator;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import nl.knooppunt.testsupport.HubSecretsTestResource;
import nl.knooppunt.testsupport.KafkaTestResource;
import nl.knooppunt.testsupport.PostgresTestResource;

/**
 * Webhook signing secrets (ADR 0037): issued with a participant's first webhook or by an operator's rotation, shown
 * only in that answer, stored sealed, read back only by routing-service; a rotation keeps the previous secret for the
 * overlap and no longer.
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(HubSecretsTestResource.class)
@QuarkusTestResource(KafkaTestResource.class)
class WebhookSecretTest {

    private static final String SECRET = "whsec_[A-Za-z0-9+/]+={0,2}";
    private static final String HOOK = "https://hooks.example/";

    @Inject
    Pool pool;

    @Test
    void theFirstWebhookGetsASecretThatIsShownOnceAndStoredOnlySealed() {
        String id = OperatorApiTest.createCreditor("Woonstichting Geheim");
        Response set = operator().body(Map.of("mode", "webhook", "webhookUrl", HOOK + "geheim"))
                .when().put("/internal/v1/participants/" + id + "/delivery");
        set.then().statusCode(200).header("Cache-Control", containsString("no-store"))
                .body("delivery.mode", equalTo("webhook"))
                .body("webhookSecret.issuedAt", notNullValue())
                .body("webhookSecret.previousValidUntil", nullValue());
        String secret = set.path("webhookSecret.secret");
        assertTrue(secret.matches(SECRET), "whsec_ + base64");
        assertEquals(32, Base64.getDecoder().decode(secret.substring("whsec_".length())).length, "32 random bytes");

        // never again: not in a read, not when the URL changes, not in the audit trail
        for (int i = 0; i < 2; i++) {
            String read = operator().when().get("/internal/v1/participants/" + id).then().statusCode(200)
                    .body("$", not(hasKey("webhookSecret"))).extract().asString();
            assertFalse(read.contains(secret));
        }
        String moved = operator().body(Map.of("mode", "webhook", "webhookUrl", HOOK + "verhuisd"))
                .when().put("/internal/v1/participants/" + id + "/delivery").then().statusCode(200)
                .body("$", not(hasKey("webhookSecret"))).extract().asString();
        assertFalse(moved.contains(secret));
        String audit = operator().when().get("/internal/v1/participants/" + id + "/audit").then().statusCode(200)
                .body("action", org.hamcrest.Matchers.hasItem("webhook-secret.issued")).extract().asString();
        assertFalse(audit.contains(secret.substring(6, 20)), "no part of the secret in the audit trail");

        // routing-service reads it back; the database holds it only sealed
        assertEquals(List.of(secret), valid(id).stream().map(s -> s.get("secret")).toList());
        assertNull(valid(id).get(0).get("notAfter"));
        byte[] raw = Base64.getDecoder().decode(secret.substring(6));
        List<Row> rows = new ArrayList<>();
        pool.preparedQuery("select * from webhook_secret where participant_id = $1")
                .execute(Tuple.of(UUID.fromString(id))).await().indefinitely().forEach(rows::add);
        assertEquals(1, rows.size());
        Row row = rows.get(0);
        for (int column = 0; column < row.size(); column++) {
            Object value = row.getValue(column);
            String text = value instanceof io.vertx.core.buffer.Buffer b ? new String(b.getBytes(),
                    StandardCharsets.ISO_8859_1) : String.valueOf(value);
            assertFalse(text.contains(secret.substring(6)), "the secret in clear in column " + row.getColumnName(column));
            assertFalse(text.contains(new String(raw, StandardCharsets.ISO_8859_1)),
                    "the secret's bytes in column " + row.getColumnName(column));
        }
        assertEquals("webhook-secret-key-1", row.getString("sealed_with"));

        // switching to the mailbox keeps it (pushes already due are still signed); back to a webhook issues none
        operator().body(Map.of("mode", "mailbox")).when().put("/internal/v1/participants/" + id + "/delivery")
                .then().statusCode(200).body("$", not(hasKey("webhookSecret")));
        operator().body(Map.of("mode", "webhook", "webhookUrl", HOOK + "terug"))
                .when().put("/internal/v1/participants/" + id + "/delivery")
                .then().statusCode(200).body("$", not(hasKey("webhookSecret")));
        assertEquals(List.of(secret), valid(id).stream().map(s -> s.get("secret")).toList());
    }

    @Test
    void aParticipantRegisteredWithAWebhookGetsItsSecretInTheCreatedAnswer() {
        Map<String, Object> body = new HashMap<>(OperatorApiTest.creditor(OperatorApiTest.randomOin(), "Hook B.V."));
        body.put("delivery", Map.of("mode", "webhook", "webhookUrl", HOOK + "nieuw"));
        Response created = operator().body(body).when().post("/internal/v1/participants");
        created.then().statusCode(201).header("Cache-Control", containsString("no-store"));
        String secret = created.path("webhookSecret.secret");
        assertTrue(secret.matches(SECRET));
        assertEquals(List.of(secret), valid(created.path("id")).stream().map(s -> s.get("secret")).toList());

        String mailbox = OperatorApiTest.createCreditor("Postbus B.V.");
        assertEquals(List.of(), valid(mailbox), "a mailbox participant has no secret");
    }

    @Test
    void aRotationKeepsThePreviousSecretForTheOverlapAndNoLonger() {
        String id = OperatorApiTest.createCreditor("Woonstichting Rotatie");
        String first = operator().body(Map.of("mode", "webhook", "webhookUrl", HOOK + "rotatie"))
                .when().put("/internal/v1/participants/" + id + "/delivery").then().statusCode(200)
                .extract().path("webhookSecret.secret");

        int version = operator().when().get("/internal/v1/participants/" + id).then().extract().path("version");
        Instant before = Instant.now();
        Response rotated = operator().queryParam("overlap", "PT3S")
                .when().post("/internal/v1/participants/" + id + "/webhook-secret");
        rotated.then().statusCode(201).header("Cache-Control", containsString("no-store"));
        String second = rotated.path("secret");
        assertTrue(second.matches(SECRET));
        assertNotEquals(first, second);
        Instant previousUntil = Instant.parse(rotated.path("previousValidUntil"));
        // the snapshot gets a new version, and nothing else: routing-service reads the secrets again at once
        operator().when().get("/internal/v1/participants/" + id).then().body("version", equalTo(version + 1))
                .body("$", not(hasKey("webhookSecret")));
        assertTrue(!previousUntil.isBefore(before.plusSeconds(2)) && previousUntil.isBefore(Instant.now().plusSeconds(4)),
                "the previous secret signs for the overlap: " + previousUntil);

        // during the overlap both sign, the new one first; after it only the new one
        List<Map<String, String>> overlapping = valid(id);
        assertEquals(List.of(second, first), overlapping.stream().map(s -> s.get("secret")).toList());
        assertNull(overlapping.get(0).get("notAfter"));
        assertEquals(previousUntil, Instant.parse(overlapping.get(1).get("notAfter")));
        await().atMost(Duration.ofSeconds(10)).until(() -> valid(id).size() == 1);
        assertEquals(List.of(second), valid(id).stream().map(s -> s.get("secret")).toList());

        // the default overlap is 24 h; a third secret ends every older one but the newest at once: two at most
        Response third = operator().when().post("/internal/v1/participants/" + id + "/webhook-secret");
        third.then().statusCode(201);
        Duration overlap = Duration.between(Instant.now(), Instant.parse(third.path("previousValidUntil")));
        assertTrue(overlap.compareTo(Duration.ofHours(23)) > 0 && overlap.compareTo(Duration.ofHours(25)) < 0,
                "default overlap " + overlap);
        String fourth = operator().when().post("/internal/v1/participants/" + id + "/webhook-secret").then()
                .statusCode(201).extract().path("secret");
        assertEquals(List.of(fourth, third.<String>path("secret")), valid(id).stream().map(s -> s.get("secret"))
                .toList());

        // a compromised secret: overlap PT0S ends the previous one now
        String fifth = operator().queryParam("overlap", "PT0S")
                .when().post("/internal/v1/participants/" + id + "/webhook-secret").then().statusCode(201)
                .extract().path("secret");
        assertEquals(List.of(fifth), valid(id).stream().map(s -> s.get("secret")).toList());
        String audit = operator().when().get("/internal/v1/participants/" + id + "/audit?limit=50").then()
                .statusCode(200).extract().asString();
        for (String secret : List.of(first, second, fourth, fifth)) {
            assertFalse(audit.contains(secret.substring(6, 20)));
        }
    }

    @Test
    void rotationIsRefusedWithAProblemForBadInput() {
        String id = OperatorApiTest.createCreditor("Woonstichting Fout");
        operator().queryParam("overlap", "P30D").when().post("/internal/v1/participants/" + id + "/webhook-secret")
                .then().statusCode(400).contentType("application/problem+json")
                .body("detail", equalTo("overlap must be between PT0S and PT168H"));
        operator().queryParam("overlap", "morgen").when().post("/internal/v1/participants/" + id + "/webhook-secret")
                .then().statusCode(400).contentType("application/problem+json");
        operator().when().post("/internal/v1/participants/" + UUID.randomUUID() + "/webhook-secret")
                .then().statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(ServiceTokens.portal("registry.admin")).contentType(ContentType.JSON)
                .when().post("/internal/v1/participants/" + id + "/webhook-secret")
                .then().statusCode(400).body("type", equalTo("https://knooppunt.nl/problems/actor-required"));
        given().auth().oauth2(ServiceTokens.portal("registry.read")).header("Knooppunt-Actor", "olga")
                .when().post("/internal/v1/participants/" + id + "/webhook-secret")
                .then().statusCode(403).contentType("application/problem+json");
    }

    @Test
    void onlyRoutingServiceReadsSecrets() {
        String id = OperatorApiTest.createCreditor("Woonstichting Alleen Routing");
        operator().body(Map.of("mode", "webhook", "webhookUrl", HOOK + "alleen")).when()
                .put("/internal/v1/participants/" + id + "/delivery").then().statusCode(200);
        String path = "/internal/v1/participants/" + id + "/webhook-secrets";
        // the group alone is not enough: portal-api (or anyone with another service's key) may claim any group
        for (String token : List.of(ServiceTokens.portal("webhook.secrets", "registry.admin", "registry.read"),
                ServiceTokens.routingSubjectWithPortalKey("webhook.secrets"))) {
            given().auth().oauth2(token).when().get(path).then().statusCode(403)
                    .contentType("application/problem+json").body(not(containsString("whsec_")));
        }
        given().auth().oauth2(ServiceTokens.routing("registry.read")).when().get(path).then().statusCode(403)
                .contentType("application/problem+json");
        given().when().get(path).then().statusCode(401).contentType("application/problem+json");
        given().auth().oauth2(ServiceTokens.routing("webhook.secrets"))
                .when().get("/internal/v1/participants/" + UUID.randomUUID() + "/webhook-secrets")
                .then().statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(ServiceTokens.routing("webhook.secrets")).when().get(path).then().statusCode(200)
                .header("Cache-Control", containsString("no-store")).body("secrets.size()", equalTo(1));
    }

    @Test
    void noSecretReachesTheLog() throws Exception {
        String id = OperatorApiTest.createCreditor("Woonstichting Log");
        String secret = operator().body(Map.of("mode", "webhook", "webhookUrl", HOOK + "log"))
                .when().put("/internal/v1/participants/" + id + "/delivery").then().statusCode(200)
                .extract().path("webhookSecret.secret");
        String rotated = operator().when().post("/internal/v1/participants/" + id + "/webhook-secret").then()
                .statusCode(201).extract().path("secret");
        valid(id);
        Path log = Path.of("target/registry-service-test.log");
        assertTrue(Files.size(log) > 0, "the test log is written");
        String text = Files.readString(log, StandardCharsets.ISO_8859_1);
        assertTrue(text.contains(id), "the log names the participant (control)");
        assertFalse(text.contains(secret.substring(6)) || text.contains(rotated.substring(6)), "a secret in the log");
    }

    private static List<Map<String, String>> valid(String participantId) {
        return given().auth().oauth2(ServiceTokens.routing("webhook.secrets"))
                .when().get("/internal/v1/participants/" + participantId + "/webhook-secrets")
                .then().statusCode(200).extract().jsonPath().getList("secrets");
    }
}
