package nl.knooppunt.localstack;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Stream;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import nl.knooppunt.standard.catalogue.Catalogue;
import nl.knooppunt.standard.catalogue.MessageType;
import nl.knooppunt.standard.catalogue.ParticipantKind;
import nl.knooppunt.standard.kafka.Topics;
import nl.knooppunt.standard.validation.PayloadValidator;

/**
 * The canary: every message type the demo participants may exchange is sent with one unique marker in every text
 * field its schema lets the marker into, through the whole running hub with every service logging at DEBUG, fetched
 * and acknowledged by its recipient. Afterwards the marker is nowhere in Kafka's log segments, PostgreSQL's data and
 * WAL files or any log of the stack, while the envelope (the message ids) is found in each of them, so the scan
 * reads the right files. Problem responses to broken payloads do not quote the marker either, and records injected
 * straight into Kafka (replayed, redirected, unsigned) deliver nothing.
 */
@ExtendWith(LocalStackExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Order(60)
class CanaryIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MARKER = "Kanarie" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private static final PayloadValidator VALIDATOR = new PayloadValidator();

    private static LocalStack stack;
    private static String api;
    private static String gemeente;
    private static String energie;
    private static final Map<String, Integer> markedFields = new LinkedHashMap<>();
    private static final List<String> sentIds = new ArrayList<>();
    private static final Map<String, String> recipientOf = new LinkedHashMap<>();
    private static final List<String> skipped = new ArrayList<>();

    @BeforeAll
    static void tokens(LocalStack running) {
        stack = running;
        api = running.portalApiUrl().toString().replaceAll("/$", "") + "/api/v1";
        gemeente = running.token(Demo.GEMEENTE_CLIENT.clientId(), Demo.GEMEENTE_CLIENT.secret());
        energie = running.token(Demo.ENERGIE_CLIENT.clientId(), Demo.ENERGIE_CLIENT.secret());
    }

    @Test
    @Order(1)
    void everyMessageTypeTravelsWithTheMarkerInEveryTextField() {
        JsonNode standard = given().get(api + "/standard").then().statusCode(200).extract().as(JsonNode.class);
        assertTrue(standard.isArray() && !standard.isEmpty(), standard.toString());
        for (JsonNode module : standard) {
            for (JsonNode typeNode : module.path("messageTypes")) {
                MessageType type = Catalogue.standard()
                        .messageType(module.path("id").asText(), typeNode.path("type").asText()).orElseThrow();
                send(type);
            }
        }
        assertTrue(markedFields.keySet().containsAll(List.of("schuldinventarisatie/saldoverzoek",
                "schuldinventarisatie/saldoverzoek-antwoord", "schuldinventarisatie/geen-medewerking")),
                "sent: " + markedFields + ", skipped: " + skipped);
        markedFields.forEach((type, count) -> assertTrue(count >= 2, type + " carries the marker in " + count));
        System.out.println("canary " + MARKER + ": text fields marked per type " + markedFields + "; skipped "
                + skipped);
    }

    @Test
    @Order(2)
    void problemResponsesNeverQuoteThePayload() {
        ObjectNode payload = example("schuldinventarisatie", "saldoverzoek");
        ((ObjectNode) payload.path("client")).put("bsn", MARKER);
        payload.put("peildatum", MARKER);
        ((ObjectNode) payload.path("client")).set("achternaam", JSON.createArrayNode().add(MARKER));
        Response rejected = submit(gemeente, "schuldinventarisatie", "saldoverzoek", Demo.ENERGIE_PARTICIPANT_ID,
                null, payload);
        assertEquals(422, rejected.statusCode(), rejected.asString());
        assertTrue(rejected.asString().contains("/client/bsn"), rejected.asString());
        assertFalse(rejected.asString().contains(MARKER), rejected.asString());

        String broken = "{\"module\":\"schuldinventarisatie\",\"type\":\"saldoverzoek\",\"recipient\":\""
                + Demo.ENERGIE_PARTICIPANT_ID + "\",\"payload\":{\"toelichting\":\"" + MARKER + "\" \"x\"";
        Response unreadable = given().auth().oauth2(gemeente).contentType(ContentType.JSON).body(broken)
                .post(api + "/messages");
        assertEquals(400, unreadable.statusCode(), unreadable.asString());
        assertFalse(unreadable.asString().contains(MARKER), unreadable.asString());
    }

    @Test
    @Order(3)
    void recipientsReadTheMarkerAndAcknowledge() {
        recipientOf.forEach((id, token) -> {
            JsonNode message = await().atMost(Duration.ofSeconds(30)).until(() -> {
                Response fetched = given().auth().oauth2(token).get(api + "/inbox/" + id);
                return fetched.statusCode() == 200 ? fetched.as(JsonNode.class) : null;
            }, java.util.Objects::nonNull);
            assertTrue(message.path("payload").toString().contains(MARKER), "the recipient reads the marker");
            given().auth().oauth2(token).post(api + "/inbox/" + id + "/ack").then().statusCode(204);
        });
    }

    /**
     * Straight into the topics, as someone with write access to Kafka: a replayed submission and a replayed delivery
     * of an acknowledged message, a delivery redirected to another recipient (digest and envelope no longer match
     * the assertion), one without its assertion and a submission without one. Nothing is delivered again; the
     * refused records are dead-lettered with their reason.
     */
    @Test
    @Order(4)
    void injectedAndReplayedRecordsDeliverNothing() throws Exception {
        String id = sentIds.get(0);
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
        ((ObjectNode) redirected.path("envelope")).put("recipient", Demo.GEMEENTE_PARTICIPANT_ID);
        ObjectNode unsigned = delivery.deepCopy();
        unsigned.remove("assertion");
        String unsignedSubmissionId = UUID.randomUUID().toString();
        ObjectNode unsignedSubmission = (ObjectNode) JSON.readTree(original.get(Topics.SUBMISSIONS).value());
        unsignedSubmission.remove("assertion");
        ((ObjectNode) unsignedSubmission.path("envelope")).put("messageId", unsignedSubmissionId)
                .put("conversationId", unsignedSubmissionId);

        try (KafkaProducer<String, String> producer = producer()) {
            producer.send(new ProducerRecord<>(Topics.SUBMISSIONS, id, original.get(Topics.SUBMISSIONS).value())).get();
            producer.send(new ProducerRecord<>(Topics.DELIVERIES, Demo.ENERGIE_PARTICIPANT_ID,
                    original.get(Topics.DELIVERIES).value())).get();
            producer.send(new ProducerRecord<>(Topics.DELIVERIES, Demo.GEMEENTE_PARTICIPANT_ID, redirected.toString()))
                    .get();
            producer.send(new ProducerRecord<>(Topics.DELIVERIES, Demo.ENERGIE_PARTICIPANT_ID, unsigned.toString()))
                    .get();
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
            given().auth().oauth2(energie).get(api + "/inbox/" + id).then().statusCode(410);
            for (String token : List.of(gemeente, energie)) {
                assertFalse(given().auth().oauth2(token).get(api + "/inbox").asString().contains(id));
            }
        });
        given().auth().oauth2(gemeente).get(api + "/messages/" + unsignedSubmissionId).then().statusCode(404);
        assertTrue(metrics(Service.ROUTING).contains("knooppunt_routing_refused_total{reason=\"assertion.mismatch\""));
        assertTrue(metrics(Service.VALIDATION).contains(
                "knooppunt_validation_refused_total{reason=\"assertion.missing\""));
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

    @Test
    @Order(5)
    void markerIsNowhereInKafkaPostgresOrTheLogs() throws Exception {
        for (String database : Postgres.DATABASES) {
            try (Connection connection = DriverManager.getConnection(stack.jdbcUrl(database), "postgres", "postgres");
                    Statement statement = connection.createStatement()) {
                statement.execute("CHECKPOINT");
            }
        }
        byte[] marker = MARKER.getBytes(StandardCharsets.UTF_8);
        byte[] envelope = sentIds.get(0).getBytes(StandardCharsets.UTF_8);
        UUID id = UUID.fromString(sentIds.get(0));
        byte[] envelopeAsUuidColumn = java.nio.ByteBuffer.allocate(16).putLong(id.getMostSignificantBits())
                .putLong(id.getLeastSignificantBits()).array();
        Map<String, Path> areas = Map.of("kafka", stack.layout().kafkaDir(), "postgres",
                Postgres.dataDir(stack.layout()), "logs", stack.layout().logsDir());
        List<Path> hits = new ArrayList<>();
        for (Map.Entry<String, Path> area : areas.entrySet()) {
            List<Path> files = files(area.getValue());
            assertFalse(files.isEmpty(), area.getKey());
            byte[] control = area.getKey().equals("postgres") ? envelopeAsUuidColumn : envelope;
            assertTrue(files.stream().anyMatch(file -> contains(file, control)),
                    "the message id is in " + area.getKey() + ": the scan reads the files that hold the traffic");
            files.stream().filter(file -> contains(file, marker)).forEach(hits::add);
        }
        assertTrue(files(Postgres.dataDir(stack.layout())).stream()
                .anyMatch(file -> file.toString().contains("pg_wal")), "the WAL is scanned");
        assertTrue(Files.readString(stack.layout().logsDir().resolve("portal-api.log")).contains("DEBUG"),
                "services log at DEBUG");
        assertEquals(List.of(), hits, "payload marker " + MARKER + " found in clear");
        areas.forEach((name, dir) -> System.out.println("canary scanned " + name + ": " + files(dir).size()
                + " files, " + files(dir).stream().mapToLong(f -> f.toFile().length()).sum() / 1024 + " KiB"));
        try (Stream<Path> everything = Files.walk(stack.stateDir())) {
            assertEquals(List.of(), everything.filter(Files::isRegularFile).filter(f -> contains(f, marker)).toList());
        }
    }

    private void send(MessageType type) {
        String name = type.module() + "/" + type.type();
        boolean counsellorSends = type.senders().contains(ParticipantKind.COUNSELLOR_PHASE_1);
        boolean creditorSends = type.senders().contains(ParticipantKind.CREDITOR);
        if (type.isRequest() && !counsellorSends || !type.isRequest() && !creditorSends) {
            skipped.add(name + " (no demo participant may send it)");
            return;
        }
        String inReplyTo = null;
        if (!type.isRequest()) {
            MessageType request = Catalogue.standard().messageType(type.module(), type.answersTo().get(0))
                    .orElseThrow();
            if (!request.isRequest() || !request.senders().contains(ParticipantKind.COUNSELLOR_PHASE_1)) {
                skipped.add(name + " (answers a message the demo counsellor cannot start)");
                return;
            }
            Response asked = sendMarked(request, null, marked(request));
            if (!accepted(asked, request)) {
                return;
            }
            inReplyTo = asked.jsonPath().getString("id");
            sentIds.add(inReplyTo);
            recipientOf.put(inReplyTo, energie);
            String requestId = inReplyTo;
            await().atMost(Duration.ofSeconds(30)).until(() -> given().auth().oauth2(gemeente)
                    .get(api + "/messages/" + requestId).statusCode() == 200);
        }
        Marked payload = marked(type);
        Response response = sendMarked(type, inReplyTo, payload);
        if (accepted(response, type)) {
            sentIds.add(response.jsonPath().getString("id"));
            recipientOf.put(response.jsonPath().getString("id"), type.isRequest() ? energie : gemeente);
            markedFields.put(name, payload.fields());
        }
    }

    /** Submits; where business rules beyond the schema refuse the marker in a field, the example's value goes back. */
    private static Response sendMarked(MessageType type, String inReplyTo, Marked payload) {
        Response response = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            response = type.isRequest()
                    ? submit(gemeente, type.module(), type.type(), Demo.ENERGIE_PARTICIPANT_ID, null, payload.payload())
                    : submit(energie, type.module(), type.type(), Demo.GEMEENTE_PARTICIPANT_ID, inReplyTo,
                            payload.payload());
            assertFalse(response.asString().contains(MARKER), response.asString());
            if (response.statusCode() != 422 || !payload.restore(response.jsonPath().getList("violations.pointer"))) {
                return response;
            }
        }
        return response;
    }

    /** Types outside the demo participants' modules are refused by the protocol: skipped, not failed. */
    private static boolean accepted(Response response, MessageType type) {
        if (response.statusCode() == 201) {
            return true;
        }
        assertFalse(type.module().equals("schuldinventarisatie"),
                type.type() + " must be accepted: " + response.statusCode() + " " + response.asString());
        assertFalse(response.asString().contains(MARKER), response.asString());
        skipped.add(type.module() + "/" + type.type() + " (" + response.statusCode() + ")");
        return false;
    }

    private static Response submit(String token, String module, String type, String recipient, String inReplyTo,
            JsonNode payload) {
        ObjectNode body = JSON.createObjectNode().put("module", module).put("type", type).put("recipient", recipient);
        if (inReplyTo != null) {
            body.put("inReplyTo", inReplyTo);
        }
        body.set("payload", payload);
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(body.toString())
                .post(api + "/messages");
    }

    /** A marked payload and, per marked field (JSON pointer), the example's value there (null: field added). */
    private record Marked(ObjectNode payload, Map<String, JsonNode> originals) {

        int fields() {
            return originals.size();
        }

        /** Puts the example's value back where a business rule (beyond the schema) refused the marker. */
        boolean restore(List<String> pointers) {
            boolean any = false;
            for (String pointer : pointers) {
                if (!originals.containsKey(pointer)) {
                    continue;
                }
                JsonNode original = originals.remove(pointer);
                int slash = pointer.lastIndexOf('/');
                JsonNode parent = payload.at(pointer.substring(0, slash));
                String last = pointer.substring(slash + 1);
                if (parent instanceof ObjectNode object) {
                    if (original == null) {
                        object.remove(last);
                    } else {
                        object.set(last, original);
                    }
                } else if (parent instanceof ArrayNode array) {
                    array.set(Integer.parseInt(last), original);
                }
                any = true;
            }
            return any;
        }
    }

    /** The type's example with the marker in every string field (also optional ones) the schema accepts it in. */
    private static Marked marked(MessageType type) {
        ObjectNode payload = example(type.module(), type.type());
        Map<String, JsonNode> originals = new LinkedHashMap<>();
        mark(type, payload, payload, "", type.schema(), type.schema(), originals);
        assertEquals(List.of(), VALIDATOR.validate(type, payload));
        return new Marked(payload, originals);
    }

    private static void mark(MessageType type, ObjectNode root, JsonNode node, String path, JsonNode schema,
            JsonNode rootSchema, Map<String, JsonNode> originals) {
        JsonNode resolved = resolve(schema, rootSchema);
        if (node instanceof ObjectNode object) {
            JsonNode properties = resolved.path("properties");
            for (Iterator<String> names = properties.fieldNames(); names.hasNext();) {
                String field = names.next();
                String pointer = path + "/" + field;
                JsonNode fieldSchema = resolve(properties.path(field), rootSchema);
                JsonNode value = object.get(field);
                if (value == null && "string".equals(fieldSchema.path("type").asText())) {
                    object.put(field, MARKER);
                    keepIfValid(type, root, () -> object.remove(field), pointer, null, originals);
                } else if (value != null && value.isTextual()) {
                    object.put(field, MARKER);
                    keepIfValid(type, root, () -> object.set(field, value), pointer, value, originals);
                } else if (value != null) {
                    mark(type, root, value, pointer, fieldSchema, rootSchema, originals);
                }
            }
        } else if (node instanceof ArrayNode array) {
            JsonNode items = resolved.path("items");
            for (int i = 0; i < array.size(); i++) {
                JsonNode value = array.get(i);
                String pointer = path + "/" + i;
                if (value.isTextual()) {
                    int index = i;
                    array.set(i, TextNode.valueOf(MARKER));
                    keepIfValid(type, root, () -> array.set(index, value), pointer, value, originals);
                } else {
                    mark(type, root, value, pointer, items, rootSchema, originals);
                }
            }
        }
    }

    private static void keepIfValid(MessageType type, ObjectNode root, Runnable undo, String pointer,
            JsonNode original, Map<String, JsonNode> originals) {
        if (VALIDATOR.validate(type, root).isEmpty()) {
            originals.put(pointer, original);
        } else {
            undo.run();
        }
    }

    private static JsonNode resolve(JsonNode schema, JsonNode rootSchema) {
        JsonNode current = schema;
        while (current.has("$ref") && current.path("$ref").asText().startsWith("#/")) {
            current = rootSchema.at(current.path("$ref").asText().substring(1));
        }
        return current;
    }

    private static ObjectNode example(String module, String type) {
        return (ObjectNode) given().get(api + "/standard/" + module + "/" + type).then().statusCode(200).extract()
                .as(JsonNode.class).get("example").deepCopy();
    }

    private static List<Path> files(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).toList();
        } catch (IOException e) {
            throw new IllegalStateException("cannot list " + dir, e);
        }
    }

    private static boolean contains(Path file, byte[] needle) {
        byte[] haystack;
        try {
            haystack = Files.readAllBytes(file);
        } catch (IOException vanished) {
            return false;
        }
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
