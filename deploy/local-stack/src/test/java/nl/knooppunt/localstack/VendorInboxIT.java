package nl.knooppunt.localstack;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.crypto.ECDHDecrypter;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;

/**
 * The vendor-wide inbox against the running hub (ADR 0038): the operator gives the API client {@code demo-energie}
 * mandates for two new creditors with their own keys; the counsellor sends them three saldoverzoeken; the vendor
 * lists one page holding the messages of both, each naming its recipient and opening with that recipient's key; the
 * participant filter narrows it, a participant it has no mandate for is 403; one acknowledgement of the page empties
 * both mailboxes, while another client acknowledging them finds nothing.
 */
@ExtendWith(LocalStackExtension.class)
@org.junit.jupiter.api.Order(4)
class VendorInboxIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String GEMEENTE_ID = Demo.GEMEENTE_PARTICIPANT_ID;
    private static final String ENERGIE_ID = Demo.ENERGIE_PARTICIPANT_ID;
    private static final String VENDOR = Demo.ENERGIE_CLIENT.clientId();
    private static final String PROBLEM = "application/problem+json";
    private static final String INBOX = "/api/v1/vendor-inbox";

    private static String api;
    private static String operator;
    private static String gemeente;
    private static String vendor;
    private static final List<String> GRANTED = new ArrayList<>();

    @BeforeAll
    static void tokens(LocalStack running) {
        api = running.portalApiUrl().toString().replaceAll("/$", "");
        operator = running.token("demo-beheer", "demo-beheer-secret");
        gemeente = running.token(Demo.GEMEENTE_CLIENT.clientId(), Demo.GEMEENTE_CLIENT.secret());
        vendor = running.token(VENDOR, Demo.ENERGIE_CLIENT.secret());
    }

    /** demo-energie acts for its own participant only again, so the scenarios after this one are unaffected. */
    @AfterAll
    static void revokeMandates() {
        for (String id : GRANTED) {
            given().auth().oauth2(operator)
                    .delete(api + "/api/v1/operator/clients/{client}/participants/{id}", VENDOR, id)
                    .then().statusCode(204);
        }
        given().auth().oauth2(vendor).get(api + "/api/v1/me").then().statusCode(200)
                .body("acting.id", equalTo(ENERGIE_ID));
    }

    @Test
    void aVendorListsAndAcknowledgesOnePageAcrossItsParticipants() throws Exception {
        long run = ThreadLocalRandom.current().nextLong(10_000_000L, 99_999_999L);
        ECKey firstKey = new ECKeyGenerator(Curve.P_256).keyID("vendor-inbox-1-" + run).keyUse(KeyUse.ENCRYPTION)
                .generate();
        ECKey secondKey = new ECKeyGenerator(Curve.P_256).keyID("vendor-inbox-2-" + run).keyUse(KeyUse.ENCRYPTION)
                .generate();
        String kvk = String.valueOf(run).substring(0, 7);
        String first = onboard("0000000200" + run + "01", kvk + "3", "Vendorinbox Crediteur " + run + " A", firstKey);
        String second = onboard("0000000200" + run + "02", kvk + "4", "Vendorinbox Crediteur " + run + " B",
                secondKey);
        Map<String, ECKey> keys = Map.of(first, firstKey, second, secondKey);
        // portal-api has the new mandates at once (the operator API empties its cache of the client's mandates)
        await().atMost(Duration.ofSeconds(30)).until(() -> vendor().get(api + INBOX + "?participant=" + first + ","
                + second).statusCode() == 200);

        // three saldoverzoeken from the counsellor, each delivered before the next is sent: two to the first
        // creditor, one to the second
        JsonNode example = example();
        List<String> sent = new ArrayList<>();
        Map<String, String> recipientOf = new HashMap<>();
        for (String recipient : List.of(first, second, first)) {
            String id = send(recipient, example);
            await().atMost(Duration.ofSeconds(30)).until(() -> "delivered".equals(given().auth().oauth2(gemeente)
                    .get(api + "/api/v1/messages/{id}", id).then().extract().path("status")));
            sent.add(id);
            recipientOf.put(id, recipient);
        }

        // 1. one page holds the messages of both participants, oldest first, each naming its recipient and
        //    opening with that recipient's own key
        JsonPath page = JsonPath.from(vendor().get(api + INBOX + "?include=content&limit=500&participant=" + first
                + "&participant=" + second).then().statusCode(200).contentType(ContentType.JSON).extract().asString());
        List<String> ids = page.getList("items.id");
        assertEquals(new HashSet<>(sent), new HashSet<>(ids), "exactly the three messages: " + ids);
        assertEquals(List.of(first, second, first), page.getList("items.recipient"), "delivery order");
        assertEquals(sent, ids, "each delivered after the one sent before it");
        for (int i = 0; i < ids.size(); i++) {
            String recipient = page.getString("items[" + i + "].recipient");
            assertEquals(recipientOf.get(ids.get(i)), recipient);
            assertEquals(GEMEENTE_ID, page.getString("items[" + i + "].sender"));
            assertEquals("fetched", page.getString("items[" + i + "].status"), "include=content marks it fetched");
            JWEObject jwe = JWEObject.parse(page.getString("items[" + i + "].encryptedPayload"));
            assertEquals(keys.get(recipient).getKeyID(), jwe.getHeader().getKeyID());
            jwe.decrypt(new ECDHDecrypter(keys.get(recipient)));
            assertEquals(example, JSON.readTree(jwe.getPayload().toString()));
        }
        for (String id : sent) {
            await().atMost(Duration.ofSeconds(10)).until(() -> "fetched".equals(given().auth().oauth2(gemeente)
                    .get(api + "/api/v1/messages/{id}", id).then().extract().path("status")));
        }
        // without a filter: every participant of the client, its own included, each item naming its recipient
        JsonPath all = JsonPath.from(vendor().get(api + INBOX + "?limit=500").then().statusCode(200).extract()
                .asString());
        assertTrue(all.getList("items.id").containsAll(sent), "the unfiltered inbox holds them too");
        assertTrue(List.of(ENERGIE_ID, first, second).containsAll(all.getList("items.recipient")),
                "only messages to the vendor's participants: " + all.getList("items.recipient"));

        // 2. the participant filter: one participant, the other, a participant without mandate (403), a bad id (400)
        assertEquals(List.of(sent.get(0), sent.get(2)), listed("participant=" + first));
        assertEquals(List.of(sent.get(1)), listed("participant=" + second));
        vendor().get(api + INBOX + "?participant=" + first + "," + GEMEENTE_ID).then().statusCode(403)
                .contentType(PROBLEM).body("detail", equalTo("/participant/1 names a participant you may not act for"));
        String problem = vendor().get(api + INBOX + "?participant=" + first + ",gemeente").then().statusCode(400)
                .contentType(PROBLEM).body("detail", equalTo("/participant/1 is not a participant id (UUID)"))
                .extract().asString();
        assertFalse(problem.contains("gemeente"), problem);

        // 3. another client cannot acknowledge them: not found, and they still wait
        given().auth().oauth2(gemeente).contentType(ContentType.JSON).body(Map.of("ids", ids))
                .post(api + INBOX + "/acknowledgements").then().statusCode(200)
                .body("acknowledged.size()", equalTo(0)).body("notFound", equalTo(ids));
        assertEquals(ids, listed("participant=" + first + "," + second));

        // 4. one acknowledgement of the page empties both mailboxes
        vendor().contentType(ContentType.JSON).body(Map.of("ids", ids)).post(api + INBOX + "/acknowledgements")
                .then().statusCode(200).contentType(ContentType.JSON)
                .body("acknowledged", equalTo(ids)).body("expired.size()", equalTo(0))
                .body("notFound.size()", equalTo(0));
        assertEquals(List.of(), listed("participant=" + first + "," + second));
        for (String participant : List.of(first, second)) {
            vendor().header("Knooppunt-Participant", participant).get(api + "/api/v1/inbox").then().statusCode(200)
                    .body("items.size()", equalTo(0));
        }
        for (String id : sent) {
            given().auth().oauth2(gemeente).get(api + "/api/v1/messages/{id}", id).then().statusCode(200)
                    .body("status", equalTo("acknowledged"));
        }
    }

    private static List<String> listed(String query) {
        return vendor().get(api + INBOX + "?limit=500&" + query).then().statusCode(200).extract().jsonPath()
                .getList("items.id");
    }

    private static RequestSpecification vendor() {
        return given().auth().oauth2(vendor);
    }

    /** Registers an active creditor with module schuldinventarisatie and its own key; demo-energie acts for it. */
    private static String onboard(String oin, String kvk, String name, ECKey key) {
        Map<String, Object> body = Map.of("oin", oin, "kvk", kvk, "name", name, "kind", "creditor",
                "sector", "energy", "delivery", Map.of("mode", "mailbox"));
        String id = operator().body(body).post(api + "/api/v1/operator/participants").then().statusCode(201)
                .extract().path("id");
        operator().put(api + "/api/v1/operator/participants/{id}/modules/schuldinventarisatie", id)
                .then().statusCode(200);
        operator().body(Map.of("status", "active")).put(api + "/api/v1/operator/participants/{id}/status", id)
                .then().statusCode(200);
        operator().body(key.toPublicJWK().toJSONString())
                .put(api + "/api/v1/operator/participants/{id}/keys/{kid}", id, key.getKeyID()).then().statusCode(204);
        given().auth().oauth2(operator).put(api + "/api/v1/operator/clients/{client}/participants/{id}", VENDOR, id)
                .then().statusCode(204);
        GRANTED.add(id);
        return id;
    }

    private static RequestSpecification operator() {
        return given().auth().oauth2(operator).contentType(ContentType.JSON);
    }

    private static JsonNode example() throws Exception {
        return JSON.readTree(given().get(api + "/api/v1/standard/schuldinventarisatie/saldoverzoek").then()
                .statusCode(200).extract().asString()).get("example");
    }

    /**
     * Sends a saldoverzoek from the counsellor to one creditor; answers its id. validation-service learns a new
     * participant and its key from the participant snapshots (Kafka): until then the hub refuses the message, so it
     * is sent again.
     */
    private static String send(String recipient, JsonNode payload) {
        ObjectNode request = JSON.createObjectNode().put("module", "schuldinventarisatie").put("type", "saldoverzoek")
                .put("recipient", recipient);
        request.set("payload", payload);
        String[] id = new String[1];
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() -> {
            var response = given().auth().oauth2(gemeente).contentType(ContentType.JSON).body(request.toString())
                    .post(api + "/api/v1/messages");
            if (response.statusCode() == 201) {
                id[0] = response.path("id");
                return true;
            }
            assertEquals(422, response.statusCode(), () -> "only a refusal may be retried: " + response.asString());
            return false;
        });
        return id[0];
    }
}
