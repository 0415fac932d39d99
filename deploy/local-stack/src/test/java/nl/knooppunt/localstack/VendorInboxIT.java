package nl.knooppunt.localstack;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import nl.knooppunt.client.Acknowledgements;
import nl.knooppunt.client.Inbox;
import nl.knooppunt.client.InboxMessage;
import nl.knooppunt.client.InboxPage;
import nl.knooppunt.client.InboxQuery;
import nl.knooppunt.client.KnooppuntClient;
import nl.knooppunt.client.NewMessage;
import nl.knooppunt.client.PayloadDecryptor;
import nl.knooppunt.client.ProblemException;

/**
 * The vendor-wide inbox against the running hub (ADR 0038): the operator gives the API client {@code demo-energie}
 * mandates for two new creditors with their own keys; the counsellor sends them three saldoverzoeken; the vendor
 * lists one page holding the messages of both, each naming its recipient and opening with that recipient's key; the
 * participant filter narrows it, a participant it has no mandate for is 403; one acknowledgement of the page empties
 * both mailboxes, while another client acknowledging them finds nothing. Both sides talk to the hub through
 * knooppunt-client, as a vendor's system would; the vendor drains an inbox with its page iterator.
 */
@ExtendWith(LocalStackExtension.class)
@org.junit.jupiter.api.Order(4)
class VendorInboxIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String GEMEENTE_ID = Demo.GEMEENTE_PARTICIPANT_ID;
    private static final String ENERGIE_ID = Demo.ENERGIE_PARTICIPANT_ID;
    private static final String VENDOR = Demo.ENERGIE_CLIENT.clientId();

    private static String api;
    private static String operator;
    private static String vendor;
    private static KnooppuntClient gemeenteHub;
    private static KnooppuntClient vendorHub;
    private static final List<String> GRANTED = new ArrayList<>();

    @BeforeAll
    static void tokens(LocalStack running) {
        api = running.portalApiUrl().toString().replaceAll("/$", "");
        operator = running.token("demo-beheer", "demo-beheer-secret");
        vendor = running.token(VENDOR, Demo.ENERGIE_CLIENT.secret());
        gemeenteHub = VendorClients.of(running, Demo.GEMEENTE_CLIENT);
        vendorHub = VendorClients.of(running, Demo.ENERGIE_CLIENT);
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
        // the vendor holds both private keys, as its system would
        Map<String, ECKey> keys = Map.of(first, firstKey, second, secondKey);
        PayloadDecryptor decryptor = PayloadDecryptor.of(firstKey, secondKey);
        Inbox inbox = vendorHub.vendorInbox();
        // portal-api has the new mandates at once (the operator API empties its cache of the client's mandates)
        await().atMost(Duration.ofSeconds(30)).ignoreException(ProblemException.class)
                .until(() -> inbox.list(InboxQuery.all().participants(List.of(first, second))) != null);

        // three saldoverzoeken from the counsellor, each delivered before the next is sent: two to the first
        // creditor, one to the second
        JsonNode example = example();
        List<String> sent = new ArrayList<>();
        Map<String, String> recipientOf = new HashMap<>();
        for (String recipient : List.of(first, second, first)) {
            String id = send(recipient, example);
            // routing-service learns of an accepted message through Kafka: until then its status is 404
            await().atMost(Duration.ofSeconds(30)).ignoreException(ProblemException.class)
                    .until(() -> "delivered".equals(gemeenteHub.status(id).status()));
            sent.add(id);
            recipientOf.put(id, recipient);
        }

        // 1. one page holds the messages of both participants, oldest first, each naming its recipient and
        //    opening with that recipient's own key
        InboxPage page = inbox.list(InboxQuery.all().withContent().participants(List.of(first, second)));
        List<String> ids = page.ids();
        assertEquals(new HashSet<>(sent), new HashSet<>(ids), "exactly the three messages: " + ids);
        assertEquals(List.of(first, second, first), page.items().stream().map(InboxMessage::recipient).toList(),
                "delivery order");
        assertEquals(sent, ids, "each delivered after the one sent before it");
        for (InboxMessage item : page.items()) {
            assertEquals(recipientOf.get(item.id()), item.recipient());
            assertEquals(GEMEENTE_ID, item.sender());
            assertEquals("fetched", item.status(), "include=content marks it fetched");
            assertEquals(keys.get(item.recipient()).getKeyID(),
                    JWEObject.parse(item.encryptedPayload()).getHeader().getKeyID());
            assertEquals(example, decryptor.content(item));
        }
        for (String id : sent) {
            await().atMost(Duration.ofSeconds(10)).until(() -> "fetched".equals(gemeenteHub.status(id).status()));
        }
        // without a filter: every participant of the client, its own included, each item naming its recipient
        InboxPage all = inbox.list(InboxQuery.all());
        assertTrue(all.ids().containsAll(sent), "the unfiltered inbox holds them too");
        List<String> recipients = all.items().stream().map(InboxMessage::recipient).toList();
        assertTrue(List.of(ENERGIE_ID, first, second).containsAll(recipients),
                "only messages to the vendor's participants: " + recipients);

        // 2. the participant filter: one participant, the other, a participant without mandate (403), a bad id (400)
        assertEquals(List.of(sent.get(0), sent.get(2)), listed(first));
        assertEquals(List.of(sent.get(1)), listed(second));
        ProblemException notYours = assertThrows(ProblemException.class, () -> listed(first, GEMEENTE_ID));
        assertEquals(403, notYours.status());
        assertEquals("/participant/1 names a participant you may not act for", notYours.detail());
        ProblemException notAnId = assertThrows(ProblemException.class, () -> listed(first, "gemeente"));
        assertEquals(400, notAnId.status());
        assertEquals("/participant/1 is not a participant id (UUID)", notAnId.detail());
        assertFalse(notAnId.getMessage().contains("gemeente"), notAnId.getMessage());

        // 3. another client cannot acknowledge them: not found, and they still wait
        Acknowledgements stranger = gemeenteHub.vendorInbox().acknowledge(ids);
        assertEquals(List.of(), stranger.acknowledged());
        assertEquals(ids, stranger.notFound());
        assertEquals(ids, listed(first, second));

        // 4. one acknowledgement of the page empties both mailboxes
        Acknowledgements acknowledged = page.acknowledge();
        assertEquals(ids, acknowledged.acknowledged());
        assertTrue(acknowledged.all(), acknowledged.toString());
        assertEquals(List.of(), listed(first, second));
        for (String participant : List.of(first, second)) {
            assertEquals(List.of(), vendorHub.actingFor(participant).inbox().list(InboxQuery.all()).items());
        }
        for (String id : sent) {
            assertEquals("acknowledged", gemeenteHub.status(id).status());
        }
    }

    /** The vendor-wide inbox, walked with the client's page iterator, acknowledged page by page. */
    @Test
    void aVendorDrainsItsInboxPageByPage() throws Exception {
        long run = ThreadLocalRandom.current().nextLong(10_000_000L, 99_999_999L);
        ECKey key = new ECKeyGenerator(Curve.P_256).keyID("vendor-drain-" + run).keyUse(KeyUse.ENCRYPTION).generate();
        String creditor = onboard("0000000200" + run + "03", String.valueOf(run).substring(0, 7) + "5",
                "Vendorinbox Crediteur " + run + " C", key);
        PayloadDecryptor decryptor = PayloadDecryptor.of(key);
        JsonNode example = example();
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            sent.add(send(creditor, example));
        }
        for (String id : sent) {
            // routing-service learns of an accepted message through Kafka: until then its status is 404
            await().atMost(Duration.ofSeconds(30)).ignoreException(ProblemException.class)
                    .until(() -> "delivered".equals(gemeenteHub.status(id).status()));
        }

        List<String> drained = new ArrayList<>();
        for (InboxPage page : vendorHub.vendorInbox().pages(InboxQuery.all().limit(2).withContent()
                .participants(List.of(creditor)))) {
            for (InboxMessage item : page.items()) {
                assertEquals(example, decryptor.content(item));
                drained.add(item.id());
            }
            assertTrue(page.acknowledge().all());
        }

        assertEquals(sent, drained, "every message once, oldest first, in pages of two");
        assertEquals(List.of(), listed(creditor));
    }

    private static List<String> listed(String... participants) {
        return vendorHub.vendorInbox().list(InboxQuery.all().participants(List.of(participants))).ids();
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
     * participant and its key from the participant snapshots (Kafka): until then the hub refuses the message with a
     * 422, so it is sent again.
     */
    private static String send(String recipient, JsonNode payload) {
        NewMessage message = NewMessage.to(recipient, "schuldinventarisatie", "saldoverzoek", payload);
        String[] id = new String[1];
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() -> {
            try {
                id[0] = gemeenteHub.submit(message).id();
                return true;
            } catch (ProblemException refused) {
                assertEquals(422, refused.status(), () -> "only a refusal may be retried: " + refused.getMessage());
                return false;
            }
        });
        return id[0];
    }
}
