package nl.knooppunt.portal.inbox;

import static io.restassured.RestAssured.given;
import static nl.knooppunt.portal.inbox.InboxFakes.PORTAL;
import static nl.knooppunt.portal.inbox.InboxFakes.OTHER;
import static nl.knooppunt.portal.inbox.InboxFakes.OWN_KEY;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import org.eclipse.microprofile.config.ConfigProvider;
import org.jose4j.jwk.EcJwkGenerator;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.keys.EllipticCurves;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import nl.knooppunt.portal.hostile.Tokens;
import nl.knooppunt.standard.crypto.RecipientCipher;
import nl.knooppunt.testsupport.HubSecretsTestResource;
import nl.knooppunt.testsupport.KafkaTestResource;

/** The batch pull over the public API: list with content, bulk acknowledgement, and their refusals (ADR 0033). */
@QuarkusTest
@TestProfile(InboxBatchProfile.class)
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(HubSecretsTestResource.class)
@QuarkusTestResource(io.quarkus.test.oidc.server.OidcWiremockTestResource.class)
class InboxBatchTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SECRET = "geheim-saldo-98765";
    private static final String PLAINTEXT = "{\"saldoInCenten\":12345,\"toelichting\":\"" + SECRET + "\"}";
    private static final String ACKS = "/api/v1/inbox/acknowledgements";

    @BeforeEach
    void emptyMailboxes() {
        InboxFakes.reset();
    }

    @Test
    void everyParticipantGetsTheJweToItsOwnKeyAndTheListedMessagesAreFetched() throws Exception {
        String jwe = RecipientCipher.encrypt(PLAINTEXT, participantKey(PORTAL));
        String newerKeyJwe = RecipientCipher.encrypt(PLAINTEXT, freshKey(PORTAL + "-portal-2"));
        String first = InboxFakes.deliver(PORTAL, jwe, false);
        String second = InboxFakes.deliver(PORTAL, newerKeyJwe, false);
        String others = InboxFakes.deliver(OTHER, RecipientCipher.encrypt(PLAINTEXT, participantKey(OTHER)), false);

        String listed = as("client-portal").get("/api/v1/inbox?include=content").then().statusCode(200)
                .contentType("application/json").extract().asString();
        JsonPath page = JsonPath.from(listed);
        assertEquals(List.of(first, second), page.getList("items.id"));
        assertEquals(List.of(jwe, newerKeyJwe), page.getList("items.encryptedPayload"),
                "handed over exactly as stored: portal-api opens nothing (ADR 0042)");
        assertFalse(listed.contains(SECRET) || listed.contains("\"payload\""), "no content in clear: " + listed);
        assertEquals(PLAINTEXT, RecipientCipher.decrypt(page.getString("items[0].encryptedPayload"),
                List.of(participantKey(PORTAL))), "the participant opens it with its own key");
        assertEquals(List.of("fetched", "fetched"), page.getList("items.status"));
        assertEquals("fetched", InboxFakes.status(first));
        assertEquals("delivered", InboxFakes.status(others));
        assertEquals(List.of("GET mailbox " + PORTAL + " include=content"), InboxFakes.CALLS,
                "one round trip to routing-service for the whole page");

        // exactly what the single fetch answers
        JsonNode single = JSON.readTree(as("client-portal").get("/api/v1/inbox/" + first).then().statusCode(200)
                .extract().asString());
        assertEquals(jwe, single.get("encryptedPayload").asText());
        assertFalse(single.has("payload"));
        assertEquals(newerKeyJwe, as("client-portal").get("/api/v1/inbox/" + second).then().statusCode(200)
                .extract().path("encryptedPayload"));

        // without include: envelopes only, as before
        as("client-portal").get("/api/v1/inbox").then().statusCode(200)
                .body("items[0]", not(org.hamcrest.Matchers.hasKey("encryptedPayload")))
                .body("items[1]", not(org.hamcrest.Matchers.hasKey("encryptedPayload")));
    }

    @Test
    void ownKeyParticipantListsTheJwePageByPage() throws Exception {
        PublicJsonWebKey key = freshKey(OWN_KEY + "-1");
        List<String> ids = new ArrayList<>();
        List<String> jwes = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            jwes.add(RecipientCipher.encrypt(PLAINTEXT, key));
            ids.add(InboxFakes.deliver(OWN_KEY, jwes.get(i), false));
        }
        JsonPath first = as("client-own").get("/api/v1/inbox?include=content&limit=2").then().statusCode(200)
                .extract().jsonPath();
        assertEquals(ids.subList(0, 2), first.getList("items.id"));
        assertEquals(jwes.subList(0, 2), first.getList("items.encryptedPayload"));
        assertEquals(ids.get(1), first.getString("next"));
        assertNull(first.get("items[0].payload"));
        assertEquals(PLAINTEXT, RecipientCipher.decrypt(first.getString("items[0].encryptedPayload"), List.of(key)));
        assertEquals("delivered", InboxFakes.status(ids.get(2)), "only the listed page is fetched");

        JsonPath second = as("client-own").get("/api/v1/inbox?include=content&limit=2&after=" + ids.get(1)).then()
                .statusCode(200).extract().jsonPath();
        assertEquals(ids.subList(2, 3), second.getList("items.id"));
        assertEquals(jwes.get(2), second.getString("items[0].encryptedPayload"));
        assertEquals("fetched", InboxFakes.status(ids.get(2)));
        assertNull(second.getString("next"));
    }

    @Test
    void aDamagedJweIsHandedOverAsStoredSincePortalApiNeverOpensContent() throws Exception {
        String jwe = RecipientCipher.encrypt(PLAINTEXT, participantKey(OTHER));
        String[] parts = jwe.split("\\.");
        parts[3] = (parts[3].charAt(0) == 'A' ? "B" : "A") + parts[3].substring(1);
        String damaged = String.join(".", parts);
        String broken = InboxFakes.deliver(OTHER, damaged, false);

        assertEquals(List.of(damaged), as("client-other").get("/api/v1/inbox?include=content").then().statusCode(200)
                .extract().jsonPath().getList("items.encryptedPayload"));
        assertEquals(damaged, as("client-other").get("/api/v1/inbox/" + broken).then().statusCode(200)
                .extract().path("encryptedPayload"));
    }

    @Test
    void bulkAcknowledgementAnswersPerIdInOneCall() {
        String first = InboxFakes.deliver(PORTAL, "jwe-1", false);
        String second = InboxFakes.deliver(PORTAL, "jwe-2", false);
        String expired = InboxFakes.deliver(PORTAL, null, true);
        String others = InboxFakes.deliver(OTHER, "jwe-3", false);
        String unknown = UUID.randomUUID().toString();

        as("client-portal").contentType("application/json")
                .body(Map.of("ids", List.of(second, unknown, first.toUpperCase(Locale.ROOT), others, expired)))
                .post(ACKS).then().statusCode(200).contentType("application/json")
                .body("acknowledged", equalTo(List.of(second, first)))
                .body("expired", equalTo(List.of(expired)))
                .body("notFound", equalTo(List.of(unknown, others)));
        assertEquals(List.of("POST acknowledgements " + PORTAL + " " + String.join(",", second, unknown, first,
                others, expired)), InboxFakes.CALLS, "one call, canonical ids, in the order asked");

        // the acknowledged messages answer as after a single acknowledgement; the other participant's is untouched
        as("client-portal").get("/api/v1/inbox/" + first).then().statusCode(410)
                .contentType("application/problem+json");
        as("client-portal").post("/api/v1/inbox/" + first + "/ack").then().statusCode(204);
        as("client-portal").get("/api/v1/inbox").then().statusCode(200).body("items.size()", equalTo(0));
        assertEquals("delivered", InboxFakes.status(others));
        as("client-other").get("/api/v1/inbox").then().statusCode(200).body("items.id", equalTo(List.of(others)));
        // repeating is fine, as for the single acknowledgement
        as("client-portal").contentType("application/json").body(Map.of("ids", List.of(first, second)))
                .post(ACKS).then().statusCode(200).body("acknowledged", equalTo(List.of(first, second)));
    }

    @Test
    void badBulkAcknowledgementsAreRefusedNamingThePointerNeverTheValue() {
        String id = UUID.randomUUID().toString();
        String hostile = "<script>alert(1)</script>";
        Map<String, String> bodies = new java.util.LinkedHashMap<>();
        bodies.put("{\"ids\":[]}", "/ids");
        bodies.put("{\"ids\":" + JSON.valueToTree(IntStream.range(0, 501).mapToObj(i -> UUID.randomUUID()
                .toString()).toList()) + "}", "/ids");
        bodies.put("{\"ids\":[\"" + id + "\",\"" + id + "\"]}", "/ids/1 repeats /ids/0");
        bodies.put("{\"ids\":[\"" + id + "\",\"" + id.toUpperCase(Locale.ROOT) + "\"]}", "/ids/1 repeats /ids/0");
        bodies.put("{\"ids\":[\"" + id + "\",\"" + hostile.replace("\"", "\\\"") + "\"]}", "/ids/1");
        bodies.put("{\"ids\":[\"" + id + "\",\"1-1-1-1-1\"]}", "/ids/1");
        bodies.put("{\"ids\":[42]}", "/ids/0");
        bodies.put("{\"ids\":[null]}", "/ids/0");
        bodies.put("{\"ids\":\"" + id + "\"}", "/ids");
        bodies.put("{}", "/ids");
        bodies.put("[\"" + id + "\"]", "JSON object");
        for (Map.Entry<String, String> body : bodies.entrySet()) {
            String problem = as("client-portal").contentType("application/json").body(body.getKey()).post(ACKS)
                    .then().statusCode(400).contentType("application/problem+json")
                    .body("type", equalTo("https://knooppunt.nl/problems/bad-request"))
                    .body("detail", containsString(body.getValue())).extract().asString();
            assertFalse(problem.contains("script") || problem.contains("1-1-1-1-1"), problem);
        }
        as("client-portal").contentType("application/json").body("{\"ids\":[\"" + id + "\"],\"all\":true}")
                .post(ACKS).then().statusCode(400).body("type", equalTo("https://knooppunt.nl/problems/unknown-field"));
        as("client-portal").contentType("application/json").body("{\"ids\":[\"" + id + "\"")
                .post(ACKS).then().statusCode(400).body("type", equalTo("https://knooppunt.nl/problems/malformed-json"));
        for (String type : List.of("text/plain", "application/x-www-form-urlencoded", "application/xml")) {
            as("client-portal").contentType(type).body("ids=" + id).post(ACKS).then().statusCode(415)
                    .contentType("application/problem+json");
        }
        given().contentType("application/json").body(Map.of("ids", List.of(id))).post(ACKS).then().statusCode(401);
        assertTrue(InboxFakes.CALLS.isEmpty(), "nothing refused reached routing-service: " + InboxFakes.CALLS);

        for (String include : List.of("payload", "CONTENT", "content,envelope", hostile)) {
            String problem = as("client-portal").queryParam("include", include).get("/api/v1/inbox").then()
                    .statusCode(400).contentType("application/problem+json")
                    .body("detail", containsString("'content'")).extract().asString();
            assertFalse(problem.contains("script"), problem);
        }
        assertTrue(InboxFakes.CALLS.isEmpty(), "nothing refused reached routing-service: " + InboxFakes.CALLS);
    }

    private static RequestSpecification as(String clientId) {
        return given().auth().oauth2(Tokens.client(clientId));
    }

    private static PublicJsonWebKey participantKey(String participant) {
        Path secrets = Path.of(ConfigProvider.getConfig().getValue("knooppunt.secrets-dir", String.class));
        return nl.knooppunt.testsupport.ParticipantTestKeys.of(secrets, participant).get(0);
    }

    private static PublicJsonWebKey freshKey(String kid) throws Exception {
        PublicJsonWebKey key = EcJwkGenerator.generateJwk(EllipticCurves.P256, null, new SecureRandom());
        key.setKeyId(kid);
        return key;
    }
}
