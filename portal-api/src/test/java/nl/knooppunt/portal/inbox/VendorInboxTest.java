package nl.knooppunt.portal.inbox;

import static io.restassured.RestAssured.given;
import static nl.knooppunt.portal.inbox.InboxFakes.PORTAL;
import static nl.knooppunt.portal.inbox.InboxFakes.OTHER;
import static nl.knooppunt.portal.inbox.InboxFakes.OWN_KEY;
import static nl.knooppunt.portal.inbox.InboxFakes.STRANGER;
import static nl.knooppunt.portal.inbox.InboxFakes.SUSPENDED;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import org.eclipse.microprofile.config.ConfigProvider;
import org.jose4j.jwk.EcJwkGenerator;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.keys.EllipticCurves;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import nl.knooppunt.portal.hostile.Tokens;
import nl.knooppunt.standard.crypto.HubSecrets;
import nl.knooppunt.standard.crypto.RecipientCipher;
import nl.knooppunt.testsupport.HubSecretsTestResource;
import nl.knooppunt.testsupport.KafkaTestResource;

/**
 * The vendor-wide inbox over the public API (ADR 0038): one listing and one bulk acknowledgement across every
 * participant a client acts for, the participant filter, and their refusals.
 */
@QuarkusTest
@TestProfile(InboxBatchProfile.class)
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(HubSecretsTestResource.class)
@QuarkusTestResource(io.quarkus.test.oidc.server.OidcWiremockTestResource.class)
class VendorInboxTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String INBOX = "/api/v1/vendor-inbox";
    private static final String ACKS = INBOX + "/acknowledgements";
    private static final String SECRET = "geheim-saldo-24680";
    private static final String PLAINTEXT = "{\"saldoInCenten\":54321,\"toelichting\":\"" + SECRET + "\"}";
    /** The active mandates of client-vendor, in registry order (its suspended mandate left out). */
    private static final String ACTIVE = String.join(",", PORTAL, OTHER, OWN_KEY);

    @BeforeEach
    void emptyMailboxes() {
        InboxFakes.reset();
    }

    @Test
    void oneListingAcrossEveryParticipantNamesEachRecipientAndHandsOverEachJwe() throws Exception {
        PublicJsonWebKey ownKey = freshKey(OWN_KEY + "-1");
        String ownJwe = RecipientCipher.encrypt(PLAINTEXT, ownKey);
        String portalJwe = RecipientCipher.encrypt(PLAINTEXT, participantKey(PORTAL));
        String toPortal = InboxFakes.deliver(PORTAL, portalJwe, false);
        String toOwnKey = InboxFakes.deliver(OWN_KEY, ownJwe, false);
        String toStranger = InboxFakes.deliver(STRANGER, "jwe-stranger", false);
        String otherJwe = RecipientCipher.encrypt(PLAINTEXT, participantKey(OTHER));
        String toOther = InboxFakes.deliver(OTHER, otherJwe, false);

        // no Knooppunt-Participant header: the single inbox refuses a client with several mandates, this one not
        as("client-vendor").get("/api/v1/inbox").then().statusCode(403);
        InboxFakes.CALLS.clear();
        JsonPath page = as("client-vendor").get(INBOX + "?include=content").then().statusCode(200)
                .contentType("application/json").extract().jsonPath();
        assertEquals(List.of(toPortal, toOwnKey, toOther), page.getList("items.id"));
        assertEquals(List.of(PORTAL, OWN_KEY, OTHER), page.getList("items.recipient"));
        assertEquals(List.of(portalJwe, ownJwe, otherJwe), page.getList("items.encryptedPayload"),
                "each handed over as stored: portal-api opens nothing (ADR 0042)");
        assertNull(page.get("items[0].payload"));
        assertEquals(PLAINTEXT, RecipientCipher.decrypt(page.getString("items[1].encryptedPayload"),
                List.of(ownKey)));
        assertEquals(PLAINTEXT, RecipientCipher.decrypt(page.getString("items[0].encryptedPayload"),
                List.of(participantKey(PORTAL))));
        assertEquals(List.of("fetched", "fetched", "fetched"), page.getList("items.status"));
        assertNull(page.getString("next"));
        assertEquals("delivered", InboxFakes.status(toStranger), "no participant of the client: untouched");
        assertEquals(List.of("POST combined " + ACTIVE + " include=content"), InboxFakes.CALLS,
                "one round trip to routing-service for every mailbox, the suspended mandate left out");

        // each item as the single inbox of its recipient answers it
        for (int i = 0; i < 3; i++) {
            String recipient = page.getString("items[" + i + "].recipient");
            JsonPath single = as("client-vendor").header("Knooppunt-Participant", recipient)
                    .get("/api/v1/inbox/" + page.getString("items[" + i + "].id")).then().statusCode(200)
                    .extract().jsonPath();
            assertEquals(single.getString("encryptedPayload"), page.getString("items[" + i + "].encryptedPayload"));
            assertEquals(single.getString("sender"), page.getString("items[" + i + "].sender"));
        }

        // without include: envelopes with their recipients; paging with limit and next
        JsonPath first = as("client-vendor").get(INBOX + "?limit=2").then().statusCode(200).extract().jsonPath();
        assertEquals(List.of(toPortal, toOwnKey), first.getList("items.id"));
        assertEquals(List.of(PORTAL, OWN_KEY), first.getList("items.recipient"));
        assertEquals(toOwnKey, first.getString("next"));
        as("client-vendor").get(INBOX + "?limit=2").then().body("items[0]", not(hasKey("payload")))
                .body("items[1]", not(hasKey("encryptedPayload")));
        as("client-vendor").get(INBOX + "?limit=2&after=" + first.getString("next")).then().statusCode(200)
                .body("items.id", equalTo(List.of(toOther))).body("items.recipient", equalTo(List.of(OTHER)))
                .body("next", equalTo(null));
    }

    @Test
    void theParticipantFilterNarrowsToParticipantsTheClientActsFor() {
        String toPortal = InboxFakes.deliver(PORTAL, "jwe-1", false);
        String toOther = InboxFakes.deliver(OTHER, "jwe-2", false);
        String toOwnKey = InboxFakes.deliver(OWN_KEY, "jwe-3", false);

        as("client-vendor").get(INBOX + "?participant=" + OWN_KEY).then().statusCode(200)
                .body("items.id", equalTo(List.of(toOwnKey)));
        for (String query : List.of("?participant=" + OTHER + "," + PORTAL,
                "?participant=" + OTHER + "&participant=" + PORTAL,
                "?participant=" + OTHER.toUpperCase(Locale.ROOT) + ", " + PORTAL + "&participant=" + OTHER)) {
            InboxFakes.CALLS.clear();
            as("client-vendor").get(INBOX + query).then().statusCode(200)
                    .body("items.id", equalTo(List.of(toPortal, toOther)))
                    .body("items.recipient", equalTo(List.of(PORTAL, OTHER)));
            assertEquals(List.of("POST combined " + OTHER + "," + PORTAL), InboxFakes.CALLS, query);
        }
        // an empty parameter is no filter, as for the other filters
        as("client-vendor").get(INBOX + "?participant=").then().statusCode(200)
                .body("items.id", equalTo(List.of(toPortal, toOther, toOwnKey)));

        // a participant outside the active mandates: 403, and routing-service is not asked
        InboxFakes.CALLS.clear();
        for (String outside : List.of(STRANGER, SUSPENDED)) {
            as("client-vendor").get(INBOX + "?participant=" + PORTAL + "&participant=" + outside).then()
                    .statusCode(403).contentType("application/problem+json")
                    .body("type", equalTo("https://knooppunt.nl/problems/forbidden"))
                    .body("detail", equalTo("/participant/1 names a participant you may not act for"));
        }
        as("client-portal").get(INBOX + "?participant=" + OTHER).then().statusCode(403)
                .contentType("application/problem+json");

        // a bad id: 400 naming its position, never the value
        String hostile = "<script>alert(1)</script>";
        Map<String, String> bad = new java.util.LinkedHashMap<>();
        bad.put("?participant=" + PORTAL + ",nobody", "/participant/1 ");
        bad.put("?participant=" + PORTAL + "&participant=" + OTHER + "," + hostile, "/participant/2 ");
        bad.put("?participant=" + PORTAL + ",,", "/participant/1 ");
        bad.put("?participant=1-1-1-1-1", "/participant/0 ");
        bad.put("?participant=" + PORTAL + "x", "/participant/0 ");
        for (Map.Entry<String, String> query : bad.entrySet()) {
            String problem = as("client-vendor").urlEncodingEnabled(false)
                    .get(INBOX + query.getKey().replace("<", "%3C").replace(">", "%3E").replace("(", "%28")
                            .replace(")", "%29"))
                    .then().statusCode(400).contentType("application/problem+json")
                    .body("type", equalTo("https://knooppunt.nl/problems/bad-request"))
                    .body("detail", equalTo(query.getValue() + "is not a participant id (UUID)")).extract().asString();
            assertFalse(problem.contains("script") || problem.contains("nobody") || problem.contains("1-1-1-1-1"),
                    problem);
        }
        assertTrue(InboxFakes.CALLS.isEmpty(), "nothing refused reached routing-service: " + InboxFakes.CALLS);
    }

    @Test
    void oneAcknowledgementCoversAPageAcrossParticipants() {
        String toPortal = InboxFakes.deliver(PORTAL, "jwe-1", false);
        String toOwnKey = InboxFakes.deliver(OWN_KEY, "jwe-2", false);
        String expired = InboxFakes.deliver(OTHER, null, true);
        String toStranger = InboxFakes.deliver(STRANGER, "jwe-3", false);
        String unknown = UUID.randomUUID().toString();
        List<String> page = as("client-vendor").get(INBOX + "?include=content").then().statusCode(200)
                .extract().jsonPath().getList("items.id");
        assertEquals(List.of(toPortal, toOwnKey), page);

        InboxFakes.CALLS.clear();
        as("client-vendor").contentType("application/json")
                .body(Map.of("ids", List.of(toOwnKey, unknown, toPortal.toUpperCase(Locale.ROOT), toStranger,
                        expired)))
                .post(ACKS).then().statusCode(200).contentType("application/json")
                .body("acknowledged", equalTo(List.of(toOwnKey, toPortal)))
                .body("expired", equalTo(List.of(expired)))
                .body("notFound", equalTo(List.of(unknown, toStranger)));
        assertEquals(List.of("POST combined-acknowledgements " + ACTIVE + " " + String.join(",", toOwnKey, unknown,
                toPortal, toStranger, expired)), InboxFakes.CALLS, "one call, canonical ids, in the order asked");

        as("client-vendor").get(INBOX).then().statusCode(200).body("items.size()", equalTo(0));
        assertEquals("delivered", InboxFakes.status(toStranger), "another client's message is untouched");
        as("client-vendor").header("Knooppunt-Participant", PORTAL).get("/api/v1/inbox/" + toPortal).then()
                .statusCode(410);
        // a single-participant client may use it too, and sees its participant's messages only
        String second = InboxFakes.deliver(PORTAL, "jwe-4", false);
        as("client-portal").get(INBOX).then().statusCode(200).body("items.id", equalTo(List.of(second)))
                .body("items.recipient", equalTo(List.of(PORTAL)));
        as("client-other").contentType("application/json").body(Map.of("ids", List.of(second))).post(ACKS).then()
                .statusCode(200).body("notFound", equalTo(List.of(second)));
        assertEquals("delivered", InboxFakes.status(second));
    }

    @Test
    void refusalsAreProblemsThatNeverReachRoutingService() {
        String id = UUID.randomUUID().toString();
        Map<String, String> bodies = new java.util.LinkedHashMap<>();
        bodies.put("{\"ids\":[]}", "/ids");
        bodies.put("{\"ids\":[\"" + id + "\",\"" + id.toUpperCase(Locale.ROOT) + "\"]}", "/ids/1 repeats /ids/0");
        bodies.put("{\"ids\":[\"" + id + "\",\"<script>\"]}", "/ids/1");
        bodies.put("{\"ids\":[42]}", "/ids/0");
        bodies.put("[\"" + id + "\"]", "JSON object");
        for (Map.Entry<String, String> body : bodies.entrySet()) {
            String problem = as("client-vendor").contentType("application/json").body(body.getKey()).post(ACKS)
                    .then().statusCode(400).contentType("application/problem+json")
                    .body("detail", containsString(body.getValue())).extract().asString();
            assertFalse(problem.contains("script"), problem);
        }
        as("client-vendor").contentType("application/json").body("{\"ids\":[\"" + id + "\"],\"participant\":1}")
                .post(ACKS).then().statusCode(400).body("type", equalTo("https://knooppunt.nl/problems/unknown-field"));
        as("client-vendor").contentType("text/plain").body("ids=" + id).post(ACKS).then().statusCode(415)
                .contentType("application/problem+json");
        for (String query : List.of("?limit=0", "?limit=501", "?sender=gemeente", "?include=payload")) {
            as("client-vendor").get(INBOX + query).then().statusCode(400).contentType("application/problem+json");
        }
        given().get(INBOX).then().statusCode(401).contentType("application/problem+json");
        given().contentType("application/json").body(Map.of("ids", List.of(id))).post(ACKS).then().statusCode(401);
        // a client without any mandate
        as("client-nobody").get(INBOX).then().statusCode(403).contentType("application/problem+json");
        as("client-nobody").contentType("application/json").body(Map.of("ids", List.of(id))).post(ACKS).then()
                .statusCode(403).contentType("application/problem+json");
        assertTrue(InboxFakes.CALLS.isEmpty(), "nothing refused reached routing-service: " + InboxFakes.CALLS);

        // routing-service's 400 for a cursor of no mailbox of the client is the caller's bad parameter
        as("client-vendor").get(INBOX + "?after=" + id).then().statusCode(400)
                .contentType("application/problem+json");
    }

    @Test
    void aDamagedJweIsHandedOverAsStoredSincePortalApiNeverOpensContent() throws Exception {
        String jwe = RecipientCipher.encrypt(PLAINTEXT, participantKey(OTHER));
        String[] parts = jwe.split("\\.");
        parts[3] = (parts[3].charAt(0) == 'A' ? "B" : "A") + parts[3].substring(1);
        String damaged = String.join(".", parts);
        String broken = InboxFakes.deliver(OTHER, damaged, false);

        assertEquals(List.of(damaged), as("client-vendor").get(INBOX + "?include=content").then().statusCode(200)
                .extract().jsonPath().getList("items.encryptedPayload"));
        assertEquals(damaged, as("client-vendor").header("Knooppunt-Participant", OTHER)
                .get("/api/v1/inbox/" + broken).then().statusCode(200).extract().path("encryptedPayload"));
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
