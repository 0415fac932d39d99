package nl.knooppunt.localstack;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
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
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import nl.knooppunt.localstack.canary.LeakScan;
import nl.knooppunt.localstack.canary.MarkedPayload;
import nl.knooppunt.localstack.canary.Markers;
import nl.knooppunt.localstack.canary.PortalSession;
import nl.knooppunt.localstack.canary.WebhookInbox;
import nl.knooppunt.standard.catalogue.Catalogue;
import nl.knooppunt.standard.catalogue.MessageType;
import nl.knooppunt.standard.catalogue.Module;
import nl.knooppunt.standard.catalogue.ParticipantKind;
import nl.knooppunt.standard.kafka.Topics;

/**
 * The canary: every message type of every module travels through the whole running hub, all services and every log
 * category at DEBUG, with per-run markers in every field the standard lets one into: free text, a BSN passing the
 * eleven test, an IBAN with valid check digits, an amount and a date. The demo participants and participants of the
 * other kinds that the operator API creates (own keys, one with push delivery) send and receive; one submission goes
 * to three recipients, one is replayed with its Idempotency-Key, two arrive through the portal's bulk upload. Every
 * recipient reads exactly what was sent (own-key copies opened with the test's private keys). Afterwards no marker is
 * in any Kafka record (read through a consumer, so compressed batches are read too) or log segment file, any
 * PostgreSQL value (read through SQL, de-TOASTed) or data/WAL file, any log, any temporary file of the services, the
 * metrics, the operator API or message metadata, while the envelope (a message id) is found in each, so the scans read
 * the right places. Problem responses never quote a payload value, and records injected straight into Kafka
 * (replayed, redirected, unsigned) deliver nothing.
 */
@ExtendWith(LocalStackExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Order(60)
class CanaryIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Markers MARKERS = Markers.random();
    private static final long RUN = ThreadLocalRandom.current().nextLong(10_000_000L, 99_999_999L);
    private static final String PARTICIPANT_HEADER = "Knooppunt-Participant";
    private static final String ENERGIE_CLIENT = Demo.ENERGIE_CLIENT.clientId();
    /** Refusals that only mean a participant snapshot has not reached validation-service yet. */
    private static final Set<String> NOT_YET_KNOWN = Set.of("protocol.module-not-enabled",
            "protocol.recipient-not-allowed", "protocol.sender-not-allowed", "protocol.in-reply-to-unknown",
            "recipient.no-key");
    private static final Pattern SENT_LINK = Pattern.compile("verzonden\\?id=([0-9a-f-]{36})");

    /**
     * A participant the canary sends as or to.
     *
     * @param privateKey its own key (a demo participant's from its users' side, {@code demo-users/})
     */
    private record Actor(String name, String id, ParticipantKind kind, Set<String> modules, String clientId,
            String secret, JWK privateKey) {
    }

    /**
     * One message sent.
     *
     * @param payload what was submitted, or null when only the markers are known (bulk lines)
     * @param keep    whether its recipient leaves it unacknowledged (its ciphertext stays in routing's database)
     */
    private record Sent(String id, String type, Actor sender, Actor recipient, JsonNode payload, boolean keep) {
    }

    private static LocalStack stack;
    private static String api;
    private static final Map<String, String[]> tokens = new LinkedHashMap<>();
    private static Actor gemeente;
    private static Actor energie;
    private static Actor pushCrediteur;
    /** Senders and recipients in order of preference (the demo participants first). */
    private static final List<Actor> actors = new ArrayList<>();
    private static final List<String> granted = new ArrayList<>();
    private static WebhookInbox webhook;
    private static PortalSession anna;
    private static final Map<String, Sent> sent = new LinkedHashMap<>();
    private static final Map<String, String> routes = new LinkedHashMap<>();
    private static final Map<String, Map<String, Integer>> markedPerType = new LinkedHashMap<>();
    private static String firstPortalMessage;
    private static String keptCiphertext;

    @BeforeAll
    static void participants(LocalStack running) throws Exception {
        stack = running;
        api = running.portalApiUrl().toString().replaceAll("/$", "") + "/api/v1";
        gemeente = demo(Demo.GEMEENTE_CLIENT, ParticipantKind.COUNSELLOR_PHASE_1);
        energie = demo(Demo.ENERGIE_CLIENT, ParticipantKind.CREDITOR);
        assertTrue(gemeente.modules().contains("schuldinventarisatie"), "demo modules: " + gemeente.modules());
        actors.add(gemeente);
        actors.add(energie);
        ECKey pushKey = new ECKeyGenerator(Curve.P_256).keyID("canary-push-" + RUN).keyUse(KeyUse.ENCRYPTION)
                .generate();
        webhook = new WebhookInbox(pushKey);
        actors.add(onboard("Canary Kredietbank " + RUN, ParticipantKind.COUNSELLOR_PHASE_2, null,
                List.of("schuldinventarisatie", "betalingsregeling", "schuldregeling", "waarborgfonds",
                        "landelijke-pauzeknop"),
                new ECKeyGenerator(Curve.P_384).keyID("canary-kb-" + RUN).keyUse(KeyUse.ENCRYPTION).generate(),
                null));
        actors.add(onboard("Canary Crediteur " + RUN, ParticipantKind.CREDITOR, "energy",
                List.of("schuldinventarisatie", "betalingsregeling", "schuldregeling", "meldingen-bewindvoering",
                        "landelijke-pauzeknop"),
                new RSAKeyGenerator(2048).keyID("canary-cr-" + RUN).keyUse(KeyUse.ENCRYPTION).generate(), null));
        actors.add(onboard("Canary Bewindvoerder " + RUN, ParticipantKind.ADMINISTRATOR, null,
                List.of("meldingen-bewindvoering", "schuldinventarisatie", "betalingsregeling"),
                new ECKeyGenerator(Curve.P_256).keyID("canary-bw-" + RUN).keyUse(KeyUse.ENCRYPTION).generate(),
                null));
        actors.add(onboard("Canary Waarborgfonds " + RUN, ParticipantKind.GUARANTEE_FUND, null,
                List.of("waarborgfonds"),
                new RSAKeyGenerator(3072).keyID("canary-wf-" + RUN).keyUse(KeyUse.ENCRYPTION).generate(), null));
        pushCrediteur = onboard("Canary Pushontvanger " + RUN, ParticipantKind.CREDITOR, "housing-corporation",
                List.of("schuldinventarisatie"), pushKey, webhook.url().toString());
        for (Actor actor : actors.subList(2, actors.size())) {
            awaitInDirectory(actor);
        }
        awaitInDirectory(pushCrediteur);
    }

    /** demo-energie acts for its own participant only again; the push receiver stops. */
    @AfterAll
    static void revokeMandates() {
        if (pushCrediteur != null) {
            operator().body(Map.of("mode", "mailbox"))
                    .put(api + "/operator/participants/{id}/delivery", pushCrediteur.id());
        }
        for (String id : granted) {
            operator().delete(api + "/operator/clients/{client}/participants/{id}", ENERGIE_CLIENT, id)
                    .then().statusCode(204);
        }
        if (webhook != null) {
            webhook.close();
        }
    }

    @Test
    @Order(1)
    void everyTypeOfEveryModuleTravelsWithTheMarkers() {
        int types = 0;
        for (Module module : Catalogue.standard().modules()) {
            for (MessageType type : module.messageTypes()) {
                types++;
                send(type);
            }
        }
        assertEquals(types, markedPerType.size(), "every type is sent: " + routes);
        markedPerType.forEach((type, counts) -> assertTrue(counts.getOrDefault("text", 0) >= 1,
                type + " carries the text marker: " + counts));
        Map<String, Integer> total = new LinkedHashMap<>();
        markedPerType.values().forEach(counts -> counts.forEach((marker, n) -> total.merge(marker, n, Integer::sum)));
        assertEquals(MARKERS.all().keySet(), total.keySet(), "every kind of marker is in some field: " + total);
        System.out.println("canary " + MARKERS + ": " + types + " types sent (" + routes + "); fields marked "
                + total + ", per type " + markedPerType);
    }

    /** One submission to three recipients (portal participant, own key, push), and an idempotent replay. */
    @Test
    @Order(2)
    void manyRecipientsAndAnIdempotentReplay() {
        MessageType saldoverzoek = type("schuldinventarisatie", "saldoverzoek");
        Actor crediteur = actor("Canary Crediteur");
        List<Actor> recipients = List.of(energie, crediteur, pushCrediteur);
        MarkedPayload marked = MarkedPayload.of(saldoverzoek, example(saldoverzoek), gemeente.kind(), MARKERS);
        ObjectNode body = JSON.createObjectNode().put("module", saldoverzoek.module())
                .put("type", saldoverzoek.type());
        body.set("recipients", JSON.valueToTree(recipients.stream().map(Actor::id).toList()));
        body.set("payload", marked.payload());
        Response answer = as(gemeente).contentType(ContentType.JSON).body(body.toString()).post(api + "/messages");
        assertNoMarker("answer to a submission to many recipients", answer.asString());
        assertEquals(201, answer.statusCode(), answer.asString());
        JsonNode messages = answer.as(JsonNode.class).path("messages");
        assertEquals(3, messages.size(), answer.asString());
        for (int i = 0; i < recipients.size(); i++) {
            assertEquals("accepted", messages.get(i).path("status").asText(), answer.asString());
            String id = messages.get(i).path("id").asText();
            sent.put(id, new Sent(id, "schuldinventarisatie/saldoverzoek (3 recipients)", gemeente,
                    recipients.get(i), marked.payload(), recipients.get(i) == crediteur));
        }
        routes.put("many recipients", gemeente.name() + " -> " + recipients.stream().map(Actor::name).toList());

        MarkedPayload again = MarkedPayload.of(saldoverzoek, example(saldoverzoek), gemeente.kind(), MARKERS);
        String key = "canary-" + UUID.randomUUID();
        String request = body(saldoverzoek, energie, null, again.payload()).toString();
        Response first = as(gemeente).header("Idempotency-Key", key).contentType(ContentType.JSON).body(request)
                .post(api + "/messages");
        Response replay = as(gemeente).header("Idempotency-Key", key).contentType(ContentType.JSON).body(request)
                .post(api + "/messages");
        assertNoMarker("answer to an idempotent submission", first.asString());
        assertNoMarker("answer to its replay", replay.asString() + replay.headers());
        assertEquals(201, first.statusCode(), first.asString());
        assertEquals(201, replay.statusCode(), replay.asString());
        assertEquals("true", replay.header("Idempotent-Replayed"));
        assertEquals(first.jsonPath().getString("id"), replay.jsonPath().getString("id"));
        String id = first.jsonPath().getString("id");
        sent.put(id, new Sent(id, "schuldinventarisatie/saldoverzoek (replayed)", gemeente, energie,
                again.payload(), false));
    }

    @Test
    @Order(3)
    void problemResponsesNeverQuoteThePayload() {
        MessageType saldoverzoek = type("schuldinventarisatie", "saldoverzoek");
        ObjectNode payload = (ObjectNode) example(saldoverzoek).deepCopy();
        ((ObjectNode) payload.path("client")).put("bsn", MARKERS.text());
        payload.put("peildatum", MARKERS.amount());
        payload.put("referentieSchuldhulpverlener", MARKERS.iban());
        ((ObjectNode) payload.path("client")).put("geboortedatum", MARKERS.bsn() + "-" + MARKERS.date());
        ((ObjectNode) payload.path("client")).set("achternaam", JSON.createArrayNode().add(MARKERS.text()));
        Response rejected = submit(gemeente, saldoverzoek, energie, null, payload);
        assertEquals(422, rejected.statusCode(), rejected.asString());
        assertTrue(rejected.asString().contains("/client/bsn"), rejected.asString());
        assertNoMarker("422 of a broken payload", rejected.asString());

        MessageType antwoord = type("schuldinventarisatie", "saldoverzoek-antwoord");
        MarkedPayload orphan = MarkedPayload.of(antwoord, example(antwoord), energie.kind(), MARKERS);
        Response unknownRequest = submit(energie, antwoord, gemeente, UUID.randomUUID().toString(),
                orphan.payload());
        assertTrue(unknownRequest.statusCode() >= 400 && unknownRequest.statusCode() < 500, unknownRequest.asString());
        assertNoMarker("422 of a protocol violation", unknownRequest.asString());

        String broken = "{\"module\":\"schuldinventarisatie\",\"type\":\"saldoverzoek\",\"recipient\":\""
                + energie.id() + "\",\"payload\":{\"toelichting\":\"" + MARKERS.text() + "\",\"bsn\":\""
                + MARKERS.bsn() + "\" \"x\"";
        Response unreadable = as(gemeente).contentType(ContentType.JSON).body(broken).post(api + "/messages");
        assertEquals(400, unreadable.statusCode(), unreadable.asString());
        assertNoMarker("400 of unreadable JSON", unreadable.asString());
    }

    /**
     * anna uploads through the portal: a file with bad lines (reported without a value) and a clean file whose lines
     * are sent. The upload passes through a temporary file in portal-api's temp dir, which the last step scans.
     */
    @Test
    @Order(4)
    void theBulkUploadSendsTheMarkersAndQuotesNone() throws IOException {
        anna = PortalSession.login(stack.portalApiUrl(), Demo.ANNA.username(), Demo.ANNA.password());
        Response example = anna.get("/portal/bulk/voorbeeld.csv");
        assertEquals(200, example.statusCode(), example.asString());
        List<String> columns = List.of(example.asString().replace("\uFEFF", "").strip().split(";"));
        MessageType saldoverzoek = type("schuldinventarisatie", "saldoverzoek");
        MarkedPayload marked = MarkedPayload.of(saldoverzoek, example(saldoverzoek), gemeente.kind(), MARKERS);
        Map<String, String> cells = new LinkedHashMap<>();
        flatten(marked.payload(), "", cells);
        cells.keySet().retainAll(columns);
        cells.put("ontvanger", energie.id());
        // the result page shows each line's dossier number to the uploader (its own reference): no marker there
        String dossier = "CANARY-BULK-" + RUN;
        cells.put("referentieSchuldhulpverlener", dossier);
        assertTrue(cells.containsValue(MARKERS.bsn()) && cells.containsValue(MARKERS.text()), cells.toString());
        String header = String.join(";", cells.keySet()) + "\n";
        String line = cells.values().stream().map(CanaryIT::csvCell).reduce((a, b) -> a + ";" + b).orElseThrow()
                + "\n";

        Map<String, String> badBsn = new LinkedHashMap<>(cells);
        badBsn.put("client.bsn", "123456789");
        Map<String, String> badPostcode = new LinkedHashMap<>(cells);
        badPostcode.put("client.adres.postcode", MARKERS.text());
        String badFile = header + line + String.join(";", badBsn.values().stream().map(CanaryIT::csvCell).toList())
                + "\n" + String.join(";", badPostcode.values().stream().map(CanaryIT::csvCell).toList()) + "\n";
        Response refused = anna.uploadBulk("schuldinventarisatie/saldoverzoek", badFile);
        assertEquals(422, refused.statusCode(), refused.asString());
        assertTrue(refused.asString().contains("Er is niets verstuurd"), refused.asString());
        assertNoMarker("the bulk page reporting bad lines", refused.asString());

        Response accepted = anna.uploadBulk("schuldinventarisatie/saldoverzoek", header + line + line);
        assertEquals(200, accepted.statusCode(), accepted.asString());
        assertTrue(accepted.asString().contains(dossier), "the result names each line by its dossier number");
        assertNoMarker("the bulk page reporting the sent lines", accepted.asString());
        Set<String> ids = new LinkedHashSet<>();
        Matcher links = SENT_LINK.matcher(accepted.asString());
        while (links.find()) {
            ids.add(links.group(1));
        }
        assertEquals(2, ids.size(), "both lines sent: " + accepted.asString());
        ids.forEach(id -> sent.put(id, new Sent(id, "schuldinventarisatie/saldoverzoek (bulk)", gemeente, energie,
                null, false)));
        routes.put("bulk upload", "anna (" + gemeente.name() + ") -> " + energie.name() + ", 2 lines");
    }

    /** Each recipient reads exactly what was sent, opened with its own key: the hub hands over only JWEs. */
    @Test
    @Order(5)
    void recipientsReadTheMarkersIntact() throws Exception {
        for (Actor recipient : recipients()) {
            if (recipient != pushCrediteur) {
                Response inbox = as(recipient).get(api + "/inbox?limit=500");
                assertEquals(200, inbox.statusCode(), inbox.asString());
                assertNoMarker("inbox listing of " + recipient.name(), inbox.asString());
            }
        }
        for (Sent message : sent.values()) {
            JsonNode arrived = arrivedPayload(message);
            if (message.payload() != null) {
                assertEquals(message.payload(), arrived, message.type() + " " + message.id() + " arrives intact");
            } else {
                assertTrue(MARKERS.foundIn(arrived.toString()).containsAll(List.of("text", "bsn")),
                        message.type() + " " + message.id() + " carries the markers: " + arrived);
            }
        }
        assertEquals(Map.of(), webhook.failures(), "pushes the receiver could not open");
        webhook.bodies().forEach(body -> assertNoMarker("a push body (outside its JWE)", body));
        assertNotNull(keptCiphertext, "one own-key copy stays in the mailbox");
    }

    private static JsonNode arrivedPayload(Sent message) throws Exception {
        if (message.recipient() == pushCrediteur) {
            await().atMost(Duration.ofSeconds(60)).until(() -> webhook.payloads().containsKey(message.id()));
            return webhook.payloads().get(message.id());
        }
        Response fetched = await().atMost(Duration.ofSeconds(60)).until(
                () -> as(message.recipient()).get(api + "/inbox/" + message.id()), r -> r.statusCode() == 200);
        JsonNode body = fetched.as(JsonNode.class);
        assertNoMarker("fetch (outside its JWE)", fetched.asString());
        assertTrue(body.path("payload").isMissingNode() || body.path("payload").isNull(), body.toString());
        JWEObject jwe = JWEObject.parse(body.path("encryptedPayload").asText());
        assertEquals(message.recipient().privateKey().getKeyID(), jwe.getHeader().getKeyID());
        JWK key = message.recipient().privateKey();
        jwe.decrypt(key instanceof ECKey ec ? new ECDHDecrypter(ec) : new RSADecrypter(key.toRSAKey()));
        JsonNode payload = JSON.readTree(jwe.getPayload().toString());
        if (message.keep()) {
            keptCiphertext = body.path("encryptedPayload").asText();
        } else {
            as(message.recipient()).post(api + "/inbox/" + message.id() + "/ack").then().statusCode(204);
        }
        return payload;
    }

    /**
     * Straight into the topics, as someone with write access to Kafka: a replayed submission and a replayed delivery
     * of an acknowledged message, a delivery redirected to another recipient (digest and envelope no longer match
     * the assertion), one without its assertion and a submission without one. Nothing is delivered again; the
     * refused records are dead-lettered with their reason.
     */
    @Test
    @Order(6)
    void injectedAndReplayedRecordsDeliverNothing() throws Exception {
        String id = firstPortalMessage;
        Map<String, ConsumerRecord<String, String>> original = new LinkedHashMap<>();
        try (KafkaConsumer<String, String> consumer = consumer()) {
            consumer.subscribe(List.of(Topics.SUBMISSIONS, Topics.DELIVERIES));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    if (record.value() != null && record.value().contains("\"messageId\":\"" + id + "\"")) {
                        original.putIfAbsent(record.topic(), record);
                    }
                }
                return original.size() == 2;
            });
        }
        ObjectNode delivery = (ObjectNode) JSON.readTree(original.get(Topics.DELIVERIES).value());
        ObjectNode redirected = delivery.deepCopy();
        ((ObjectNode) redirected.path("envelope")).put("recipient", gemeente.id());
        ObjectNode unsigned = delivery.deepCopy();
        unsigned.remove("assertion");
        String unsignedSubmissionId = UUID.randomUUID().toString();
        ObjectNode unsignedSubmission = (ObjectNode) JSON.readTree(original.get(Topics.SUBMISSIONS).value());
        unsignedSubmission.remove("assertion");
        ((ObjectNode) unsignedSubmission.path("envelope")).put("messageId", unsignedSubmissionId)
                .put("conversationId", unsignedSubmissionId);

        try (KafkaProducer<String, String> producer = producer()) {
            producer.send(new ProducerRecord<>(Topics.SUBMISSIONS, id, original.get(Topics.SUBMISSIONS).value())).get();
            producer.send(new ProducerRecord<>(Topics.DELIVERIES, energie.id(), original.get(Topics.DELIVERIES).value()))
                    .get();
            producer.send(new ProducerRecord<>(Topics.DELIVERIES, gemeente.id(), redirected.toString())).get();
            producer.send(new ProducerRecord<>(Topics.DELIVERIES, energie.id(), unsigned.toString())).get();
            producer.send(new ProducerRecord<>(Topics.SUBMISSIONS, unsignedSubmissionId,
                    unsignedSubmission.toString())).get();
        }

        List<String> reasons = new ArrayList<>();
        // the original, the replay, the redirected and the unsigned copy, and validation's answer to the replayed
        // submission (judged again while its assertion is valid): routing ignores it, the id is already known
        int[] deliveriesOfId = { 0 };
        try (KafkaConsumer<String, String> consumer = consumer()) {
            consumer.subscribe(List.of(Topics.DEAD_LETTERS, Topics.DELIVERIES));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    boolean ours = record.value() != null && (record.value().contains(id)
                            || record.value().contains(unsignedSubmissionId));
                    if (ours && record.topic().equals(Topics.DEAD_LETTERS)) {
                        reasons.add(new String(record.headers().lastHeader("knooppunt-reason").value(),
                                StandardCharsets.UTF_8));
                    } else if (ours) {
                        deliveriesOfId[0]++;
                    }
                }
                return reasons.size() >= 3 && deliveriesOfId[0] >= 5;
            });
        }
        assertTrue(reasons.containsAll(List.of("assertion.mismatch", "assertion.missing")), reasons.toString());
        assertEquals(2, reasons.stream().filter("assertion.missing"::equals).count(), reasons.toString());
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            as(energie).get(api + "/inbox/" + id).then().statusCode(410);
            for (Actor demo : List.of(gemeente, energie)) {
                assertFalse(as(demo).get(api + "/inbox").asString().contains(id));
            }
        });
        as(gemeente).get(api + "/messages/" + unsignedSubmissionId).then().statusCode(404);
        assertTrue(metrics(Service.ROUTING).contains("knooppunt_routing_refused_total{reason=\"assertion.mismatch\""));
        assertTrue(metrics(Service.VALIDATION).contains(
                "knooppunt_validation_refused_total{reason=\"assertion.missing\""));
    }

    /** What an operator or a sender sees: metrics, the operator API, the directory, status and events, portal pages. */
    @Test
    @Order(7)
    void metricsOperatorApiAndMetadataCarryNoMarker() {
        for (Service.Spec service : Service.instances(stack.replicas())) {
            assertNoMarker(service.instanceName() + " /q/metrics", metrics(service));
        }
        List<String> operatorPaths = new ArrayList<>(List.of("/operator/participants",
                "/operator/clients", "/operator/clients/" + ENERGIE_CLIENT + "/participants"));
        for (Actor actor : allActors()) {
            operatorPaths.add("/operator/participants/" + actor.id());
            operatorPaths.add("/operator/participants/" + actor.id() + "/audit");
            operatorPaths.add("/operator/participants/" + actor.id() + "/keys");
        }
        for (String path : operatorPaths) {
            Response response = operator().get(api + path);
            assertEquals(200, response.statusCode(), path + ": " + response.asString());
            assertNoMarker("operator API " + path, response.asString());
        }
        Response directory = as(gemeente).get(api + "/participants?q=Canary");
        assertNoMarker("directory", directory.asString());
        for (Sent message : sent.values()) {
            Response status = as(message.sender()).get(api + "/messages/" + message.id());
            assertEquals(200, status.statusCode(), status.asString());
            assertNoMarker("status of " + message.id(), status.asString());
        }
        for (Actor sender : allActors()) {
            Response events = as(sender).get(api + "/events");
            assertEquals(200, events.statusCode(), events.asString());
            assertNoMarker("events feed of " + sender.name(), events.asString());
        }
        for (String page : List.of("/portal/verzonden", "/portal/inbox", "/portal/inbox.csv")) {
            Response portalPage = anna.get(page);
            assertEquals(200, portalPage.statusCode(), page);
            assertNoMarker("portal page " + page, portalPage.asString());
        }
    }

    /**
     * The services logged at DEBUG, the categories their application.properties keep quieter (SubmissionService,
     * MailboxService, org.apache.kafka) included: each log holds DEBUG lines of the classes that handle payloads there.
     * Kafka appears twice: the client ({@code org.apache.kafka}, held at WARN in portal-api) and the connector that
     * carries the records ({@code io.smallrye.reactive.messaging.kafka}). portal-api's own classes have no DEBUG
     * statement: its submit path logs at INFO (SubmissionService, normally held at WARN).
     */
    @Test
    @Order(8)
    void everyServiceLoggedItsPayloadPathAtDebug() throws IOException {
        Map<String, List<String>> expected = new LinkedHashMap<>();
        expected.put("portal-api", List.of("DEBUG org.apache.kafka", "DEBUG kafka", "INFO SubmissionService"));
        expected.put("validation-service", List.of("DEBUG SubmissionProcessor", "DEBUG org.apache.kafka",
                "DEBUG kafka"));
        expected.put("routing-service", List.of("DEBUG DeliveryService", "DEBUG MailboxService",
                "DEBUG PushDispatcher", "DEBUG org.apache.kafka", "DEBUG kafka"));
        expected.put("registry-service", List.of("DEBUG SnapshotPublisher", "DEBUG org.apache.kafka"));
        List<String> missing = new ArrayList<>();
        for (Map.Entry<String, List<String>> service : expected.entrySet()) {
            String log = Files.readString(stack.layout().logsDir().resolve(service.getKey() + ".log"));
            for (String levelAndCategory : service.getValue()) {
                String[] parts = levelAndCategory.split(" ");
                String category = parts[1].startsWith("org.") ? "org\\.apache\\.kafka\\.[^\\]\\s]*"
                        : parts[1].equals("kafka") ? "io\\.smallrye\\.reactive\\.messaging\\.kafka[^\\]\\s]*"
                        : "[^\\]\\s]*\\." + parts[1];
                if (!Pattern.compile(parts[0] + "\\s+\\[" + category + "\\]").matcher(log).find()) {
                    missing.add(service.getKey() + ": " + levelAndCategory);
                }
            }
        }
        assertEquals(List.of(), missing, "log lines the services should have written at this level");
    }

    @Test
    @Order(9)
    void theMarkersAreNowhereInKafkaPostgresTheLogsOrTemporaryFiles() throws Exception {
        for (String database : Postgres.DATABASES) {
            try (Connection connection = DriverManager.getConnection(stack.jdbcUrl(database), "postgres", "postgres");
                    Statement statement = connection.createStatement()) {
                statement.execute("CHECKPOINT");
            }
        }
        List<LeakScan.Hit> hits = new ArrayList<>();
        List<String> summary = new ArrayList<>();

        LeakScan.Result records = LeakScan.kafka(stack.kafkaBootstrapServers(), MARKERS, firstPortalMessage);
        assertTrue(records.controlFound(), "the consumer scan finds the message id: it reads the traffic");
        hits.addAll(records.hits());
        summary.add("Kafka consumer: " + records.itemsRead() + " records");

        LeakScan.Result values = LeakScan.postgres(database -> stack.jdbcUrl(database), "postgres", "postgres",
                MARKERS, keptCiphertext);
        assertTrue(values.controlFound(), "the SQL scan finds the ciphertext kept in the mailbox: it reads routing");
        hits.addAll(values.hits());
        summary.add("PostgreSQL through SQL: " + values.itemsRead() + " values");

        UUID id = UUID.fromString(firstPortalMessage);
        byte[] envelope = firstPortalMessage.getBytes(StandardCharsets.UTF_8);
        byte[] envelopeAsUuidColumn = java.nio.ByteBuffer.allocate(16).putLong(id.getMostSignificantBits())
                .putLong(id.getLeastSignificantBits()).array();
        Map<String, Path> areas = new LinkedHashMap<>();
        areas.put("kafka", stack.layout().kafkaDir());
        areas.put("postgres", Postgres.dataDir(stack.layout()));
        areas.put("logs", stack.layout().logsDir());
        for (Map.Entry<String, Path> area : areas.entrySet()) {
            byte[] control = area.getKey().equals("postgres") ? envelopeAsUuidColumn : envelope;
            LeakScan.Result files = LeakScan.files(List.of(area.getValue()), MARKERS, control);
            assertTrue(files.itemsRead() > 0, area.getKey());
            assertTrue(files.controlFound(),
                    "the message id is in " + area.getKey() + ": the scan reads the files that hold the traffic");
            hits.addAll(files.hits());
            summary.add(area.getKey() + " files: " + files.itemsRead());
        }
        assertTrue(LeakScan.regularFiles(Postgres.dataDir(stack.layout())).stream()
                .anyMatch(file -> file.toString().contains("pg_wal")), "the WAL is scanned");
        Path tmp = stack.stateDir().resolve("tmp");
        for (Service.Spec service : Service.instances(stack.replicas())) {
            assertTrue(Files.isDirectory(tmp.resolve(service.instanceName())), service.instanceName()
                    + " has its temp dir in the stack's state");
        }
        assertTrue(Files.isDirectory(tmp.resolve(Service.PORTAL_API.instanceName()).resolve("uploads")),
                "the bulk upload went through portal-api's temp dir (Quarkus deletes the file after the request)");
        LeakScan.Result temporary = LeakScan.files(List.of(tmp), MARKERS, null);
        hits.addAll(temporary.hits());
        summary.add("services' temp dirs: " + temporary.itemsRead() + " files");
        LeakScan.Result everything = LeakScan.files(List.of(stack.stateDir()), MARKERS, null);
        hits.addAll(everything.hits());
        summary.add("whole state dir: " + everything.itemsRead() + " files");
        System.out.println("canary scanned " + summary);
        assertEquals(List.of(), hits.stream().distinct().toList(), "payload markers " + MARKERS.all()
                + " found in clear");
    }

    private static void send(MessageType type) {
        String name = type.module() + "/" + type.type();
        if (type.isRequest()) {
            Actor sender = senderOf(type);
            Actor recipient = recipientOf(type, sender);
            String id = submitMarked(type, sender, recipient, null);
            if (firstPortalMessage == null && sender == gemeente && recipient == energie) {
                firstPortalMessage = id;
            }
            return;
        }
        for (String requestName : type.answersTo()) {
            MessageType request = type(type.module(), requestName);
            Actor asker = senderOf(request);
            Actor answerer = asker == null ? null : recipientOf(request, asker);
            if (answerer == null || !type.senders().contains(answerer.kind())
                    || !type.recipients().contains(asker.kind())) {
                continue;
            }
            String requestId = submitMarked(request, asker, answerer, null);
            await().atMost(Duration.ofSeconds(30)).until(() -> as(asker)
                    .get(api + "/messages/" + requestId).statusCode() == 200);
            submitMarked(type, answerer, asker, requestId);
            return;
        }
        fail(name + ": no participant can ask what it answers");
    }

    /** Submits the type's example with every marker it takes; where the hub refuses a marker, that field reverts. */
    private static String submitMarked(MessageType type, Actor sender, Actor recipient, String inReplyTo) {
        String name = type.module() + "/" + type.type();
        MarkedPayload marked = MarkedPayload.of(type, example(type), sender.kind(), MARKERS);
        Response response = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            response = submitOnceKnown(type, sender, recipient, inReplyTo, marked.payload());
            assertNoMarker("answer to " + name, response.asString());
            if (response.statusCode() != 422 || !marked.restore(response.jsonPath().getList("violations.pointer"))) {
                break;
            }
        }
        assertEquals(201, response.statusCode(), name + " from " + sender.name() + " to " + recipient.name()
                + " must be accepted: " + response.asString());
        String id = response.jsonPath().getString("id");
        sent.put(id, new Sent(id, name, sender, recipient, marked.payload().deepCopy(), false));
        routes.putIfAbsent(name, sender.name() + " -> " + recipient.name());
        markedPerType.putIfAbsent(name, marked.fieldsPerMarker());
        return id;
    }

    /** Submits, and again for a while when the refusal only means a new participant is not known everywhere yet. */
    private static Response submitOnceKnown(MessageType type, Actor sender, Actor recipient, String inReplyTo,
            JsonNode payload) {
        java.util.concurrent.atomic.AtomicReference<Response> last = new java.util.concurrent.atomic.AtomicReference<>();
        try {
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).until(() -> {
                Response response = submit(sender, type, recipient, inReplyTo, payload);
                last.set(response);
                return response.statusCode() != 422 || response.jsonPath().getList("violations.code", String.class)
                        .stream().noneMatch(NOT_YET_KNOWN::contains);
            });
        } catch (org.awaitility.core.ConditionTimeoutException stillUnknown) {
            // the caller asserts on the last answer, which names the refusal
        }
        return last.get();
    }

    private static Actor senderOf(MessageType type) {
        return actors.stream().filter(a -> type.senders().contains(a.kind()) && a.modules().contains(type.module()))
                .findFirst().orElse(null);
    }

    private static Actor recipientOf(MessageType type, Actor sender) {
        return actors.stream().filter(a -> a != sender && type.recipients().contains(a.kind())
                && a.modules().contains(type.module())).findFirst().orElse(null);
    }

    private static Actor actor(String namePrefix) {
        return actors.stream().filter(a -> a.name().startsWith(namePrefix)).findFirst().orElseThrow();
    }

    private static List<Actor> allActors() {
        List<Actor> all = new ArrayList<>(actors);
        all.add(pushCrediteur);
        return all;
    }

    private static Set<Actor> recipients() {
        Set<Actor> recipients = new LinkedHashSet<>();
        sent.values().forEach(message -> recipients.add(message.recipient()));
        return recipients;
    }

    private static Response submit(Actor sender, MessageType type, Actor recipient, String inReplyTo,
            JsonNode payload) {
        return as(sender).contentType(ContentType.JSON).body(body(type, recipient, inReplyTo, payload).toString())
                .post(api + "/messages");
    }

    private static ObjectNode body(MessageType type, Actor recipient, String inReplyTo, JsonNode payload) {
        ObjectNode body = JSON.createObjectNode().put("module", type.module()).put("type", type.type())
                .put("recipient", recipient.id());
        if (inReplyTo != null) {
            body.put("inReplyTo", inReplyTo);
        }
        body.set("payload", payload);
        return body;
    }

    /** A request as the participant, through its API client (which names it: demo-energie acts for several). */
    private static RequestSpecification as(Actor actor) {
        return given().auth().oauth2(token(actor.clientId(), actor.secret())).header(PARTICIPANT_HEADER, actor.id());
    }

    private static RequestSpecification operator() {
        return given().auth().oauth2(token("demo-beheer", "demo-beheer-secret")).contentType(ContentType.JSON);
    }

    /** A client's token, fetched again after 4 minutes (they live 5). */
    private static String token(String clientId, String secret) {
        String[] cached = tokens.get(clientId);
        if (cached == null || System.nanoTime() - Long.parseLong(cached[1]) > Duration.ofMinutes(4).toNanos()) {
            cached = new String[] { stack.token(clientId, secret), Long.toString(System.nanoTime()) };
            tokens.put(clientId, cached);
        }
        return cached[0];
    }

    private static void assertNoMarker(String where, String text) {
        List<String> found = MARKERS.foundIn(text);
        assertEquals(List.of(), found, where + " quotes payload markers " + found + ": " + text);
    }

    private static Actor demo(Demo.ApiClient client, ParticipantKind kind) {
        JsonNode participant = operator().get(api + "/operator/participants/" + client.participantId()).then()
                .statusCode(200).extract().as(JsonNode.class);
        Set<String> modules = new LinkedHashSet<>();
        participant.path("modules").forEach(module -> modules.add(module.isTextual() ? module.asText()
                : module.path("module").asText(module.path("id").asText())));
        JWK usersKey;
        try {
            usersKey = JWK.parse(java.nio.file.Files.readString(DemoUserKeys.keyFile(stack.stateDir(),
                    client.participantId())));
        } catch (java.io.IOException | java.text.ParseException e) {
            throw new IllegalStateException("the demo participant's own key", e);
        }
        return new Actor(client.participant(), client.participantId(), kind, modules, client.clientId(),
                client.secret(), usersKey);
    }

    /** Creates an active participant with the modules and its own key; demo-energie gets a mandate for it. */
    private static Actor onboard(String name, ParticipantKind kind, String sector, List<String> modules, JWK key,
            String webhookUrl) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("oin", String.format("000000050%03d%08d", actors.size(), RUN));
        body.put("kvk", String.format("%08d", ThreadLocalRandom.current().nextInt(10_000_000, 99_999_999)));
        body.put("name", name);
        body.put("kind", kind.apiName());
        if (sector != null) {
            body.put("sector", sector);
        }
        body.put("delivery", webhookUrl == null ? Map.of("mode", "mailbox")
                : Map.of("mode", "webhook", "webhookUrl", webhookUrl));
        Response created = operator().body(body).post(api + "/operator/participants");
        assertEquals(201, created.statusCode(), created.asString());
        String id = created.jsonPath().getString("id");
        if (webhookUrl != null) {
            // a participant registered with a webhook gets its signing secret in this answer, and only here
            String secret = created.jsonPath().getString("webhookSecret.secret");
            assertTrue(secret != null && secret.startsWith("whsec_"), "the created answer shows the push secret");
            webhook.trust(secret);
        }
        for (String module : modules) {
            operator().put(api + "/operator/participants/{id}/modules/{module}", id, module).then().statusCode(200);
        }
        operator().body(Map.of("status", "active")).put(api + "/operator/participants/{id}/status", id)
                .then().statusCode(200);
        String publicJwk = key.toPublicJWK().toJSONString();
        assertFalse(publicJwk.contains("\"d\""), "only the public key leaves the test");
        operator().body(publicJwk).put(api + "/operator/participants/{id}/keys/{kid}", id, key.getKeyID())
                .then().statusCode(204);
        operator().put(api + "/operator/clients/{client}/participants/{id}", ENERGIE_CLIENT, id).then()
                .statusCode(204);
        granted.add(id);
        return new Actor(name, id, kind, Set.copyOf(modules), ENERGIE_CLIENT, Demo.ENERGIE_CLIENT.secret(), key);
    }

    private static void awaitInDirectory(Actor actor) {
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            Response page = as(gemeente).queryParam("q", actor.name()).get(api + "/participants");
            List<Map<String, Object>> items = page.then().statusCode(200).extract().jsonPath().getList("items");
            return items.stream().anyMatch(p -> actor.id().equals(p.get("id")) && "active".equals(p.get("status"))
                    && ((List<?>) p.get("keyIds")).contains(actor.privateKey().getKeyID())
                    && ((List<?>) p.get("modules")).containsAll(actor.modules()));
        });
    }

    private static MessageType type(String module, String type) {
        return Catalogue.standard().messageType(module, type).orElseThrow();
    }

    private static JsonNode example(MessageType type) {
        return given().get(api + "/standard/" + type.module() + "/" + type.type()).then().statusCode(200).extract()
                .as(JsonNode.class).get("example");
    }

    /** The payload's scalar fields as bulk columns: JSON pointer without the first slash, {@code /} as {@code .}. */
    private static void flatten(JsonNode node, String prefix, Map<String, String> cells) {
        for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext();) {
            Map.Entry<String, JsonNode> field = fields.next();
            String column = prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey();
            if (field.getValue().isObject()) {
                flatten(field.getValue(), column, cells);
            } else if (field.getValue().isValueNode()) {
                cells.put(column, field.getValue().asText());
            }
        }
    }

    private static String csvCell(String value) {
        return "\"" + value.replace("\"", "\"\"") + "\"";
    }

    private static String metrics(Service.Spec service) {
        return given().get(service.baseUrl() + "/q/metrics").then().statusCode(200).extract().asString();
    }

    private static KafkaConsumer<String, String> consumer() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "canary-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        return new KafkaConsumer<>(props);
    }

    private static KafkaProducer<String, String> producer() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        return new KafkaProducer<>(props);
    }
}
