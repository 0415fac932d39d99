package nl.knooppunt.localstack;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.oneOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import nl.knooppunt.localstack.contract.OpenApiContract;
import nl.knooppunt.testsupport.hostile.RawHttp;

/**
 * The OpenAPI document is the contract (ADR 0043): a vendor's day with the running hub (the standard, the directory,
 * sending by participant id and by OIN, every refusal a client must handle, status, inbox, fetch, acknowledgement,
 * events), where every answer is checked against the document portal-api serves. Addressing by OIN: Voorbeeld
 * Energie's OIN {@value #ENERGIE_OIN} answers 201, an unknown OIN 422 {@code recipient.unknown} at /recipient.
 */
@ExtendWith(LocalStackExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ApiContractIT {

    /** Voorbeeld Energie B.V. in the demo data. */
    static final String ENERGIE_OIN = "00000003123456780000";
    private static final String UNKNOWN_OIN = "00000009000000000009";

    private static String api;
    private static String gemeente;
    private static String energie;
    private static String energieId;
    private static String sentId;
    private static OpenApiContract contract;

    @BeforeAll
    static void contract(LocalStack running) {
        api = running.portalApiUrl().toString().replaceAll("/$", "");
        gemeente = running.token("demo-gemeente", "demo-gemeente-secret");
        energie = running.token("demo-energie", "demo-energie-secret");
        JsonNode document = given().get(api + "/q/openapi?format=json").then().statusCode(200).extract()
                .as(JsonNode.class);
        contract = new OpenApiContract(document);
    }

    @AfterAll
    static void everyOperationAVendorNeedsWasChecked() {
        List<String> checked = contract.checked();
        List<String> missing = new ArrayList<>();
        for (String answer : List.of("POST /api/v1/messages 201", "POST /api/v1/messages 422",
                "POST /api/v1/messages 409", "POST /api/v1/messages 415", "POST /api/v1/messages 413",
                "POST /api/v1/messages 400", "POST /api/v1/messages 401", "GET /api/v1/messages/{id} 200",
                "GET /api/v1/messages/{id} 404", "GET /api/v1/inbox 200", "GET /api/v1/inbox/{id} 200",
                "POST /api/v1/inbox/{id}/ack 204", "POST /api/v1/inbox/acknowledgements 200", "GET /api/v1/events 200",
                "GET /api/v1/me 200", "GET /api/v1/participants 200", "GET /api/v1/standard 200",
                "GET /api/v1/standard/{module}/{type} 200", "GET /api/v1/standard/{module}/{type} 404",
                "GET /api/v1/vendor-inbox 200")) {
            if (!checked.contains(answer)) {
                missing.add(answer);
            }
        }
        assertEquals(List.of(), missing, "answers the contract test should have seen; it saw " + checked);
    }

    private static RequestSpecification as(String token) {
        return given().filter(contract).auth().oauth2(token);
    }

    @Test
    @Order(1)
    void theStandardAndTheDirectory() {
        given().filter(contract).get(api + "/api/v1/standard").then().statusCode(200);
        given().filter(contract).get(api + "/api/v1/standard/schuldinventarisatie/saldoverzoek").then().statusCode(200);
        given().filter(contract).get(api + "/api/v1/standard/schuldinventarisatie/bestaat-niet").then()
                .statusCode(404);
        as(gemeente).get(api + "/api/v1/me").then().statusCode(200);
        energieId = as(gemeente).queryParam("oin", ENERGIE_OIN).get(api + "/api/v1/participants").then()
                .statusCode(200).body("items.name", contains("Voorbeeld Energie B.V.")).extract().path("items[0].id");
    }

    @Test
    @Order(2)
    void aSaldoverzoekToVoorbeeldEnergiesOinIsAccepted() {
        Response answer = as(gemeente).contentType(ContentType.JSON).body(submission(ENERGIE_OIN, example()))
                .post(api + "/api/v1/messages");
        answer.then().statusCode(201).body("status", equalTo("accepted"));
        sentId = answer.path("id");
        as(gemeente).get(api + "/api/v1/messages/" + sentId).then().statusCode(200)
                .body("recipient", equalTo(energieId))
                .body("status", oneOf("accepted", "delivered"));
    }

    @Test
    @Order(3)
    void anUnknownOinIs422RecipientUnknownAtItsPointer() {
        as(gemeente).contentType(ContentType.JSON).body(submission(UNKNOWN_OIN, example()))
                .post(api + "/api/v1/messages").then().statusCode(422).contentType("application/problem+json")
                .body("violations.code", contains("recipient.unknown"))
                .body("violations.pointer", contains("/recipient"));
    }

    @Test
    @Order(4)
    void everyRefusalIsTheDocumentedProblem() {
        ObjectNode broken = example();
        ((ObjectNode) broken.get("client")).put("bsn", "12AB");
        as(gemeente).contentType(ContentType.JSON).body(submission(energieId, broken))
                .post(api + "/api/v1/messages").then().statusCode(422)
                .body("violations.pointer", hasItem("/client/bsn"));

        String key = "contract-" + UUID.randomUUID();
        as(gemeente).contentType(ContentType.JSON).header("Idempotency-Key", key)
                .body(submission(energieId, example())).post(api + "/api/v1/messages").then().statusCode(201);
        ObjectNode other = example();
        other.put("toelichting", "een andere body");
        as(gemeente).contentType(ContentType.JSON).header("Idempotency-Key", key).body(submission(energieId, other))
                .post(api + "/api/v1/messages").then().statusCode(409)
                .body("type", equalTo("https://knooppunt.nl/problems/idempotency-key-reused"));

        as(gemeente).contentType(ContentType.TEXT).body("module=schuldinventarisatie").post(api + "/api/v1/messages")
                .then().statusCode(415);
        as(gemeente).contentType(ContentType.JSON).body("{\"modul\": \"schuldinventarisatie\"}")
                .post(api + "/api/v1/messages").then().statusCode(400);
        URI uri = URI.create(api);
        RawHttp.Response tooLarge = RawHttp.send(uri.getHost(), uri.getPort(), "POST", "/api/v1/messages",
                List.<String[]>of(new String[] { "Content-Type", "application/json" },
                        new String[] { "Authorization", "Bearer " + gemeente }), "{}".getBytes(), "2000000", false);
        assertEquals(413, tooLarge.status());
        assertEquals(List.of(), contract.check("post", "/api/v1/messages", 413, tooLarge.header("Content-Type"),
                tooLarge.body(), tooLarge.header("API-Version")));
        given().filter(contract).contentType(ContentType.JSON).body(submission(energieId, example()))
                .post(api + "/api/v1/messages").then().statusCode(401);
        as(gemeente).get(api + "/api/v1/messages/" + UUID.randomUUID()).then().statusCode(404);
    }

    @Test
    @Order(5)
    void theCreditorListsFetchesAndAcknowledges() {
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> as(energie).get(api + "/api/v1/inbox").then()
                .statusCode(200).body("items.id", hasItem(sentId)));
        as(energie).get(api + "/api/v1/vendor-inbox").then().statusCode(200);
        as(energie).get(api + "/api/v1/inbox/" + sentId).then().statusCode(200).body("id", equalTo(sentId));
        as(energie).post(api + "/api/v1/inbox/" + sentId + "/ack").then().statusCode(204);
        int gone = as(energie).get(api + "/api/v1/inbox/" + sentId).then().extract().statusCode();
        assertTrue(gone == 404 || gone == 410, "fetch after ack answered " + gone);

        List<String> page = as(energie).queryParam("include", "content").get(api + "/api/v1/inbox").then()
                .statusCode(200).extract().path("items.id");
        as(energie).contentType(ContentType.JSON).body(Map.of("ids", page.isEmpty()
                ? List.of(UUID.randomUUID().toString()) : page))
                .post(api + "/api/v1/inbox/acknowledgements").then().statusCode(200);
        as(gemeente).get(api + "/api/v1/events").then().statusCode(200);
        as(gemeente).get(api + "/api/v1/messages/" + sentId).then().statusCode(200)
                .body("status", equalTo("acknowledged"));
    }

    private static Map<String, Object> submission(String recipient, ObjectNode payload) {
        return Map.of("module", "schuldinventarisatie", "type", "saldoverzoek", "recipient", recipient,
                "payload", payload);
    }

    private static ObjectNode example() {
        return (ObjectNode) given().get(api + "/api/v1/standard/schuldinventarisatie/saldoverzoek").then()
                .statusCode(200).extract().as(JsonNode.class).get("example");
    }
}
