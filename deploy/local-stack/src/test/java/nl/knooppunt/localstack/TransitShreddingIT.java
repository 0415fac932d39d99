package nl.knooppunt.localstack;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import javax.crypto.spec.SecretKeySpec;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JWEDecrypter;
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.crypto.AESDecrypter;
import com.nimbusds.jose.crypto.DirectDecrypter;
import com.nimbusds.jose.crypto.ECDHDecrypter;
import com.nimbusds.jose.crypto.RSADecrypter;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import nl.knooppunt.standard.crypto.HubSecrets;
import nl.knooppunt.standard.crypto.TransitRatchet;
import nl.knooppunt.standard.kafka.TopicSpec;
import nl.knooppunt.standard.kafka.Topics;

/**
 * Transit copies expire unreadable (ADR 0034), proven on the running stack with the hub's own keys. A fresh
 * submission is sent and, as a control, opened from {@code knooppunt.submissions} with what the hub's secrets
 * directory holds (so the key trials below can succeed). Then, once the transit window has passed with no traffic,
 * every key the hub holds (every JWK of every file in the secrets directory and every transit key derivable from the
 * ratchet's state file) is tried on every JWE in every record of every topic and in every row of every database:
 * <ul>
 * <li>nothing opens a transit copy, the control included;</li>
 * <li>nothing opens a payload to any participant: not to one with its own system, and not to a portal participant
 * (the demo participants, whose keys their users hold, ADR 0042), while those participants' own keys, as a control,
 * do open theirs;</li>
 * <li>dead letters carry no JWE at all.</li>
 * </ul>
 * A second test searches every topic, database and log for the hub's own secret key material, and every secret file,
 * topic, database and log for a participant's private key: no private key in the secrets directory matches a key
 * registered for a participant, and the demo participants' private keys are nowhere in the hub's state. Runs after
 * {@link KeyRotationIT}; the end-to-end stack's transit epoch is 15 s and its window 2 minutes
 * ({@link LocalStackExtension}), so the test waits about two and a half minutes.
 */
@ExtendWith(LocalStackExtension.class)
@Order(80)
class TransitShreddingIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** A compact JWE: five base64url parts, the first a JSON header. */
    private static final Pattern COMPACT_JWE = Pattern.compile(
            "eyJ[A-Za-z0-9_-]*\\.[A-Za-z0-9_-]*\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");

    @Test
    void afterTheWindowNoKeyOfTheHubOpensATransitCopyOrAnOwnKeyPayload(LocalStack stack) throws Exception {
        String api = stack.portalApiUrl().toString().replaceAll("/$", "") + "/api/v1";
        String token = stack.token(Demo.GEMEENTE_CLIENT.clientId(), Demo.GEMEENTE_CLIENT.secret());
        String control = submitControl(api, token);
        Path stateFile = stack.secretsDir().resolve(TransitRatchet.STATE_FILE);
        assertTrue(Files.isRegularFile(stateFile), "the transit ratchet keeps its state in the secrets directory");

        // control: right now the hub's own files open the fresh transit copy, so a trial can succeed
        Found fresh = submissionOf(stack, control);
        assertTrue(keysOf(stack.secretsDir()).opens(fresh.jwe()), "the control opens with the hub's keys");

        // no traffic for the window plus an epoch plus a tick: every transit key made so far is destroyed
        long epochOfControl = TransitRatchet.epochOf(kidOf(fresh.jwe()));
        long epochSeconds = LocalStackExtension.TRANSIT_EPOCH.toSeconds();
        long destroyedAt = (epochOfControl + 1) * epochSeconds * 1000
                + LocalStackExtension.TRANSIT_WINDOW.toMillis() + epochSeconds * 1000 + 5_000;
        // no traffic until the ratchet's state has moved past the control's epoch, or, should it never (a planted
        // failure), until the latest moment it must have: then the trials below name what still opens
        long limit = Math.max(0, destroyedAt - System.currentTimeMillis()) + 1_000;
        org.awaitility.Awaitility.await().atMost(Duration.ofMillis(limit + 10_000)).pollInterval(Duration.ofSeconds(2))
                .ignoreExceptions()
                .until(() -> keysOf(stack.secretsDir()).oldestTransitEpoch() > epochOfControl
                        || System.currentTimeMillis() >= destroyedAt);

        HubKeys keys = keysOf(stack.secretsDir());
        List<Found> everything = new ArrayList<>();
        for (String topic : TopicSpec.all().stream().map(TopicSpec::name).toList()) {
            everything.addAll(topicJwes(stack, topic));
        }
        for (String database : Postgres.DATABASES) {
            everything.addAll(databaseJwes(stack, database));
        }
        List<Found> transit = everything.stream().filter(f -> TransitRatchet.epochOf(kidOf(f.jwe())) >= 0).toList();
        List<Found> recipients = everything.stream().filter(f -> TransitRatchet.epochOf(kidOf(f.jwe())) < 0).toList();
        Map<String, JWK> usersKeys = new LinkedHashMap<>();
        for (String participant : Demo.PARTICIPANT_IDS) {
            JWK key = JWK.parse(Files.readString(DemoUserKeys.keyFile(stack.stateDir(), participant)));
            usersKeys.put(key.getKeyID(), key);
        }
        // the registry's wrapped keys (PBES2, under the users' passphrase) carry the same kids: not payloads
        List<Found> payloads = recipients.stream().filter(f -> !algOf(f.jwe()).startsWith("PBES2")).toList();
        List<Found> portal = payloads.stream().filter(f -> usersKeys.containsKey(kidOf(f.jwe()))).toList();
        List<Found> ownKey = payloads.stream().filter(f -> !usersKeys.containsKey(kidOf(f.jwe()))).toList();
        List<String> opened = new ArrayList<>();
        for (Found found : everything) {
            for (Map.Entry<String, JWK> key : keys.all().entrySet()) {
                if (opens(found.jwe(), key.getValue())) {
                    opened.add(found.where() + " (kid " + kidOf(found.jwe()) + ") opened by " + key.getKey());
                }
            }
            for (Map.Entry<Long, byte[]> derived : keys.transit().entrySet()) {
                if (opensDirect(found.jwe(), derived.getValue())) {
                    opened.add(found.where() + " (kid " + kidOf(found.jwe()) + ") opened by the transit key of epoch "
                            + derived.getKey() + " derived from " + TransitRatchet.STATE_FILE);
                }
            }
        }
        List<Found> deadLetterPayloads = everything.stream().filter(f -> f.where().startsWith(Topics.DEAD_LETTERS))
                .toList();
        System.out.printf("transit shredding: %d transit copies, %d recipient payloads (%d to portal participants) "
                + "tried with %d keys and %d derivable transit keys; state file at epoch %d, control at %d%n",
                transit.size(), recipients.size(), portal.size(), keys.all().size(), keys.transit().size(),
                keys.oldestTransitEpoch(), epochOfControl);
        assertEquals(List.of(), opened, "something the hub stores opens with a key the hub holds");
        assertEquals(List.of(), deadLetterPayloads, "a dead letter carries a payload");
        assertTrue(keys.oldestTransitEpoch() > epochOfControl, "the state file moved past the control's epoch: "
                + keys.oldestTransitEpoch() + " <= " + epochOfControl);
        assertTrue(transit.stream().anyMatch(f -> f.jwe().equals(fresh.jwe())), "the control is still on the topic");
        assertTrue(transit.size() > 10, "transit copies from the whole run are tried: " + transit.size());
        assertFalse(ownKey.isEmpty(), "payloads to own-key participants are tried (earlier tests sent them)");
        assertFalse(portal.isEmpty(), "payloads to portal participants are tried (earlier tests left some waiting)");
        assertEquals(List.of(), portal.stream().filter(f -> !opens(f.jwe(), usersKeys.get(kidOf(f.jwe()))))
                .map(Found::where).toList(), "control: each payload to a portal participant opens with the key its "
                + "users hold");
    }

    /**
     * No secret or private key of the hub is ever written to a topic, a database or a log: the private (or symmetric)
     * part of every key in the secrets directory, and the ratchet's chain key, are searched for, base64url as JWKs
     * carry them, in every record of every topic, every row of every database and every log file of the stack.
     */
    @Test
    void noKeyOfTheHubIsWrittenToATopicADatabaseOrALog(LocalStack stack) throws Exception {
        Map<String, String> secrets = new LinkedHashMap<>();
        try (Stream<Path> files = Files.walk(stack.secretsDir())) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                JsonNode json = JSON.readTree(Files.readString(file));
                secretParts(json, file.getFileName().toString(), secrets);
            }
        }
        assertTrue(secrets.size() >= 8, "private, symmetric and chain keys were found: " + secrets.keySet());
        List<String> texts = new ArrayList<>();
        for (String topic : TopicSpec.all().stream().map(TopicSpec::name).toList()) {
            texts.add(topicText(stack, topic));
        }
        for (String database : Postgres.DATABASES) {
            texts.add(databaseText(stack, database));
        }
        try (Stream<Path> logs = Files.walk(stack.layout().logsDir())) {
            for (Path log : logs.filter(Files::isRegularFile).toList()) {
                texts.add(Files.readString(log, StandardCharsets.ISO_8859_1));
            }
        }
        assertTrue(texts.stream().mapToLong(String::length).sum() > 100_000, "the scan reads the stack's data");
        List<String> written = new ArrayList<>();
        secrets.forEach((name, value) -> {
            if (texts.stream().anyMatch(text -> text.contains(value))) {
                written.add(name);
            }
        });
        assertEquals(List.of(), written, "secret key material found in a topic, a database or a log");
    }

    /**
     * The hub holds no private key of any participant: no private key in the secrets directory has the public part
     * of a key registered for a participant (read from the registry's database), and the private part of each demo
     * participant's key (held on its users' side) is in no secret file, topic record, database row, log, Kafka
     * segment or database file of the stack.
     */
    @Test
    void theHubHoldsNoPrivateKeyOfAnyParticipant(LocalStack stack) throws Exception {
        Set<String> registered = new java.util.HashSet<>();
        try (java.sql.Connection db = java.sql.DriverManager.getConnection(stack.jdbcUrl("registry"), "postgres",
                "postgres"); java.sql.ResultSet rows = db.createStatement().executeQuery(
                        "select jwk from participant_key")) {
            while (rows.next()) {
                registered.add(publicPart(JWK.parse(rows.getString(1))));
            }
        }
        assertTrue(registered.size() >= Demo.PARTICIPANT_IDS.size(), "participants' keys were read: " + registered);
        List<String> held = new ArrayList<>();
        keysOf(stack.secretsDir()).all().forEach((where, key) -> {
            if (key.isPrivate() && registered.contains(publicPart(key))) {
                held.add(where);
            }
        });
        assertEquals(List.of(), held, "a participant's private key in the hub's secrets");

        Map<String, byte[]> usersSecrets = new LinkedHashMap<>();
        for (String participant : Demo.PARTICIPANT_IDS) {
            ECKey key = JWK.parse(Files.readString(DemoUserKeys.keyFile(stack.stateDir(), participant))).toECKey();
            assertTrue(registered.contains(publicPart(key)), "the demo key of " + participant + " is registered");
            usersSecrets.put(Demo.slugOf(participant) + " d (base64url)",
                    key.getD().toString().getBytes(StandardCharsets.US_ASCII));
            usersSecrets.put(Demo.slugOf(participant) + " d (raw)", key.getD().decode());
        }
        nl.knooppunt.localstack.canary.LeakScan.Finder finder = haystack -> usersSecrets.entrySet().stream()
                .filter(secret -> nl.knooppunt.localstack.canary.Markers.contains(haystack, secret.getValue(), false))
                .map(Map.Entry::getKey).toList();
        List<nl.knooppunt.localstack.canary.LeakScan.Hit> hits = new ArrayList<>();
        nl.knooppunt.localstack.canary.LeakScan.Result kafka = nl.knooppunt.localstack.canary.LeakScan
                .kafka(stack.kafkaBootstrapServers(), finder, "saldoverzoek");
        assertTrue(kafka.controlFound(), "the Kafka scan reads the hub's records");
        hits.addAll(kafka.hits());
        String demoKid = JWK.parse(Files.readString(DemoUserKeys.keyFile(stack.stateDir(),
                Demo.ENERGIE_PARTICIPANT_ID))).getKeyID();
        nl.knooppunt.localstack.canary.LeakScan.Result database = nl.knooppunt.localstack.canary.LeakScan
                .postgres(stack::jdbcUrl, "postgres", "postgres", finder, demoKid);
        assertTrue(database.controlFound(), "the SQL scan reads the registry's keys");
        hits.addAll(database.hits());
        List<Path> hubState = new ArrayList<>();
        try (Stream<Path> top = Files.list(stack.stateDir())) {
            top.filter(p -> !p.equals(DemoUserKeys.dir(stack.stateDir()))).forEach(hubState::add);
        }
        nl.knooppunt.localstack.canary.LeakScan.Result files = nl.knooppunt.localstack.canary.LeakScan
                .files(hubState, finder, null);
        assertTrue(files.itemsRead() > 100, "the file scan reads the hub's state: " + files.itemsRead());
        hits.addAll(files.hits());
        assertEquals(List.of(), hits, "a demo participant's private key is in the hub's state");
    }

    /** A key's public part, to match a private key to a registered public one whatever their kids. */
    private static String publicPart(JWK key) {
        if (key instanceof ECKey ec) {
            return "EC " + ec.getX() + " " + ec.getY();
        }
        if (key instanceof RSAKey rsa) {
            return "RSA " + rsa.getModulus();
        }
        return key.getKeyType() + " " + key.getKeyID();
    }

    /** The private and symmetric parameters of every JWK in a file ({@code d}, {@code p}, {@code q}, {@code k}). */
    private static void secretParts(JsonNode node, String file, Map<String, String> secrets) {
        if (node.has("chainKey")) {
            secrets.put(file + " chainKey", node.path("chainKey").asText());
        }
        if (node.has("kty")) {
            for (String parameter : List.of("d", "p", "q", "k")) {
                if (node.hasNonNull(parameter)) {
                    secrets.put(file + " " + node.path("kid").asText() + " " + parameter, node.path(parameter).asText());
                }
            }
            return;
        }
        node.elements().forEachRemaining(child -> secretParts(child, file, secrets));
    }

    private static String topicText(LocalStack stack, String topic) {
        StringBuilder text = new StringBuilder();
        readTopic(stack, topic, record -> {
            text.append(utf8(record.key())).append('\n').append(utf8(record.value())).append('\n');
            record.headers().forEach(h -> text.append(utf8(h.value())).append('\n'));
        });
        return text.toString();
    }

    private static String databaseText(LocalStack stack, String database) throws Exception {
        StringBuilder text = new StringBuilder();
        readDatabase(stack, database, (where, value) -> text.append(value).append('\n'));
        return text.toString();
    }

    private static String submitControl(String api, String token) {
        ObjectNode payload = (ObjectNode) given().get(api + "/standard/schuldinventarisatie/saldoverzoek").then()
                .statusCode(200).extract().as(JsonNode.class).get("example").deepCopy();
        ObjectNode body = JSON.createObjectNode().put("module", "schuldinventarisatie").put("type", "saldoverzoek")
                .put("recipient", Demo.ENERGIE_PARTICIPANT_ID);
        body.set("payload", payload);
        Response response = given().auth().oauth2(token).contentType(ContentType.JSON)
                .header("Idempotency-Key", "shredding-" + UUID.randomUUID()).body(body.toString())
                .post(api + "/messages");
        assertEquals(201, response.statusCode(), response.asString());
        return response.jsonPath().getString("id");
    }

    private static Found submissionOf(LocalStack stack, String messageId) {
        return topicJwes(stack, Topics.SUBMISSIONS).stream().filter(f -> f.where().contains(messageId)).findFirst()
                .orElseThrow(() -> new AssertionError("submission " + messageId + " not on " + Topics.SUBMISSIONS));
    }

    /** Every JWE in the key, value and headers of every record of a topic, from its beginning to its end. */
    private static List<Found> topicJwes(LocalStack stack, String topic) {
        List<Found> found = new ArrayList<>();
        readTopic(stack, topic, record -> {
            StringBuilder text = new StringBuilder();
            text.append(utf8(record.key())).append('\n').append(utf8(record.value()));
            record.headers().forEach(h -> text.append('\n').append(utf8(h.value())));
            String where = topic + "/" + record.partition() + "@" + record.offset() + " "
                    + messageIdIn(utf8(record.value()));
            jwesIn(text.toString()).forEach(jwe -> found.add(new Found(where, jwe)));
        });
        return found;
    }

    /** Every record of a topic, from its beginning to its end (the client decompresses). */
    private static void readTopic(LocalStack stack, String topic,
            java.util.function.Consumer<ConsumerRecord<byte[], byte[]>> each) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers());
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(10));
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                assertTrue(System.nanoTime() < deadline, "could not read " + topic + " to its end");
                consumer.poll(Duration.ofMillis(500)).forEach(each);
            }
        }
    }

    /** Every JWE in any column of any table of a database, read through SQL (so TOAST compression hides nothing). */
    private static List<Found> databaseJwes(LocalStack stack, String database) throws Exception {
        List<Found> found = new ArrayList<>();
        readDatabase(stack, database, (where, text) -> jwesIn(text).forEach(jwe -> found.add(new Found(where, jwe))));
        return found;
    }

    /** Every value of every column of every row of every table of a database, as text, with where it is. */
    private static void readDatabase(LocalStack stack, String database,
            java.util.function.BiConsumer<String, String> each) throws Exception {
        try (Connection connection = DriverManager.getConnection(stack.jdbcUrl(database), "postgres", "postgres");
                Statement statement = connection.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = statement.executeQuery("SELECT table_schema || '.' || table_name FROM "
                    + "information_schema.tables WHERE table_type = 'BASE TABLE' AND table_schema NOT IN "
                    + "('pg_catalog', 'information_schema')")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            for (String table : tables) {
                try (ResultSet rs = statement.executeQuery("SELECT * FROM " + table)) {
                    ResultSetMetaData meta = rs.getMetaData();
                    long row = 0;
                    while (rs.next()) {
                        row++;
                        for (int column = 1; column <= meta.getColumnCount(); column++) {
                            Object value = rs.getObject(column);
                            String text = value instanceof byte[] bytes ? utf8(bytes) : String.valueOf(value);
                            each.accept(database + "." + table + " row " + row + " column "
                                    + meta.getColumnName(column), text);
                        }
                    }
                }
            }
        }
    }

    private static List<String> jwesIn(String text) {
        List<String> jwes = new ArrayList<>();
        Matcher m = COMPACT_JWE.matcher(text);
        while (m.find()) {
            String header = headerOf(m.group());
            if (header != null && header.contains("\"enc\"")) {
                jwes.add(m.group());
            }
        }
        return jwes;
    }

    private static String messageIdIn(String value) {
        try {
            return JSON.readTree(value).path("envelope").path("messageId").asText("");
        } catch (Exception e) {
            return "";
        }
    }

    /** The keys the hub holds: every JWK in the secrets directory and the transit keys its ratchet state yields. */
    private static HubKeys keysOf(Path secretsDir) throws Exception {
        Map<String, JWK> all = new LinkedHashMap<>();
        Map<Long, byte[]> transit = Map.of();
        long oldest = -1;
        try (Stream<Path> files = Files.walk(secretsDir)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String name = file.getFileName().toString();
                if (name.equals(TransitRatchet.STATE_FILE)) {
                    JsonNode state = JSON.readTree(Files.readString(file));
                    oldest = state.path("epoch").asLong();
                    long now = System.currentTimeMillis() / 1000 / state.path("epochSeconds").asLong();
                    transit = TransitRatchet.keysDerivableFrom(file, now + 1);
                    continue;
                }
                assertTrue(name.endsWith(".jwk") || name.endsWith(".jwks"),
                        "a file in the secrets directory this test does not know how to try: " + file);
                collect(JSON.readTree(Files.readString(file, StandardCharsets.UTF_8)), name, all);
            }
        }
        assertTrue(oldest >= 0, "no transit ratchet state found in " + secretsDir);
        assertTrue(all.values().stream().anyMatch(k -> k instanceof ECKey)
                && all.values().stream().anyMatch(k -> k instanceof OctetSequenceKey),
                "EC and symmetric keys were all read: " + all.keySet());
        return new HubKeys(all, transit, oldest);
    }

    private static void collect(JsonNode node, String file, Map<String, JWK> keys) throws Exception {
        if (node.has("kty")) {
            JWK key = JWK.parse(node.toString());
            keys.put(file + "#" + key.getKeyID() + "#" + keys.size(), key);
            return;
        }
        for (Iterator<JsonNode> children = node.elements(); children.hasNext();) {
            collect(children.next(), file, keys);
        }
    }

    /** Whether this key opens the JWE, whatever kid either names (an attacker ignores kids). */
    private static boolean opens(String compactJwe, JWK key) {
        try {
            JWEObject jwe = JWEObject.parse(compactJwe);
            String alg = jwe.getHeader().getAlgorithm().getName();
            JWEDecrypter decrypter;
            if (key instanceof RSAKey rsa && rsa.isPrivate() && alg.startsWith("RSA")) {
                decrypter = new RSADecrypter(rsa);
            } else if (key instanceof ECKey ec && ec.isPrivate() && alg.startsWith("ECDH")) {
                decrypter = new ECDHDecrypter(ec);
            } else if (key instanceof OctetSequenceKey oct && "dir".equals(alg)) {
                decrypter = new DirectDecrypter(oct.toByteArray());
            } else if (key instanceof OctetSequenceKey oct && alg.matches("A(128|192|256)KW")) {
                decrypter = new AESDecrypter(oct.toByteArray());
            } else {
                return false;
            }
            jwe.decrypt(decrypter);
            return jwe.getPayload() != null;
        } catch (Exception refused) {
            return false;
        }
    }

    private static boolean opensDirect(String compactJwe, byte[] key) {
        try {
            JWEObject jwe = JWEObject.parse(compactJwe);
            if (!"dir".equals(jwe.getHeader().getAlgorithm().getName())) {
                return false;
            }
            jwe.decrypt(new DirectDecrypter(new SecretKeySpec(key, "AES")));
            return true;
        } catch (Exception refused) {
            return false;
        }
    }

    private static String algOf(String compactJwe) {
        try {
            JsonNode alg = JSON.readTree(headerOf(compactJwe)).get("alg");
            return alg == null ? "" : alg.asText();
        } catch (Exception e) {
            return "";
        }
    }

    private static String kidOf(String compactJwe) {
        try {
            JsonNode kid = JSON.readTree(headerOf(compactJwe)).get("kid");
            return kid == null ? "" : kid.asText();
        } catch (Exception e) {
            return "";
        }
    }

    private static String headerOf(String compact) {
        try {
            return new String(Base64.getUrlDecoder().decode(compact.substring(0, compact.indexOf('.'))),
                    StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String utf8(byte[] bytes) {
        return bytes == null ? "" : new String(bytes, StandardCharsets.UTF_8);
    }

    /** A JWE and where it was found. */
    private record Found(String where, String jwe) {
    }

    /** The hub's keys: JWKs by file and kid, the derivable transit keys by epoch, the state file's oldest epoch. */
    private record HubKeys(Map<String, JWK> all, Map<Long, byte[]> transit, long oldestTransitEpoch) {

        boolean opens(String jwe) {
            return all.values().stream().anyMatch(k -> TransitShreddingIT.opens(jwe, k))
                    || transit.values().stream().anyMatch(k -> opensDirect(jwe, k));
        }
    }
}
