package nl.knooppunt.localstack;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * The foundation scenario across the whole running hub (Kafka, PostgreSQL, Keycloak, four services): a counsellor
 * sends a saldoverzoek, the creditor fetches, acknowledges and answers it, and no payload ever lands in clear.
 */
@ExtendWith(LocalStackExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@org.junit.jupiter.api.Order(1)
class HubScenarioIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Put into the payload; must never appear in clear anywhere under the stack's state directory. */
    private static final String MARKER = "MARKER" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);

    private static String api;
    private static String gemeente;
    private static String energie;
    private static String gemeenteId;
    private static String energieId;
    private static String saldoverzoekId;
    private static JsonNode sentPayload;

    private static LocalStack stack;

    @BeforeAll
    static void tokens(LocalStack running) {
        stack = running;
        api = running.portalApiUrl().toString().replaceAll("/$", "");
        gemeente = running.token("demo-gemeente", "demo-gemeente-secret");
        energie = running.token("demo-energie", "demo-energie-secret");
    }

    @Test
    @Order(1)
    void withoutTokenIs401() {
        given().get(api + "/api/v1/inbox").then().statusCode(401).contentType("application/problem+json");
        given().contentType(ContentType.JSON).body("{}").post(api + "/api/v1/messages").then().statusCode(401);
    }

    @Test
    @Order(2)
    void counsellorFindsCreditorInDirectory() {
        gemeenteId = given().auth().oauth2(gemeente).get(api + "/api/v1/me").then().statusCode(200)
                .body("acting.name", equalTo("Gemeente Voorbeeldstad")).extract().path("acting.id");
        energieId = given().auth().oauth2(gemeente).queryParam("q", "Energie").get(api + "/api/v1/participants")
                .then().statusCode(200).body("items.name", hasItem("Voorbeeld Energie B.V."))
                .extract().path("items.find { it.name == 'Voorbeeld Energie B.V.' }.id");
        assertTrue(energieId != null && !energieId.equals(gemeenteId));
    }

    @Test
    @Order(3)
    void brokenPayloadGets422WithPointer() {
        ObjectNode payload = example("saldoverzoek");
        ((ObjectNode) payload.get("client")).put("bsn", "12AB");
        given().auth().oauth2(gemeente).contentType(ContentType.JSON)
                .body(Map.of("module", "schuldinventarisatie", "type", "saldoverzoek", "recipient", energieId,
                        "payload", payload))
                .post(api + "/api/v1/messages").then().statusCode(422).contentType("application/problem+json")
                .body("violations.pointer", hasItem("/client/bsn"))
                .body("violations.code", hasItem("schema.pattern"));
    }

    @Test
    @Order(4)
    void counsellorSendsSaldoverzoek() {
        ObjectNode payload = example("saldoverzoek");
        payload.put("toelichting", "Client gestart met schuldhulp " + MARKER);
        sentPayload = payload;
        Response response = given().auth().oauth2(gemeente).contentType(ContentType.JSON)
                .body(Map.of("module", "schuldinventarisatie", "type", "saldoverzoek", "recipient", energieId,
                        "payload", payload))
                .post(api + "/api/v1/messages");
        response.then().statusCode(201).body("status", equalTo("accepted")).body("id", notNullValue());
        saldoverzoekId = response.path("id");
        assertEquals(saldoverzoekId, response.path("conversationId"));
        given().auth().oauth2(gemeente).get(api + "/api/v1/messages/" + saldoverzoekId).then().statusCode(200)
                .body("status", org.hamcrest.Matchers.oneOf("accepted", "delivered"));
    }

    @Test
    @Order(5)
    void creditorSeesItAndCounsellorCannotFetchIt() {
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> given().auth().oauth2(energie)
                .get(api + "/api/v1/inbox").then().statusCode(200).body("items.id", hasItem(saldoverzoekId)));
        given().auth().oauth2(gemeente).get(api + "/api/v1/inbox").then().statusCode(200)
                .body("items.id", not(hasItem(saldoverzoekId)));
        given().auth().oauth2(gemeente).get(api + "/api/v1/inbox/" + saldoverzoekId).then().statusCode(404);
        given().auth().oauth2(gemeente).post(api + "/api/v1/inbox/" + saldoverzoekId + "/ack").then()
                .statusCode(404);
        given().auth().oauth2(energie).get(api + "/api/v1/messages/" + saldoverzoekId).then().statusCode(404);
    }

    @Test
    @Order(6)
    void creditorFetchesExactPayloadAndAcknowledges() throws IOException {
        String body = given().auth().oauth2(energie).get(api + "/api/v1/inbox/" + saldoverzoekId).then()
                .statusCode(200).body("sender", equalTo(gemeenteId)).body("type", equalTo("saldoverzoek"))
                .extract().asString();
        assertEquals(sentPayload, DemoUsers.open(stack, energieId, body),
                "the creditor opens exactly what was sent with its own key");
        given().auth().oauth2(energie).post(api + "/api/v1/inbox/" + saldoverzoekId + "/ack").then()
                .statusCode(204);
        int gone = given().auth().oauth2(energie).get(api + "/api/v1/inbox/" + saldoverzoekId).then().extract()
                .statusCode();
        assertTrue(gone == 404 || gone == 410, "fetch after ack answered " + gone);
        given().auth().oauth2(energie).get(api + "/api/v1/inbox").then().statusCode(200)
                .body("items.id", not(hasItem(saldoverzoekId)));
        given().auth().oauth2(gemeente).get(api + "/api/v1/messages/" + saldoverzoekId).then().statusCode(200)
                .body("status", equalTo("acknowledged")).body("acknowledgedAt", notNullValue());
    }

    @Test
    @Order(7)
    void creditorAnswersAndCounsellorReceivesIt() throws IOException {
        ObjectNode answer = example("saldoverzoek-antwoord");
        String answerId = given().auth().oauth2(energie).contentType(ContentType.JSON)
                .body(Map.of("module", "schuldinventarisatie", "type", "saldoverzoek-antwoord", "recipient",
                        gemeenteId, "inReplyTo", saldoverzoekId, "payload", answer))
                .post(api + "/api/v1/messages").then().statusCode(201)
                .body("conversationId", equalTo(saldoverzoekId)).extract().path("id");
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> given().auth().oauth2(gemeente)
                .get(api + "/api/v1/inbox").then().statusCode(200).body("items.id", hasItem(answerId)));
        String body = given().auth().oauth2(gemeente).get(api + "/api/v1/inbox/" + answerId).then().statusCode(200)
                .body("inReplyTo", equalTo(saldoverzoekId)).extract().asString();
        assertEquals(answer, DemoUsers.open(stack, gemeenteId, body));
        given().auth().oauth2(gemeente).post(api + "/api/v1/inbox/" + answerId + "/ack").then().statusCode(204);
    }

    @Test
    @Order(8)
    void answerToAMessageNeverReceivedIsRefused() {
        given().auth().oauth2(gemeente).contentType(ContentType.JSON)
                .body(Map.of("module", "schuldinventarisatie", "type", "geen-medewerking", "recipient", energieId,
                        "inReplyTo", saldoverzoekId, "payload", example("geen-medewerking")))
                .post(api + "/api/v1/messages").then().statusCode(422)
                .body("violations.code", hasItem(org.hamcrest.Matchers.startsWith("protocol.")));
    }

    @Test
    @Order(9)
    void noPayloadInClearUnderTheStateDirectory() throws Exception {
        for (String database : List.of("registry", "routing")) {
            try (Connection connection = DriverManager.getConnection(stack.jdbcUrl(database), "postgres", "postgres");
                    Statement statement = connection.createStatement()) {
                statement.execute("CHECKPOINT");
            }
        }
        List<Path> hits = new ArrayList<>();
        byte[] marker = MARKER.getBytes(StandardCharsets.UTF_8);
        try (Stream<Path> files = Files.walk(stack.stateDir())) {
            files.filter(Files::isRegularFile).forEach(file -> {
                try {
                    if (contains(Files.readAllBytes(file), marker)) {
                        hits.add(file);
                    }
                } catch (IOException unreadable) {
                    // files that vanish while walking (Kafka segment rolls) hold nothing to check
                }
            });
        }
        assertEquals(List.of(), hits, "payload marker found in clear");
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    private static ObjectNode example(String type) {
        return (ObjectNode) given().get(api + "/api/v1/standard/schuldinventarisatie/" + type).then().statusCode(200)
                .extract().as(JsonNode.class).get("example");
    }

}
