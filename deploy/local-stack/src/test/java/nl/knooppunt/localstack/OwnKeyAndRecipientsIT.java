package nl.knooppunt.localstack;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import nl.knooppunt.client.InboxMessage;
import nl.knooppunt.client.InboxQuery;
import nl.knooppunt.client.KnooppuntClient;
import nl.knooppunt.client.KnooppuntException;
import nl.knooppunt.client.MessageStatus;
import nl.knooppunt.client.NewMessage;
import nl.knooppunt.client.PayloadDecryptor;
import nl.knooppunt.client.ProblemException;
import nl.knooppunt.client.SubmitResult;

/**
 * Onboarding through the operator API and end-to-end encryption to participants' own keys: the operator registers
 * two creditors with their own public keys (EC P-256, RSA 2048) and gives the API client {@code demo-energie} a
 * mandate for both; a counsellor sends one saldoverzoek to three creditors at once; each copy gets its own id and
 * status, the two own-key copies arrive as JWE that only the creditor's private key opens (checked with Nimbus),
 * the copy to the portal participant Voorbeeld Energie arrives as JWE too, opened with the key its users hold (the hub
 * holds none); a client acting for several participants must name one. The vendor side
 * submits, fetches, decrypts and acknowledges with knooppunt-client.
 */
@ExtendWith(LocalStackExtension.class)
@org.junit.jupiter.api.Order(2)
class OwnKeyAndRecipientsIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String GEMEENTE_ID = "6a1f0c43-2d2b-4c55-9a0e-3f1f7a0d2a01";
    private static final String ENERGIE_ID = "b7e2d154-3e3c-4d66-8b1f-4a2a8b1e3b02";
    private static final String ENERGIE_CLIENT = "demo-energie";
    private static final String PARTICIPANT_HEADER = "Knooppunt-Participant";
    private static final String PROBLEM = "application/problem+json";

    private static String api;
    private static String operator;
    private static String gemeente;
    private static String energie;
    private static KnooppuntClient gemeenteHub;
    private static KnooppuntClient energieHub;
    private static final List<String> GRANTED = new ArrayList<>();

    @BeforeAll
    static void tokens(LocalStack running) {
        api = running.portalApiUrl().toString().replaceAll("/$", "");
        operator = running.token("demo-beheer", "demo-beheer-secret");
        gemeente = running.token("demo-gemeente", "demo-gemeente-secret");
        energie = running.token("demo-energie", "demo-energie-secret");
        gemeenteHub = VendorClients.of(running, Demo.GEMEENTE_CLIENT);
        energieHub = VendorClients.of(running, Demo.ENERGIE_CLIENT);
    }

    /** demo-energie acts for its own participant only again, so the scenarios after this one are unaffected. */
    @AfterAll
    static void revokeMandates() {
        for (String id : GRANTED) {
            given().auth().oauth2(operator)
                    .delete(api + "/api/v1/operator/clients/{client}/participants/{id}", ENERGIE_CLIENT, id)
                    .then().statusCode(204);
        }
        given().auth().oauth2(energie).get(api + "/api/v1/me").then().statusCode(200)
                .body("acting.id", equalTo(ENERGIE_ID));
    }

    @Test
    void oneRequestToThreeCreditorsEachOpensItsOwnCopy() throws Exception {
        long run = ThreadLocalRandom.current().nextLong(10_000_000L, 99_999_999L);
        ECKey ecKey = new ECKeyGenerator(Curve.P_256).keyID("ownkey-ec-" + run).keyUse(KeyUse.ENCRYPTION).generate();
        RSAKey rsaKey = new RSAKeyGenerator(2048).keyID("ownkey-rsa-" + run).keyUse(KeyUse.ENCRYPTION).generate();

        // 1. operator onboarding: create, switch the module on, activate, register the own key, grant the mandate
        String oin1 = "0000000100" + run + "01";
        String oin2 = "0000000100" + run + "02";
        String kvk = String.valueOf(run).substring(0, 7);
        String new1 = onboard(oin1, kvk + "1", "OwnKey Crediteur " + run + " EC", ecKey);
        String new2 = onboard(oin2, kvk + "2", "OwnKey Crediteur " + run + " RSA", rsaKey);
        given().auth().oauth2(operator).get(api + "/api/v1/operator/clients/{client}/participants", ENERGIE_CLIENT)
                .then().statusCode(200).body("id", hasItems(ENERGIE_ID, new1, new2));

        // 2. the directory shows them active with their own key ids
        awaitInDirectory(oin1, new1, ecKey.getKeyID());
        awaitInDirectory(oin2, new2, rsaKey.getKeyID());

        // 3. one saldoverzoek to three creditors: one id and one status per recipient
        List<String> recipients = List.of(ENERGIE_ID, new1, new2);
        JsonNode sent = example();
        Map<String, String> ids = sendToAll(recipients, sent);
        assertEquals(3, new HashSet<>(ids.values()).size(), "every recipient has its own message id: " + ids);
        for (String recipient : recipients) {
            String id = ids.get(recipient);
            // routing-service learns of an accepted message through Kafka: until then its status is 404
            await().atMost(Duration.ofSeconds(20)).ignoreException(ProblemException.class)
                    .until(() -> "delivered".equals(gemeenteHub.status(id).status()));
            MessageStatus status = gemeenteHub.status(id);
            assertEquals(recipient, status.recipient());
            assertEquals("saldoverzoek", status.type());
        }

        // 5. a client with several mandates must name the participant, and only one it has a mandate for
        given().auth().oauth2(energie).get(api + "/api/v1/inbox").then().statusCode(403).contentType(PROBLEM);
        given().auth().oauth2(energie).header(PARTICIPANT_HEADER, GEMEENTE_ID).get(api + "/api/v1/inbox")
                .then().statusCode(403).contentType(PROBLEM);
        given().auth().oauth2(energie).header(PARTICIPANT_HEADER, new1).get(api + "/api/v1/me").then()
                .statusCode(200).body("acting.id", equalTo(new1))
                .body("participants.id", hasItems(ENERGIE_ID, new1, new2));

        // the inbox filters by type, module and sender
        assertTrue(inbox(new1, InboxQuery.all().type("saldoverzoek")).contains(ids.get(new1)));
        assertFalse(inbox(new1, InboxQuery.all().type("saldoverzoek-antwoord")).contains(ids.get(new1)));
        assertTrue(inbox(new1, InboxQuery.all().module("schuldinventarisatie").sender(GEMEENTE_ID))
                .contains(ids.get(new1)));
        assertFalse(inbox(new1, InboxQuery.all().sender(ENERGIE_ID)).contains(ids.get(new1)));
        given().auth().oauth2(energie).header(PARTICIPANT_HEADER, new1).get(api + "/api/v1/inbox?sender=gemeente")
                .then().statusCode(400).contentType(PROBLEM);

        // 4. own keys: the hub hands over the JWE; only the creditor's private key opens it (the vendor holds both)
        PayloadDecryptor vendorKeys = PayloadDecryptor.of(ecKey, rsaKey);
        assertEquals(sent, openOwnCopy(new1, ids.get(new1), ecKey, vendorKeys));
        assertEquals(sent, openOwnCopy(new2, ids.get(new2), rsaKey, vendorKeys));
        KnooppuntException notMine = assertThrows(KnooppuntException.class,
                () -> PayloadDecryptor.of(ecKey).decrypt(energieHub.actingFor(new2).fetch(ids.get(new2))
                        .encryptedPayload()));
        assertTrue(notMine.getMessage().contains(rsaKey.getKeyID()), notMine.getMessage());
        // a portal participant too: the hub hands over the JWE; its own key, on its users' side, opens it
        InboxMessage portalCopy = energieHub.actingFor(ENERGIE_ID).fetch(ids.get(ENERGIE_ID));
        assertEquals(sent, PayloadDecryptor.of(energieUsersKey()).decrypt(portalCopy.encryptedPayload()));
        assertThrows(KnooppuntException.class, () -> vendorKeys.decrypt(portalCopy.encryptedPayload()),
                "no other participant's key opens it");

        for (String recipient : recipients) {
            KnooppuntClient acting = energieHub.actingFor(recipient);
            acting.acknowledge(ids.get(recipient));
            ProblemException gone = assertThrows(ProblemException.class, () -> acting.fetch(ids.get(recipient)));
            assertEquals(410, gone.status());
        }
    }

    /** Registers an active creditor with module schuldinventarisatie and its own key; demo-energie acts for it. */
    private static String onboard(String oin, String kvk, String name, JWK key) {
        Map<String, Object> body = Map.of("oin", oin, "kvk", kvk, "name", name, "kind", "creditor",
                "sector", "energy", "delivery", Map.of("mode", "mailbox"));
        String id = operator().body(body).post(api + "/api/v1/operator/participants").then().statusCode(201)
                .body("status", equalTo("onboarding")).extract().path("id");
        operator().put(api + "/api/v1/operator/participants/{id}/modules/schuldinventarisatie", id)
                .then().statusCode(200);
        operator().body(Map.of("status", "active"))
                .put(api + "/api/v1/operator/participants/{id}/status", id).then().statusCode(200)
                .body("status", equalTo("active"));
        String publicJwk = key.toPublicJWK().toJSONString();
        assertFalse(publicJwk.contains("\"d\""), "only the public key leaves the test");
        operator().body(publicJwk).put(api + "/api/v1/operator/participants/{id}/keys/{kid}", id, key.getKeyID())
                .then().statusCode(204);
        given().auth().oauth2(operator)
                .put(api + "/api/v1/operator/clients/{client}/participants/{id}", ENERGIE_CLIENT, id)
                .then().statusCode(204);
        GRANTED.add(id);
        return id;
    }

    private static RequestSpecification operator() {
        return given().auth().oauth2(operator).contentType(ContentType.JSON);
    }

    private static void awaitInDirectory(String oin, String id, String kid) {
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            Response page = given().auth().oauth2(gemeente).queryParam("q", oin).get(api + "/api/v1/participants");
            List<Map<String, Object>> items = page.then().statusCode(200).extract().jsonPath().getList("items");
            return items.stream().anyMatch(p -> id.equals(p.get("id")) && "active".equals(p.get("status"))
                    && ((List<?>) p.get("keyIds")).contains(kid)
                    && ((List<?>) p.get("modules")).contains("schuldinventarisatie"));
        });
    }

    private static JsonNode example() throws IOException {
        return JSON.readTree(given().get(api + "/api/v1/standard/schuldinventarisatie/saldoverzoek").then()
                .statusCode(200).extract().asString()).get("example");
    }

    /**
     * Sends one saldoverzoek to all recipients and answers each recipient's message id. The validation service
     * learns new keys from the participant snapshots (Kafka); should a copy be refused because that has not
     * arrived yet, the accepted copies are acknowledged and the request is sent again.
     */
    private static Map<String, String> sendToAll(List<String> recipients, JsonNode payload) {
        NewMessage request = NewMessage.toEach(recipients, "schuldinventarisatie", "saldoverzoek", payload);
        AtomicReference<Map<String, String>> accepted = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1))
                .until(() -> {
                    accepted.set(trySendToAll(recipients, request));
                    return accepted.get() != null;
                });
        return accepted.get();
    }

    /** One attempt: the ids per recipient when every copy was accepted; otherwise acknowledges them and null. */
    private static Map<String, String> trySendToAll(List<String> recipients, NewMessage request) {
        SubmitResult answer = gemeenteHub.submit(request);
        assertEquals(recipients.size(), answer.messages().size(), "one entry per recipient: " + answer);
        Map<String, String> ids = new LinkedHashMap<>();
        boolean allAccepted = true;
        for (int i = 0; i < recipients.size(); i++) {
            SubmitResult.RecipientResult entry = answer.messages().get(i);
            assertEquals(recipients.get(i), entry.recipient(), "entries in the order given");
            if (entry.accepted()) {
                assertNotNull(entry.id());
                assertEquals(entry.id(), entry.conversationId());
                ids.put(recipients.get(i), entry.id());
            } else {
                allAccepted = false;
            }
        }
        if (allAccepted) {
            return ids;
        }
        ids.forEach((recipient, id) -> energieHub.actingFor(recipient).acknowledge(id));
        return null;
    }

    private static List<String> inbox(String participant, InboxQuery query) {
        return energieHub.actingFor(participant).inbox().list(query).ids();
    }

    /** Fetches a message of a participant with its own key: a compact JWE to that key, opened by the vendor. */
    private static JsonNode openOwnCopy(String participant, String id, JWK key, PayloadDecryptor vendorKeys)
            throws Exception {
        InboxMessage fetched = energieHub.actingFor(participant).fetch(id);
        assertEquals(id, fetched.id());
        String jwe = fetched.encryptedPayload();
        assertNotNull(jwe, "a message to an own key is handed over encrypted");
        assertEquals(5, jwe.split("\\.", -1).length, "compact JWE");
        assertEquals(key.getKeyID(), JWEObject.parse(jwe).getHeader().getKeyID());
        return vendorKeys.content(fetched);
    }

    /** Voorbeeld Energie's own private key, as its users hold it ({@code demo-users/} of the stack's state). */
    private static com.nimbusds.jose.jwk.JWK energieUsersKey() throws Exception {
        return com.nimbusds.jose.jwk.JWK.parse(java.nio.file.Files.readString(
                DemoUserKeys.keyFile(LocalStackExtension.stateDir(), ENERGIE_ID)));
    }
}
