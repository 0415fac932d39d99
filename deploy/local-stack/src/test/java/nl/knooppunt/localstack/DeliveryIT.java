package nl.knooppunt.localstack;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.WebhookVerificationException;
import com.sun.net.httpserver.HttpServer;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import nl.knooppunt.client.EventPage;
import nl.knooppunt.client.InboxQuery;
import nl.knooppunt.client.KnooppuntClient;
import nl.knooppunt.client.ProblemException;
import nl.knooppunt.client.SubmitResult;
import nl.knooppunt.client.WebhookVerifier;
import nl.knooppunt.localstack.canary.LeakScan;
import nl.knooppunt.localstack.canary.Markers;

/**
 * Delivery across the running hub: an operator switches the creditor to webhook delivery through the operator API,
 * which shows the push's signing secret once; the creditor receives pushes in this JVM and verifies them with the
 * stock Standard Webhooks library and that secret, also across a rotation; the counsellor keeps pulling from its
 * mailbox; both follow their messages in the events feed; an idempotent retry returns the first result and another
 * body with the same key is 409. No secret reaches a topic, a log or a database in clear. The participants' systems
 * use knooppunt-client, whose push verifier must agree with the stock library on every push.
 */
@ExtendWith(LocalStackExtension.class)
@Order(3)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DeliveryIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String GEMEENTE_ID = "6a1f0c43-2d2b-4c55-9a0e-3f1f7a0d2a01";
    private static final String ENERGIE_ID = "b7e2d154-3e3c-4d66-8b1f-4a2a8b1e3b02";

    /** One push as received: the exact body and every header. */
    private record Push(String body, Map<String, List<String>> headers) {

        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }

        /** Whether the push verifies with this secret; knooppunt-client's verifier must agree with the stock library. */
        boolean verifiesWith(String secret) {
            boolean stock;
            try {
                new Webhook(secret).verify(body, headers);
                stock = true;
            } catch (WebhookVerificationException e) {
                stock = false;
            }
            boolean client;
            try {
                new WebhookVerifier(secret).verify(body, headers);
                client = true;
            } catch (nl.knooppunt.client.WebhookVerificationException e) {
                client = false;
            }
            assertEquals(stock, client, "knooppunt-client's WebhookVerifier and the stock library disagree");
            return stock;
        }
    }

    private static final List<Push> PUSHES = new CopyOnWriteArrayList<>();
    /** Every secret the operator API showed in this test, to search the stack for. */
    private static final List<String> SECRETS = new CopyOnWriteArrayList<>();
    private static HttpServer receiver;
    private static LocalStack stack;
    private static String api;
    private static KnooppuntClient gemeenteHub;
    private static KnooppuntClient energieHub;
    private static String operatorToken;
    /** Index of the first push that verified with a secret this test was shown. */
    private static int firstVerified;

    @BeforeAll
    static void start(LocalStack running) throws IOException {
        stack = running;
        api = running.portalApiUrl().toString().replaceAll("/$", "");
        gemeenteHub = VendorClients.of(running, Demo.GEMEENTE_CLIENT);
        energieHub = VendorClients.of(running, Demo.ENERGIE_CLIENT);
        operatorToken = running.token("demo-beheer", "demo-beheer-secret");
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/energie/inbox", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            PUSHES.add(new Push(body, Map.copyOf(new LinkedHashMap<>(exchange.getRequestHeaders()))));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
    }

    @AfterAll
    static void restore() {
        try {
            setDelivery(Map.of("mode", "mailbox"));
        } finally {
            receiver.stop(0);
        }
    }

    @Test
    @Order(1)
    void pushToTheCreditorPullByTheCounsellorWithStatusEventsAndIdempotency() throws Exception {
        String webhook = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/energie/inbox";
        Response set = operator().body(Map.of("mode", "webhook", "webhookUrl", webhook))
                .put(api + "/api/v1/operator/participants/{id}/delivery", ENERGIE_ID);
        set.then().statusCode(200).body("delivery.mode", equalTo("webhook"));
        // the creditor's first webhook gets its secret in this answer; an earlier test may have given it one, which
        // only its own caller saw: then the operator issues a new one, ending the other at once
        String secret = set.path("webhookSecret.secret");
        if (secret == null) {
            secret = operator().queryParam("overlap", "PT0S")
                    .post(api + "/api/v1/operator/participants/{id}/webhook-secret", ENERGIE_ID)
                    .then().statusCode(201).header("Cache-Control", containsString("no-store"))
                    .extract().path("secret");
        } else {
            set.then().header("Cache-Control", containsString("no-store"));
        }
        assertNotNull(secret);
        assertTrue(secret.startsWith("whsec_"), "a Standard Webhooks secret");
        SECRETS.add(secret);
        // shown once: no later answer of the operator API carries it
        for (int i = 0; i < 2; i++) {
            String read = operator().get(api + "/api/v1/operator/participants/{id}", ENERGIE_ID).then()
                    .statusCode(200).body("$", not(hasKey("webhookSecret"))).extract().asString();
            assertFalse(read.contains(secret.substring(6)), "the secret in a later answer");
        }

        // push: routing picks the preference up from the participant snapshot; the first message after the change
        // may still reach the mailbox, so the counsellor sends until one is pushed. With a secret issued after the
        // switch, pushes of the second before routing saw it carry only the earlier secret: wait for one with the new
        String secretShown = secret;
        String firstPushed = sendUntilPushed(p -> p.verifiesWith(secretShown));
        firstVerified = PUSHES.indexOf(pushOf(firstPushed));
        // from then on every push verifies with that secret
        String id = sendUntilPushed(p -> true);
        Push push = pushOf(id);
        JsonNode body = JSON.readTree(push.body());
        assertEquals(ENERGIE_ID, body.path("envelope").path("recipient").asText());
        assertEquals(5, body.path("payload").asText().split("\\.").length, "the payload is a compact JWE");

        // the receiver verifies with the stock library and the secret the operator API issued, and so does
        // knooppunt-client's verifier, which answers the message id; another secret fails
        assertEquals(id, push.header("webhook-id"), "webhook-id is the message id");
        new Webhook(secret).verify(push.body(), push.headers());
        assertEquals(id, new WebhookVerifier(secret).verify(push.body(), push.headers()));
        byte[] stranger = new byte[32];
        new java.security.SecureRandom().nextBytes(stranger);
        assertThrows(WebhookVerificationException.class, () -> new Webhook(stranger).verify(push.body(),
                push.headers()), "a wrong secret does not verify");

        // routing records "delivered" once the receiver's 2xx is back, a moment after the receiver saw the push
        await().atMost(Duration.ofSeconds(30)).until(() -> "delivered".equals(gemeenteHub.status(id).status()));
        assertEquals("webhook", gemeenteHub.status(id).deliveryMode());

        // pull: the creditor answers; the counsellor fetches from its mailbox and acknowledges
        ObjectNode answer = (ObjectNode) JSON.readTree(given().get(api
                + "/api/v1/standard/schuldinventarisatie/saldoverzoek-antwoord").then().statusCode(200)
                .extract().asString());
        ObjectNode antwoord = JSON.createObjectNode().put("module", "schuldinventarisatie")
                .put("type", "saldoverzoek-antwoord").put("recipient", GEMEENTE_ID).put("inReplyTo", id);
        antwoord.set("payload", answer.get("example"));
        String answerId = energieHub.submit(antwoord.toString(), KnooppuntClient.newIdempotencyKey()).id();
        await().atMost(Duration.ofSeconds(20)).until(() -> gemeenteHub.inbox().list(InboxQuery.all()).ids()
                .contains(answerId));
        assertEquals(id, gemeenteHub.fetch(answerId).inReplyTo());
        gemeenteHub.acknowledge(answerId);

        // both senders see every status change of their messages in their events feed
        await().atMost(Duration.ofSeconds(20)).until(() -> events(energieHub, answerId)
                .equals(List.of("accepted", "delivered", "fetched", "acknowledged")));
        await().atMost(Duration.ofSeconds(20)).until(() -> events(gemeenteHub, id)
                .equals(List.of("accepted", "delivered")));

        // idempotency: a retry returns the first result, another body with the same key is refused
        String key = UUID.randomUUID().toString();
        ObjectNode again = saldoverzoek();
        SubmitResult first = gemeenteHub.submit(again.toString(), key);
        assertFalse(first.replayed());
        SubmitResult retry = gemeenteHub.submit(again.toString(), key);
        assertTrue(retry.replayed(), "Idempotent-Replayed");
        assertEquals(first.id(), retry.id());
        ObjectNode other = saldoverzoek();
        ((ObjectNode) other.get("payload")).put("peildatum", "2026-01-02");
        ProblemException reused = assertThrows(ProblemException.class,
                () -> gemeenteHub.submit(other.toString(), key));
        assertEquals(409, reused.status());
        assertEquals("idempotency-key-reused", reused.kind());

        // a message that breaks the standard: a 422 whose violations name the code and the pointer
        ObjectNode broken = saldoverzoek();
        ((ObjectNode) broken.get("payload").get("client")).put("bsn", "12AB");
        ProblemException violation = assertThrows(ProblemException.class,
                () -> gemeenteHub.submit(broken.toString(), KnooppuntClient.newIdempotencyKey()));
        assertEquals(422, violation.status());
        assertEquals("standard-violation", violation.kind());
        assertTrue(violation.violations().stream().anyMatch(v -> "/client/bsn".equals(v.pointer())
                && "schema.pattern".equals(v.code())), () -> violation.violations().toString());
    }

    @Test
    @Order(2)
    void aRotationSignsWithBothSecretsDuringTheOverlapAndWithTheNewOneAfterIt() throws Exception {
        String previous = SECRETS.get(SECRETS.size() - 1);
        Response rotated = operator().queryParam("overlap", "PT10M")
                .post(api + "/api/v1/operator/participants/{id}/webhook-secret", ENERGIE_ID);
        rotated.then().statusCode(201).header("Cache-Control", containsString("no-store"));
        String next = rotated.path("secret");
        SECRETS.add(next);
        assertNotNull(rotated.path("previousValidUntil"), "the previous secret signs for the overlap");

        // the rotation bumps the creditor's snapshot version, so routing reads the secrets again at once, long before
        // its cache lifetime (60 s) ends: then every push carries two signatures, and either secret verifies it
        long rotatedAt = System.nanoTime();
        String both = sendUntilPushed(p -> p.header("webhook-signature").split(" ").length == 2);
        long millis = (System.nanoTime() - rotatedAt) / 1_000_000L;
        System.out.printf("webhook secret rotation: the first push signed with both secrets arrived %d ms after the "
                + "operator's call%n", millis);
        long seconds = millis / 1000;
        assertTrue(seconds < 30, "the rotation reached the pushes after " + seconds + " s, not within the snapshot's"
                + " second or so");
        Push overlapping = pushOf(both);
        assertTrue(overlapping.verifiesWith(next), "the new secret verifies during the overlap");
        assertTrue(overlapping.verifiesWith(previous), "the old secret verifies during the overlap");

        // the operator ends the overlap now (as after a leak): only the newest secret signs from then on
        String newest = operator().queryParam("overlap", "PT0S")
                .post(api + "/api/v1/operator/participants/{id}/webhook-secret", ENERGIE_ID)
                .then().statusCode(201).extract().path("secret");
        SECRETS.add(newest);
        String after = sendUntilPushed(p -> p.verifiesWith(newest));
        Push alone = pushOf(after);
        assertEquals(1, alone.header("webhook-signature").split(" ").length, "one signature after the overlap");
        assertFalse(alone.verifiesWith(next), "the ended secret no longer verifies");
        assertFalse(alone.verifiesWith(previous), "the first secret no longer verifies");
        assertTrue(PUSHES.subList(firstVerified, PUSHES.size()).stream()
                        .allMatch(p -> SECRETS.stream().anyMatch(p::verifiesWith)),
                "every push of this test verifies with a secret the operator API issued");
    }

    @Test
    @Order(3)
    void noWebhookSecretIsWrittenToATopicALogOrADatabaseInClear() throws Exception {
        assertFalse(SECRETS.isEmpty(), "the tests before issued secrets");
        Map<String, byte[]> needles = new LinkedHashMap<>();
        for (int i = 0; i < SECRETS.size(); i++) {
            String base64 = SECRETS.get(i).substring("whsec_".length());
            needles.put("secret " + i + " (base64)", base64.getBytes(StandardCharsets.UTF_8));
            needles.put("secret " + i + " (bytes)", Base64.getDecoder().decode(base64));
        }
        LeakScan.Finder finder = haystack -> needles.entrySet().stream()
                .filter(e -> Markers.contains(haystack, e.getValue(), false)).map(Map.Entry::getKey).toList();
        List<String> found = new ArrayList<>();
        LeakScan.Result topics = LeakScan.kafka(stack.kafkaBootstrapServers(), finder, ENERGIE_ID);
        LeakScan.Result tables = LeakScan.postgres(stack::jdbcUrl, "postgres", "postgres", finder, ENERGIE_ID);
        LeakScan.Result logs = LeakScan.files(List.of(stack.layout().logsDir()), finder,
                ENERGIE_ID.getBytes(StandardCharsets.UTF_8));
        for (LeakScan.Result result : List.of(topics, tables, logs)) {
            result.hits().forEach(hit -> found.add(hit.where() + ": " + hit.markers()));
        }
        assertTrue(topics.controlFound() && tables.controlFound() && logs.controlFound(),
                "the scans read the creditor's records, rows and log lines");
        assertTrue(Files.size(stack.layout().logsDir().resolve("registry-service.log")) > 0);
        assertEquals(List.of(), found, "a webhook secret in a topic, a table (in clear) or a log");
    }

    /**
     * Sends saldoverzoeken to the creditor, one a second, until one arrives as a push that passes the test (a message
     * that reached the mailbox instead is acknowledged); its message id.
     */
    private static String sendUntilPushed(java.util.function.Predicate<Push> test) {
        List<String> passed = new CopyOnWriteArrayList<>();
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            String id = gemeenteHub.submit(saldoverzoek().toString(), KnooppuntClient.newIdempotencyKey()).id();
            try {
                await().atMost(Duration.ofSeconds(3)).until(() -> PUSHES.stream()
                        .anyMatch(p -> p.body().contains(id)));
            } catch (org.awaitility.core.ConditionTimeoutException notPushed) {
                energieHub.inbox().acknowledge(List.of(id));
                return false;
            }
            if (test.test(pushOf(id))) {
                passed.add(id);
                return true;
            }
            return false;
        });
        return passed.get(0);
    }

    private static Push pushOf(String messageId) {
        return PUSHES.stream().filter(p -> p.body().contains(messageId)).findFirst().orElseThrow();
    }

    private static RequestSpecification operator() {
        return given().auth().oauth2(operatorToken).contentType(ContentType.JSON);
    }

    private static List<String> events(KnooppuntClient hub, String messageId) {
        return hub.events(null, 500).items().stream().filter(e -> messageId.equals(e.messageId()))
                .map(EventPage.Event::event).toList();
    }

    private static ObjectNode saldoverzoek() throws IOException {
        JsonNode type = JSON.readTree(given().get(api + "/api/v1/standard/schuldinventarisatie/saldoverzoek")
                .then().statusCode(200).extract().asString());
        ObjectNode request = JSON.createObjectNode().put("module", "schuldinventarisatie").put("type", "saldoverzoek")
                .put("recipient", ENERGIE_ID);
        request.set("payload", type.get("example").deepCopy());
        return request;
    }

    /** Sets the creditor's delivery preference through the operator API. */
    private static void setDelivery(Map<String, String> delivery) {
        operator().body(delivery).put(api + "/api/v1/operator/participants/{id}/delivery", ENERGIE_ID)
                .then().statusCode(200);
    }
}
