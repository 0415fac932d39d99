package nl.knooppunt.portal.hostile;

import static nl.knooppunt.portal.hostile.HostileFakes.A;
import static nl.knooppunt.portal.hostile.HostileFakes.B;
import static nl.knooppunt.portal.hostile.HostileFakes.TO_A;
import static nl.knooppunt.portal.hostile.HostileFakes.TO_B;
import static nl.knooppunt.testsupport.hostile.HostileCases.INJECTIONS;
import static nl.knooppunt.testsupport.hostile.HostileCases.auth;
import static nl.knooppunt.testsupport.hostile.HostileCases.bytes;
import static nl.knooppunt.testsupport.hostile.HostileCases.ct;
import static nl.knooppunt.testsupport.hostile.HostileCases.get;
import static nl.knooppunt.testsupport.hostile.HostileCases.h;
import static nl.knooppunt.testsupport.hostile.HostileCases.hs;
import static nl.knooppunt.testsupport.hostile.HostileCases.printable;
import static nl.knooppunt.testsupport.hostile.HostileCases.submit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import nl.knooppunt.portal.problem.Echo;
import nl.knooppunt.standard.catalogue.Catalogue;
import nl.knooppunt.testsupport.HubSecretsTestResource;
import nl.knooppunt.testsupport.KafkaTestResource;
import nl.knooppunt.testsupport.hostile.HostileAnswers;
import nl.knooppunt.testsupport.hostile.HostileCase;
import nl.knooppunt.testsupport.hostile.HostileCase.Expect;
import nl.knooppunt.testsupport.hostile.HostileCases;
import nl.knooppunt.testsupport.hostile.RawHttp;

/**
 * The hostile-input table of issue 10: every row is one request against the public API with the status the API
 * documents for it. Every refusal must be an RFC 9457 problem (type, title, status) revealing no internals and no
 * value of the request, and a refused submission must leave {@code knooppunt.submissions} untouched. The rows that
 * need no fake ({@link HostileCases}) run against the real services too, in the local stack's HostileInputIT; the
 * rest here need this test's forged tokens, fake mandates and fake mailboxes.
 */
@QuarkusTest
@TestProfile(HostileProfile.class)
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(HubSecretsTestResource.class)
@QuarkusTestResource(io.quarkus.test.oidc.server.OidcWiremockTestResource.class)
class HostileInputTest {

    /** Rows in the table: a row added or lost must be a decision, not an accident. */
    private static final int CASES = 476;

    private static final ObjectMapper JSON = new ObjectMapper();

    private static HostileKafka kafka;

    @TestFactory
    Stream<DynamicTest> everyHostileRequestGetsItsDocumentedProblem() {
        start();
        List<HostileCase> cases = cases();
        Set<String> names = new HashSet<>();
        cases.forEach(c -> assertTrue(names.add(c.title()), "duplicate case " + c.name()));
        assertEquals(CASES, cases.size(), "cases in the table");
        return cases.stream().map(c -> DynamicTest.dynamicTest(c.title(), () -> run(c)));
    }

    /** The whole table: the shared rows, then those that need the fakes. */
    static List<HostileCase> cases() {
        List<HostileCase> cases = new ArrayList<>(new HostileCases(new HostileCases.Parties(A, B,
                client("client-a"), client("client-b"), Echo::isPlain)).all());
        tokens(cases);
        otherParticipants(cases);
        idempotency(cases);
        routes(cases);
        batchPull(cases);
        return cases;
    }

    // ---------------------------------------------------------------- the rows that need the fakes

    private static void tokens(List<HostileCase> cases) {
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
        cases.add(new HostileCase("token", "Basic instead of Bearer", "GET", "/api/v1/inbox",
                hs(h("Authorization", "Basic Y2xpZW50LWE6c2VjcmV0")), null, null, false, 401, "unauthorized",
                Expect.REFUSED, List.of(), null));
        cases.add(new HostileCase("token", "empty Bearer", "GET", "/api/v1/inbox", hs(h("Authorization", "Bearer ")),
                null, null, false, 401, "unauthorized", Expect.REFUSED, List.of(), null));
        cases.add(new HostileCase("token", "token in the query string only", "GET", "/api/v1/inbox?access_token="
                + Tokens.client("client-a"), List.of(), null, null, false, 401, "unauthorized", Expect.REFUSED,
                List.of(), null));
    }

    private static void otherParticipants(List<HostileCase> cases) {
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
        cases.add(new HostileCase("guessed id", "B acknowledges A's message", "POST", "/api/v1/inbox/" + TO_A + "/ack",
                hs(auth(b)), null, null, false, 404, "not-found", Expect.REFUSED, List.of(), null));
        cases.add(get("guessed id", "B reads the status of a message it received", "/api/v1/messages/" + TO_B, b,
                404, "not-found"));
        cases.add(get("guessed id", "A reads the status of a message it received", "/api/v1/messages/" + TO_A,
                client("client-a"), 404, "not-found"));
        cases.add(get("guessed id", "vendor acting for B fetches A's message", "/api/v1/inbox/" + TO_A,
                client("vendor-ab"), 404, "not-found").withHeader(h("Knooppunt-Participant", B)));
        cases.add(new HostileCase("guessed id", "vendor acting for B acknowledges A's message", "POST",
                "/api/v1/inbox/" + TO_A + "/ack", hs(auth(client("vendor-ab")), h("Knooppunt-Participant", B)),
                null, null, false, 404, "not-found", Expect.REFUSED, List.of(), null));
        cases.add(get("guessed id", "portal user of B's organisation? no: of A, fetches B's message",
                "/api/v1/inbox/" + TO_B, Tokens.portalUser(HostileFakes.A_OIN), 404, "not-found"));
        for (int i = 0; i < 3; i++) {
            String random = UUID.randomUUID().toString();
            cases.add(get("guessed id", "random id " + i + " fetched", "/api/v1/inbox/" + random, b, 404, "not-found"));
            cases.add(new HostileCase("guessed id", "random id " + i + " acknowledged", "POST", "/api/v1/inbox/" + random
                    + "/ack", hs(auth(b)), null, null, false, 404, "not-found", Expect.REFUSED, List.of(), null));
            cases.add(get("guessed id", "random id " + i + " status", "/api/v1/messages/" + random, b, 404,
                    "not-found"));
        }
        ObjectNode answerToA = answer(TO_A);
        cases.add(submit("guessed id", "B answers a message addressed to A", b, "application/json",
                bytes(answerToA), 422, "standard-violation").expecting(Expect.JUDGED));
        cases.add(submit("guessed id", "B answers a random message id", b, "application/json",
                bytes(answer(UUID.randomUUID().toString())), 422, "standard-violation").expecting(Expect.JUDGED));
        cases.add(new HostileCase("guessed id", "control: A acknowledges its own message", "POST", "/api/v1/inbox/" + TO_A
                + "/ack", hs(auth(client("client-a"))), null, null, false, 204, null, Expect.OK, List.of(), null));
        cases.add(new HostileCase("guessed id", "control: A acknowledges with an empty body labelled as a form", "POST",
                "/api/v1/inbox/" + TO_A + "/ack", hs(auth(client("client-a")),
                        h("Content-Type", "application/x-www-form-urlencoded; charset=ISO-8859-1")), null, "0", false,
                204, null, Expect.OK, List.of(), null));
        cases.add(submit("guessed id", "control: B answers the message addressed to it", b, "application/json",
                bytes(answer(TO_B)), 201, null).expecting(Expect.ACCEPTED));
    }

    private static void idempotency(List<HostileCase> cases) {
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

    private static void routes(List<HostileCase> cases) {
        String a = client("client-a");
        cases.add(new HostileCase("routes", "DELETE /api/v1/messages", "DELETE", "/api/v1/messages", hs(auth(a)), null,
                null, false, 405, "method-not-allowed", Expect.REFUSED, List.of(), null));
        cases.add(new HostileCase("routes", "PUT /api/v1/inbox", "PUT", "/api/v1/inbox", hs(auth(a),
                ct("application/json")), "{}".getBytes(StandardCharsets.UTF_8), null, false, 405,
                "method-not-allowed", Expect.REFUSED, List.of(), null));
        cases.add(new HostileCase("routes", "PATCH a message", "PATCH", "/api/v1/messages/" + TO_A, hs(auth(a)), null,
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

    private static void batchPull(List<HostileCase> cases) {
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
            cases.add(new HostileCase("batch pull", "bulk acknowledgement as " + type, "POST", acks, hs(auth(a), ct(type)),
                    ("{\"ids\":[\"" + TO_A + "\"]}").getBytes(StandardCharsets.UTF_8), null, false, 415,
                    "unsupported-media-type", Expect.REFUSED, List.of(), null));
        }
        cases.add(new HostileCase("batch pull", "bulk acknowledgement without content type", "POST", acks, hs(auth(a)),
                ("{\"ids\":[\"" + TO_A + "\"]}").getBytes(StandardCharsets.UTF_8), null, false, 415,
                "unsupported-media-type", Expect.REFUSED, List.of(), null));
    }

    private static HostileCase ack(String name, String token, String body, int status, String problem) {
        List<String[]> headers = new ArrayList<>();
        if (token != null) {
            headers.add(auth(token));
        }
        headers.add(ct("application/json"));
        return new HostileCase("batch pull", name, "POST", "/api/v1/inbox/acknowledgements", headers,
                body.getBytes(StandardCharsets.UTF_8), null, false, status, problem,
                status < 300 ? Expect.OK : Expect.REFUSED, List.of(), null);
    }

    // ---------------------------------------------------------------- running a row

    private static void run(HostileCase c) {
        if (c.before() != null) {
            c.before().run();
        }
        long published = kafka.published();
        int seen = kafka.records().size();
        RawHttp.Response r = RawHttp.send("localhost", HostileProfile.PORT, c);
        String where = HostileAnswers.assertAnswer(c, r);
        switch (c.expect()) {
            case REFUSED -> assertEquals(published, kafka.published(), where + ": a refused submission reached Kafka");
            case ACCEPTED -> {
                Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> kafka.records().size() > seen);
                for (String record : kafka.records().subList(seen, kafka.records().size())) {
                    for (String secret : c.secrets()) {
                        assertFalse(record.contains(secret), where + ": a request value is in clear on Kafka");
                    }
                    assertFalse(record.contains("toelichting"), where + ": payload in clear on Kafka");
                }
            }
            case JUDGED, OK -> {
            }
        }
    }

    // ---------------------------------------------------------------- building rows

    /** A valid saldoverzoek from A to B: the standard's own example. */
    static ObjectNode valid() {
        return HostileCases.valid(B);
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

    // ---------------------------------------------------------------- Kafka

    private static synchronized void start() {
        if (kafka == null) {
            kafka = HostileKafka.start();
        }
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (kafka != null) {
            kafka.close();
            kafka = null;
        }
    }
}
