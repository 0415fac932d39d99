package nl.knooppunt.localstack;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.restassured.http.ContentType;

/**
 * The standard across the running hub: every module is served, every violation of a payload comes back at once,
 * and a request takes one answer, judged by validation-service on routing-service's conversation metadata (an
 * answer can only follow once routing holds the request, as a creditor only answers what it received).
 */
@ExtendWith(LocalStackExtension.class)
@Order(5)
class StandardIT {

    private static final String GEMEENTE_ID = "6a1f0c43-2d2b-4c55-9a0e-3f1f7a0d2a01";
    private static final String ENERGIE_ID = "b7e2d154-3e3c-4d66-8b1f-4a2a8b1e3b02";

    private static String api;
    private static String gemeente;
    private static String energie;

    @BeforeAll
    static void tokens(LocalStack running) {
        api = running.portalApiUrl().toString().replaceAll("/$", "");
        gemeente = running.token("demo-gemeente", "demo-gemeente-secret");
        energie = running.token("demo-energie", "demo-energie-secret");
    }

    @Test
    void everyModuleIsServed() {
        given().get(api + "/api/v1/standard").then().statusCode(200)
                .body("id", contains("schuldinventarisatie", "betalingsregeling", "schuldregeling", "waarborgfonds",
                        "meldingen-bewindvoering", "landelijke-pauzeknop"));
    }

    @Test
    void everyViolationOfAPayloadComesBackAtOnce() {
        ObjectNode payload = example("saldoverzoek");
        ObjectNode client = (ObjectNode) payload.get("client");
        client.put("bsn", "123456789");
        client.put("geboortedatum", "2030-01-01");
        ((ObjectNode) client.get("adres")).put("postcode", "0123 AB");
        payload.remove("referentieSchuldhulpverlener");
        given().auth().oauth2(gemeente).contentType(ContentType.JSON)
                .body(Map.of("module", "schuldinventarisatie", "type", "saldoverzoek", "recipient", ENERGIE_ID,
                        "payload", payload))
                .post(api + "/api/v1/messages").then().statusCode(422)
                .body("violations.code", contains("field.postcode", "field.bsn", "field.date-in-future",
                        "schema.required"))
                .body("violations.pointer", contains("/client/adres/postcode", "/client/bsn",
                        "/client/geboortedatum", "/referentieSchuldhulpverlener"));
    }

    @Test
    void aSaldoverzoekTakesOneAnswer() {
        String asked = given().auth().oauth2(gemeente).contentType(ContentType.JSON)
                .body(Map.of("module", "schuldinventarisatie", "type", "saldoverzoek", "recipient", ENERGIE_ID,
                        "payload", example("saldoverzoek")))
                .post(api + "/api/v1/messages").then().statusCode(201).extract().path("id");
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> given().auth().oauth2(gemeente)
                .get(api + "/api/v1/messages/" + asked).then().statusCode(200));
        given().auth().oauth2(energie).contentType(ContentType.JSON)
                .body(Map.of("module", "schuldinventarisatie", "type", "saldoverzoek-antwoord", "recipient",
                        GEMEENTE_ID, "inReplyTo", asked, "payload", example("saldoverzoek-antwoord")))
                .post(api + "/api/v1/messages").then().statusCode(201).body("conversationId", equalTo(asked));
        given().auth().oauth2(energie).contentType(ContentType.JSON)
                .body(Map.of("module", "schuldinventarisatie", "type", "geen-medewerking", "recipient", GEMEENTE_ID,
                        "inReplyTo", asked, "payload", example("geen-medewerking")))
                .post(api + "/api/v1/messages").then().statusCode(422)
                .body("violations.code", hasItems("protocol.already-answered"));
    }

    private static ObjectNode example(String type) {
        return (ObjectNode) given().get(api + "/api/v1/standard/schuldinventarisatie/" + type).then().statusCode(200)
                .extract().as(JsonNode.class).get("example");
    }
}
