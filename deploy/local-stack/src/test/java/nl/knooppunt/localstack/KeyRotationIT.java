package nl.knooppunt.localstack;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;

import org.apache.kafka.common.TopicPartition;
import org.jose4j.jwk.OctetSequenceJsonWebKey;
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
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.crypto.ECDHDecrypter;
import com.nimbusds.jose.crypto.RSADecrypter;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import nl.knooppunt.localstack.fault.HubApi;
import nl.knooppunt.localstack.fault.SubmissionLoad;
import nl.knooppunt.localstack.rotation.SecretFiles;
import nl.knooppunt.localstack.rotation.TopicRecords;
import nl.knooppunt.standard.crypto.TransitRatchet;
import nl.knooppunt.standard.kafka.Topics;

/**
 * Key rotation without downtime in the running hub (issue 6), each while a steady trickle of idempotent submissions
 * runs (retried with the same Idempotency-Key on 503, 429 and refused connections, as a careful vendor does):
 * <ol>
 * <li>the submission link's key ring (ADR 0029), in docs/security.md's three steps, each a rolling restart
 * (validation-service, then portal-api) of services that share one secrets directory: new key appended, new key
 * first, old key removed once validation-service has committed every record signed with it; meanwhile the transit
 * keys turn by themselves every epoch (ADR 0034) across the restarts;</li>
 * <li>a participant's own key, replaced through the operator API with an overlap while messages flow.</li>
 * </ol>
 * (A portal participant renews its key in the browser, the same registration of a new key: {@code PortalBrowserIT}.)
 * Every submission that got a 201 arrives once and opens for its recipient, nothing is dead-lettered, and the kid in
 * the JWE header (read from the topics, never decrypted there) shows which key each message used. Runs after
 * {@link CanaryIT} and before {@link FaultInjectionIT}; it leaves the stack healthy, the new keys in force and
 * demo-energie acting for its own participant only.
 */
@ExtendWith(LocalStackExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@org.junit.jupiter.api.Order(70)
class KeyRotationIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final java.net.http.HttpClient HTTP = java.net.http.HttpClient.newHttpClient();
    private static final String SENDER = Demo.GEMEENTE_CLIENT.clientId();
    private static final String ENERGIE = Demo.ENERGIE_CLIENT.clientId();
    private static final String OPERATOR_CLIENT = "demo-beheer";
    private static final String OPERATOR_SECRET = "demo-beheer-secret";
    private static final String PARTICIPANT_HEADER = "Knooppunt-Participant";
    private static final String VALIDATION_GROUP = "validation-service";
    private static final int CLIENTS = 3;
    private static final double RATE = Double.parseDouble(System.getProperty("rotation.rate", "4"));
    private static final Duration RETRY_WINDOW = Duration.ofSeconds(90);
    private static final Duration ARRIVAL_LIMIT = Duration.ofSeconds(180);

    private static LocalStack stack;
    private static String api;
    private static HubApi hub;
    private static final List<String> GRANTED = new ArrayList<>();
    private static final List<String> REPORT = new ArrayList<>();

    @BeforeAll
    static void connect(LocalStack running) {
        stack = running;
        api = running.portalApiUrl().toString().replaceAll("/$", "");
        hub = new HubApi(running, Map.of(SENDER, Demo.GEMEENTE_CLIENT.secret(), ENERGIE,
                Demo.ENERGIE_CLIENT.secret()));
    }

    /** demo-energie acts for its own participant only again; every service is healthy. */
    @AfterAll
    static void leaveTheStackAsFound() {
        try {
            revokeMandates();
            REPORT.forEach(line -> System.out.println("[key-rotation] " + line));
            Service.ALL.forEach(service -> assertTrue(hub.healthy(service), service.name() + " healthy"));
        } finally {
            hub.close();
        }
    }

    @Test
    @Order(1)
    void submissionLinkRotatesWithoutDowntimeWhileTransitEpochsTurn() throws Exception {
        long began = System.currentTimeMillis();
        Path secrets = stack.secretsDir();
        List<OctetSequenceJsonWebKey> linkRing = SecretFiles.submissionLinkRing(secrets);
        assertEquals(1, linkRing.size(), "the stack starts with one submission link key: " + linkRing.size());
        OctetSequenceJsonWebKey oldLink = linkRing.get(0);
        OctetSequenceJsonWebKey freshLink = SecretFiles.newLinkKey("submission-link-rotated-" + began);

        long step2Begin;
        long step2Done;
        SubmissionLoad load = new SubmissionLoad(hub.portal(), () -> hub.token(SENDER),
                saldoverzoek(Demo.ENERGIE_PARTICIPANT_ID), CLIENTS, RATE, RETRY_WINDOW);
        try (load) {
            load.start();
            awaitAccepted(load, 10);

            // 1) the new key joins the ring after the current one: it verifies, nobody signs with it yet
            SecretFiles.writeSubmissionLinkRing(secrets, List.of(oldLink, freshLink));
            rollingRestart("1 new key appended", Service.VALIDATION, Service.PORTAL_API);
            awaitAccepted(load, (int) load.accepted() + 10);

            // 2) the new key first: portal-api signs with it, validation-service still accepts the old one
            step2Begin = System.currentTimeMillis();
            SecretFiles.writeSubmissionLinkRing(secrets, List.of(freshLink, oldLink));
            rollingRestart("2 new key first", Service.VALIDATION, Service.PORTAL_API);
            step2Done = System.currentTimeMillis();
            awaitAccepted(load, (int) load.accepted() + 10);

            // 3) the old key goes once validation-service has committed every record signed with it
            long drainBegin = System.nanoTime();
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> nothingInFlightUses(oldLink.getKeyId()));
            note(String.format("3 every record under %s committed by validation-service after %.1f s",
                    oldLink.getKeyId(), (System.nanoTime() - drainBegin) / 1e9));
            SecretFiles.writeSubmissionLinkRing(secrets, List.of(freshLink));
            rollingRestart("3 old key removed", Service.VALIDATION, Service.PORTAL_API);
            awaitAccepted(load, (int) load.accepted() + 15);
            load.stopAndAwait(RETRY_WINDOW.plusSeconds(30));
        }
        assertEquals(List.of(freshLink.getKeyId()), SecretFiles.submissionLinkRing(secrets).stream()
                .map(OctetSequenceJsonWebKey::getKeyId).toList());

        Map<String, String> sent = acceptedPayloads(load);
        Map<String, JsonNode> opened = drainEnergieMailbox(load, sent.keySet());
        assertArrivedAndOpened(load, sent, opened);

        List<TopicRecords.Seen> submissions = since(Topics.SUBMISSIONS, began);
        Map<String, Long> links = submissions.stream().collect(Collectors.groupingBy(
                s -> String.valueOf(s.assertionKid()), LinkedHashMap::new, Collectors.counting()));
        Map<String, Long> kids = submissions.stream().collect(Collectors.groupingBy(s -> String.valueOf(s.kid()),
                LinkedHashMap::new, Collectors.counting()));
        note("submission link: " + load.started() + " submissions, " + sent.size() + " accepted and opened, "
                + "records per link kid " + links + ", per transit kid " + kids);
        assertEquals(List.of(), submissions.stream().filter(s -> s.timestamp() > step2Done
                && !freshLink.getKeyId().equals(s.assertionKid())).toList(),
                "signed with another key than the new one after step 2");
        assertEquals(List.of(), submissions.stream().filter(s -> s.timestamp() < step2Begin
                && !oldLink.getKeyId().equals(s.assertionKid())).toList(),
                "signed with another key than the old one before step 2");
        assertTrue(links.getOrDefault(oldLink.getKeyId(), 0L) > 0 && links.getOrDefault(freshLink.getKeyId(), 0L) > 0,
                "assertions under both submission link keys: " + links);
        // transit keys turn by themselves: every record's kid names the epoch it was written in (ADR 0034), and
        // the run spans several epochs, restarts included
        long epochSeconds = LocalStackExtension.TRANSIT_EPOCH.toSeconds();
        assertEquals(List.of(), submissions.stream().filter(s -> Math.abs(TransitRatchet.epochOf(s.kid())
                - s.timestamp() / 1000 / epochSeconds) > 1).toList(), "a transit kid that is not its record's epoch");
        assertTrue(kids.size() >= 3, "submissions under several transit epochs: " + kids);
        Set<String> recorded = submissions.stream().map(TopicRecords.Seen::messageId).collect(Collectors.toSet());
        assertTrue(recorded.containsAll(sent.keySet()), "every accepted submission is on the submissions topic");
        assertNoDeadLetters(began);
    }

    @Test
    @Order(2)
    void ownKeyRotatesWhileMessagesFlow() throws Exception {
        long run = ThreadLocalRandom.current().nextLong(10_000_000L, 99_999_999L);
        ECKey oldKey = new ECKeyGenerator(Curve.P_256).keyID("rotation-ec-" + run).keyUse(KeyUse.ENCRYPTION)
                .generate();
        String participant = onboard(run, oldKey);
        try {
            rotateOwnKey(run, participant, oldKey);
        } finally {
            revokeMandates();
        }
    }

    private static void rotateOwnKey(long run, String participant, ECKey oldKey) throws Exception {
        RSAKey newKey = new RSAKeyGenerator(2048).keyID("rotation-rsa-" + run).keyUse(KeyUse.ENCRYPTION).generate();
        awaitKeyInDirectory("0000000200" + run + "01", oldKey.getKeyID());
        awaitRecipientKnown(participant);

        long began = System.currentTimeMillis();
        long rotatedAt;
        SubmissionLoad load = new SubmissionLoad(hub.portal(), () -> hub.token(SENDER), saldoverzoek(participant),
                CLIENTS, RATE, RETRY_WINDOW);
        try (load) {
            load.start();
            awaitAccepted(load, 10);
            rotatedAt = System.currentTimeMillis();
            String publicJwk = newKey.toPublicJWK().toJSONString();
            assertFalse(publicJwk.contains("\"d\""), "only the public key leaves the participant");
            given().auth().oauth2(operatorToken()).contentType(ContentType.JSON).body(publicJwk)
                    .queryParam("overlap", "PT1H")
                    .put(api + "/api/v1/operator/participants/{id}/keys/{kid}", participant, newKey.getKeyID())
                    .then().statusCode(204);
            note("own key: " + newKey.getKeyID() + " registered with overlap PT1H after " + load.accepted()
                    + " accepted");
            awaitKeyInDirectory("0000000200" + run + "01", newKey.getKeyID());
            awaitFirstDeliveryUnder(participant, newKey.getKeyID(), began);
            awaitAccepted(load, (int) load.accepted() + 10);
            load.stopAndAwait(RETRY_WINDOW.plusSeconds(30));
        }

        Map<String, String> sent = acceptedPayloads(load);
        Map<String, JWK> privateKeys = Map.of(oldKey.getKeyID(), oldKey, newKey.getKeyID(), newKey);
        Map<String, String> kidOf = new HashMap<>();
        Map<String, JsonNode> opened = new HashMap<>();
        await().atMost(ARRIVAL_LIMIT).pollInterval(Duration.ofSeconds(2)).ignoreExceptions()
                .until(() -> inbox(participant).containsAll(sent.keySet()));
        for (String id : inbox(participant)) {
            Response fetched = given().auth().oauth2(hub.token(ENERGIE)).header(PARTICIPANT_HEADER, participant)
                    .get(api + "/api/v1/inbox/{id}", id);
            fetched.then().statusCode(200);
            String jwe = fetched.jsonPath().getString("encryptedPayload");
            assertNotNull(jwe, "a message to an own key is handed over encrypted");
            JWEObject parsed = JWEObject.parse(jwe);
            String kid = parsed.getHeader().getKeyID();
            JWK key = privateKeys.get(kid);
            assertNotNull(key, "message " + id + " names an unknown key " + kid);
            JWK other = key == oldKey ? newKey : oldKey;
            assertThrows(Exception.class, () -> JWEObject.parse(jwe).decrypt(decrypter(other)),
                    "the other private key opens " + id);
            parsed.decrypt(decrypter(key));
            kidOf.put(id, kid);
            opened.put(id, JSON.readTree(parsed.getPayload().toString()));
            assertEquals(204, acknowledge(participant, id), "acknowledging " + id);
        }
        assertArrivedAndOpened(load, sent, opened);

        List<TopicRecords.Seen> deliveries = deliveriesTo(participant, began);
        assertKeySwitchedOnce(deliveries, oldKey.getKeyID(), newKey.getKeyID(), rotatedAt, "own key");
        Map<String, Long> perKid = sent.keySet().stream().collect(Collectors.groupingBy(kidOf::get,
                Collectors.counting()));
        note("own key: " + load.started() + " submissions, " + sent.size() + " accepted, opened per kid " + perKid);
        assertTrue(perKid.getOrDefault(oldKey.getKeyID(), 0L) > 0 && perKid.getOrDefault(newKey.getKeyID(), 0L) > 0,
                "messages under both keys: " + perKid);
        assertNoDeadLetters(began);
    }

    /** demo-energie acts for its own participant only again (its mailbox calls then need no participant header). */
    private static void revokeMandates() {
        for (String id : List.copyOf(GRANTED)) {
            given().auth().oauth2(operatorToken())
                    .delete(api + "/api/v1/operator/clients/{client}/participants/{id}", ENERGIE, id)
                    .then().statusCode(204);
            GRANTED.remove(id);
        }
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .until(() -> Demo.ENERGIE_PARTICIPANT_ID.equals(hub.get(ENERGIE, "/api/v1/me").body()
                        .path("acting").path("id").asText()));
    }

    /** Restarts the services one after another with SIGTERM; each is ready again before the next stops. */
    private static void rollingRestart(String step, Service.Spec... services) {
        StringBuilder took = new StringBuilder();
        for (Service.Spec service : services) {
            Duration ready = stack.restart(service.name(), true);
            took.append(String.format(" %s %.1f s", service.name(), ready.toMillis() / 1000.0));
        }
        note("step " + step + ": rolling restart," + took);
    }

    /**
     * Whether validation-service has committed every submission record encrypted with the key: after that only a
     * replay of such a record (refused by design once its key is gone) could still need it.
     */
    private static boolean nothingInFlightUses(String linkKid) {
        Map<TopicPartition, Long> lastUnder = new HashMap<>();
        for (TopicRecords.Seen record : TopicRecords.readAll(stack.kafkaBootstrapServers(), Topics.SUBMISSIONS)) {
            if (linkKid.equals(record.assertionKid())) {
                lastUnder.merge(record.partition(), record.offset(), Math::max);
            }
        }
        Map<TopicPartition, Long> committed = TopicRecords.committed(stack.kafkaBootstrapServers(), VALIDATION_GROUP,
                Topics.SUBMISSIONS);
        return lastUnder.entrySet().stream()
                .allMatch(e -> committed.getOrDefault(e.getKey(), -1L) > e.getValue());
    }

    /** Before the rotation only the old kid, then (in offset order) only the new one, which did appear. */
    private static void assertKeySwitchedOnce(List<TopicRecords.Seen> deliveries, String oldKid, String newKid,
            long rotatedAt, String what) {
        List<String> order = deliveries.stream().map(TopicRecords.Seen::kid).toList();
        int firstNew = order.indexOf(newKid);
        assertTrue(firstNew >= 0, what + ": no delivery under the new key " + newKid);
        assertEquals(List.of(), order.subList(firstNew, order.size()).stream().filter(k -> !newKid.equals(k))
                .distinct().toList(), what + ": another key used after the first delivery under the new key");
        assertEquals(List.of(), order.subList(0, firstNew).stream().filter(k -> !oldKid.equals(k)).distinct()
                .toList(), what + ": another key than the old one before the switch");
        assertTrue(deliveries.get(firstNew).timestamp() >= rotatedAt, what + ": new key used before the rotation");
        note(String.format("%s: %d deliveries under %s, then %d under %s, first %.1f s after the rotation began",
                what, firstNew, oldKid, order.size() - firstNew, newKid,
                (deliveries.get(firstNew).timestamp() - rotatedAt) / 1000.0));
    }

    private static void awaitFirstDeliveryUnder(String participant, String kid, long since) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                .until(() -> deliveriesTo(participant, since).stream().anyMatch(d -> kid.equals(d.kid())));
    }

    private static List<TopicRecords.Seen> deliveriesTo(String participant, long since) {
        return since(Topics.DELIVERIES, since).stream().filter(d -> participant.equals(d.key())).toList();
    }

    private static List<TopicRecords.Seen> since(String topic, long since) {
        return TopicRecords.readAll(stack.kafkaBootstrapServers(), topic).stream()
                .filter(r -> r.timestamp() >= since).toList();
    }

    /** Nothing was refused by a consumer since then (transit, assertion or any other reason). */
    private static void assertNoDeadLetters(long since) {
        List<String> refused = since(Topics.DEAD_LETTERS, since).stream()
                .map(r -> r.key() + " " + r.reason()).toList();
        assertEquals(List.of(), refused, "dead-lettered during the rotation");
    }

    private static void awaitAccepted(SubmissionLoad load, int atLeast) {
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250))
                .until(() -> load.accepted() >= atLeast);
    }

    /** Message id to the payload of every submission that got a 201, all of them final (nothing refused). */
    private static Map<String, String> acceptedPayloads(SubmissionLoad load) throws IOException {
        List<String> refused = new ArrayList<>();
        Map<String, String> sent = new LinkedHashMap<>();
        for (SubmissionLoad.Submission s : load.submissions()) {
            switch (s.outcome()) {
                case ACCEPTED -> sent.put(s.messageId(), JSON.readTree(s.body()).get("payload").toString());
                case REFUSED -> refused.add(s.key() + " " + s.answers());
                default -> note("unanswered within the retry window: " + s.key() + " " + s.answers());
            }
        }
        assertEquals(List.of(), refused, "refused although valid");
        long retried = load.submissions().stream().filter(s -> s.tries() > 1).count();
        note(sent.size() + " of " + load.started() + " accepted, " + retried + " needed a retry");
        return sent;
    }

    /**
     * Every accepted submission arrived and opens to what was sent; no submission (accepted or not) arrived twice.
     */
    private static void assertArrivedAndOpened(SubmissionLoad load, Map<String, String> sent,
            Map<String, JsonNode> opened) throws IOException {
        List<String> missing = sent.keySet().stream().filter(id -> !opened.containsKey(id)).toList();
        assertEquals(List.of(), missing, "accepted but never arrived");
        for (Map.Entry<String, String> entry : sent.entrySet()) {
            assertEquals(JSON.readTree(entry.getValue()), opened.get(entry.getKey()),
                    "message " + entry.getKey() + " opens to what was sent");
        }
        Map<String, Long> perSubmission = opened.values().stream().map(p -> p.path("toelichting").asText(""))
                .filter(t -> t.startsWith(load.marker()))
                .collect(Collectors.groupingBy(t -> t, Collectors.counting()));
        assertEquals(Map.of(), perSubmission.entrySet().stream().filter(e -> e.getValue() > 1)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)), "submissions that arrived twice");
        note(perSubmission.size() + " submissions arrived (each once), " + (perSubmission.size() - sent.size())
                + " of them without a 201 within the retry window");
    }

    /**
     * Waits until every accepted message is in demo-energie's mailbox, then fetches each message of this load run,
     * opens it with Voorbeeld Energie's own key (its users' side) and acknowledges it.
     */
    private static Map<String, JsonNode> drainEnergieMailbox(SubmissionLoad load, Set<String> accepted) {
        await().atMost(ARRIVAL_LIMIT).pollInterval(Duration.ofSeconds(2)).ignoreExceptions()
                .until(() -> hub.inbox(ENERGIE).containsAll(accepted));
        Map<String, JsonNode> opened = new HashMap<>();
        for (String id : hub.inbox(ENERGIE)) {
            HubApi.Reply message = hub.get(ENERGIE, "/api/v1/inbox/" + id);
            assertEquals(200, message.status(), "fetching " + id);
            JsonNode payload = DemoUsers.open(stack, Demo.ENERGIE_PARTICIPANT_ID, message.body());
            if (!payload.path("toelichting").asText("").startsWith(load.marker())) {
                continue;
            }
            assertFalse(opened.containsKey(id), "fetched twice: " + id);
            opened.put(id, payload);
            assertEquals(204, hub.post(ENERGIE, "/api/v1/inbox/" + id + "/ack").status(), "acknowledging " + id);
        }
        return opened;
    }

    /**
     * Acknowledges as demo-energie for that participant: a POST without a body, as API clients send it (RestAssured
     * would add a form content type, which portal-api's CSRF filter refuses).
     */
    private static int acknowledge(String participant, String id) throws IOException, InterruptedException {
        java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(api + "/api/v1/inbox/" + id + "/ack"))
                .POST(java.net.http.HttpRequest.BodyPublishers.noBody())
                .header("Authorization", "Bearer " + hub.token(ENERGIE)).header(PARTICIPANT_HEADER, participant)
                .timeout(Duration.ofSeconds(30)).build();
        return HTTP.send(request, java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static List<String> inbox(String participant) {
        List<String> ids = new ArrayList<>();
        String after = null;
        while (true) {
            var request = given().auth().oauth2(hub.token(ENERGIE)).header(PARTICIPANT_HEADER, participant)
                    .queryParam("limit", 500);
            if (after != null) {
                request = request.queryParam("after", after);
            }
            JsonNode page;
            try {
                page = JSON.readTree(request.get(api + "/api/v1/inbox").then().statusCode(200).extract().asString());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            page.path("items").forEach(item -> ids.add(item.path("id").asText()));
            String next = page.path("next").asText("");
            if (next.isEmpty() || page.path("items").isEmpty()) {
                return ids;
            }
            after = next;
        }
    }

    /** An active creditor with module schuldinventarisatie and its own key; demo-energie acts for it. */
    private static String onboard(long run, JWK key) {
        String operator = operatorToken();
        Map<String, Object> body = Map.of("oin", "0000000200" + run + "01", "kvk", String.valueOf(run).substring(0, 8),
                "name", "Rotatie Crediteur " + run, "kind", "creditor", "sector", "energy",
                "delivery", Map.of("mode", "mailbox"));
        String id = given().auth().oauth2(operator).contentType(ContentType.JSON).body(body)
                .post(api + "/api/v1/operator/participants").then().statusCode(201).extract().path("id");
        given().auth().oauth2(operator)
                .put(api + "/api/v1/operator/participants/{id}/modules/schuldinventarisatie", id)
                .then().statusCode(200);
        given().auth().oauth2(operator).contentType(ContentType.JSON).body(Map.of("status", "active"))
                .put(api + "/api/v1/operator/participants/{id}/status", id).then().statusCode(200);
        given().auth().oauth2(operator).contentType(ContentType.JSON).body(key.toPublicJWK().toJSONString())
                .put(api + "/api/v1/operator/participants/{id}/keys/{kid}", id, key.getKeyID()).then().statusCode(204);
        given().auth().oauth2(operator).put(api + "/api/v1/operator/clients/{client}/participants/{id}", ENERGIE, id)
                .then().statusCode(204);
        GRANTED.add(id);
        return id;
    }

    /** Waits until validation-service knows the new participant: a single probe submission gets its 201. */
    private static void awaitRecipientKnown(String participant) throws IOException {
        String body = saldoverzoek(participant).toString();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1))
                .until(() -> hub.submit(SENDER, body, UUID.randomUUID().toString()).status() == 201);
    }

    private static void awaitKeyInDirectory(String oin, String kid) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .until(() -> kidsInDirectory(oin).contains(kid));
    }

    /** The key ids the directory shows for the first participant the query finds. */
    private static List<String> kidsInDirectory(String query) {
        List<Map<String, Object>> items = given().auth().oauth2(hub.token(SENDER)).queryParam("q", query)
                .get(api + "/api/v1/participants").then().statusCode(200).extract().jsonPath().getList("items");
        if (items == null || items.isEmpty()) {
            return List.of();
        }
        return ((List<?>) items.get(0).get("keyIds")).stream().map(String::valueOf).toList();
    }

    private static ObjectNode saldoverzoek(String recipient) throws IOException {
        JsonNode type = JSON.readTree(given().get(api + "/api/v1/standard/schuldinventarisatie/saldoverzoek").then()
                .statusCode(200).extract().asString());
        ObjectNode request = JSON.createObjectNode().put("module", "schuldinventarisatie").put("type", "saldoverzoek")
                .put("recipient", recipient);
        request.set("payload", type.get("example").deepCopy());
        return request;
    }

    private static com.nimbusds.jose.JWEDecrypter decrypter(JWK key) throws com.nimbusds.jose.JOSEException {
        return key instanceof ECKey ec ? new ECDHDecrypter(ec) : new RSADecrypter(key.toRSAKey());
    }

    private static String operatorToken() {
        return stack.token(OPERATOR_CLIENT, OPERATOR_SECRET);
    }

    private static void note(String line) {
        String stamped = java.time.Instant.now() + " " + line;
        synchronized (REPORT) {
            REPORT.add(stamped);
        }
        System.out.println("[key-rotation] " + stamped);
    }
}
