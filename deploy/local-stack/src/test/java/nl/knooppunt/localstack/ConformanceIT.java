package nl.knooppunt.localstack;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import io.restassured.http.ContentType;
import nl.knooppunt.client.InboxMessage;
import nl.knooppunt.client.PayloadDecryptor;
import nl.knooppunt.client.InboxQuery;
import nl.knooppunt.client.KnooppuntClient;
import nl.knooppunt.client.NewMessage;
import nl.knooppunt.client.SubmitResult;
import nl.knooppunt.sandbox.conformance.ConformanceMain;

/**
 * Issue 18, parts 4 and 5 (ADR 0048) on the end-to-end stack: the sandbox creditor, found in the directory with
 * {@code q=Sandbox&kind=creditor}, answers a saldoverzoek in the sender's inbox within 15 s with {@code inReplyTo};
 * {@code ./knooppunt conformance} passes (exit 0) with its defaults (the demo vendor, whose key its users hold), and
 * again for an own-key counsellor with modules schuldinventarisatie and betalingsregeling, whose private key only
 * the suite holds (so saldoverzoek, betaalvoorstel and heroverweging are exchanged and every answer opened).
 */
@ExtendWith(LocalStackExtension.class)
@Order(57)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConformanceIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static String grantedParticipant;
    private static String operatorToken;
    private static String api;

    @AfterAll
    static void revokeMandate() {
        if (grantedParticipant != null) {
            given().auth().oauth2(operatorToken).delete(api + "/api/v1/operator/clients/{client}/participants/{id}",
                    Demo.GEMEENTE_CLIENT.clientId(), grantedParticipant).then().statusCode(204);
        }
    }

    @Test
    @Order(1)
    void aSaldoverzoekToTheSandboxCreditorIsAnsweredInTheSendersInboxWithin15Seconds(LocalStack stack)
            throws Exception {
        String gemeente = stack.token(Demo.GEMEENTE_CLIENT.clientId(), Demo.GEMEENTE_CLIENT.secret());
        String base = stack.portalApiUrl().toString().replaceAll("/$", "");
        List<Map<String, Object>> found = given().auth().oauth2(gemeente).queryParam("q", "Sandbox")
                .queryParam("kind", "creditor").get(base + "/api/v1/participants").then().statusCode(200)
                .extract().jsonPath().getList("items");
        Map<String, Object> sandbox = found.stream().filter(p -> Demo.SANDBOX_CREDITOR_NAME.equals(p.get("name")))
                .findFirst().orElseThrow(() -> new AssertionError("no Sandbox Schuldeiser in " + found));
        assertEquals(true, sandbox.get("simulated"));
        assertEquals("active", sandbox.get("status"));
        String creditor = (String) sandbox.get("id");

        KnooppuntClient hub = VendorClients.of(stack, Demo.GEMEENTE_CLIENT);
        ObjectNode payload = (ObjectNode) JSON.readTree(given().get(base
                + "/api/v1/standard/schuldinventarisatie/saldoverzoek").then().statusCode(200).extract().asString())
                .get("example");
        payload.put("referentieSchuldhulpverlener", "IT-" + ThreadLocalRandom.current().nextInt(1_000_000));
        // validation-service learns the sandbox's keys from the participant snapshots (Kafka) within a second or two
        // of the stack's start; should this run first, a submission may meet recipient.no-key until then
        SubmitResult[] accepted = new SubmitResult[1];
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1))
                .ignoreException(nl.knooppunt.client.ProblemException.class).until(() -> {
                    accepted[0] = hub.submit(NewMessage.to(creditor, "schuldinventarisatie", "saldoverzoek",
                            payload));
                    return true;
                });
        long start = System.nanoTime();
        SubmitResult sent = accepted[0];
        InboxMessage[] answer = new InboxMessage[1];
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(250)).until(() -> {
            for (InboxMessage m : hub.inbox().list(InboxQuery.all().sender(creditor).withContent()).items()) {
                if (sent.id().equals(m.inReplyTo())) {
                    answer[0] = m;
                    return true;
                }
            }
            return false;
        });
        long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();
        assertEquals("saldoverzoek-antwoord", answer[0].type());
        assertEquals(creditor, answer[0].sender());
        // the hub hands over a JWE to the demo gemeente's own key, which its users hold (demo-users/)
        assertNotNull(answer[0].encryptedPayload(), "an answer without content");
        JsonNode content = PayloadDecryptor.of(com.nimbusds.jose.jwk.JWK.parse(java.nio.file.Files.readString(
                DemoUserKeys.keyFile(stack.stateDir(), Demo.GEMEENTE_PARTICIPANT_ID))))
                .decryptJson(answer[0].encryptedPayload());
        assertEquals(payload.get("referentieSchuldhulpverlener"), content.get("referentieSchuldhulpverlener"));
        hub.acknowledge(answer[0].id());
        System.out.println("[ConformanceIT] saldoverzoek " + sent.id() + " answered by the sandbox in " + millis
                + " ms");
    }

    @Test
    @Order(2)
    void theConformanceSuitePassesWithItsDefaults(LocalStack stack) throws Exception {
        Run run = conformance(stack, "defaults");
        assertEquals(0, run.exit(), run.output());
        assertTrue(run.output().contains("PASSED  exchange.schuldinventarisatie.saldoverzoek"), run.output());
    }

    @Test
    @Order(3)
    void theConformanceSuitePassesForAnOwnKeyCounsellorWithBothModules(LocalStack stack, @org.junit.jupiter.api.io
            .TempDir Path keysDir) throws Exception {
        api = stack.portalApiUrl().toString().replaceAll("/$", "");
        operatorToken = stack.token(Demo.OPERATOR_CLIENT_ID, Demo.OPERATOR_CLIENT_SECRET);
        long run = ThreadLocalRandom.current().nextLong(10_000_000L, 99_999_999L);
        ECKey key = new ECKeyGenerator(Curve.P_256).keyID("conformance-" + run).keyUse(KeyUse.ENCRYPTION).generate();
        Map<String, Object> body = Map.of("oin", "0000000100" + run + "07", "kvk", String.valueOf(run),
                "name", "Conformance Gemeente " + run, "kind", "counsellor-phase-1", "status", "active",
                "modules", List.of("schuldinventarisatie", "betalingsregeling"), "delivery", Map.of("mode", "mailbox"));
        String id = given().auth().oauth2(operatorToken).contentType(ContentType.JSON).body(body)
                .post(api + "/api/v1/operator/participants").then().statusCode(201).extract().path("id");
        given().auth().oauth2(operatorToken).contentType(ContentType.JSON).body(key.toPublicJWK().toJSONString())
                .put(api + "/api/v1/operator/participants/{id}/keys/{kid}", id, key.getKeyID()).then()
                .statusCode(204);
        given().auth().oauth2(operatorToken).put(api + "/api/v1/operator/clients/{client}/participants/{id}",
                Demo.GEMEENTE_CLIENT.clientId(), id).then().statusCode(204);
        grantedParticipant = id;
        Path keys = keysDir.resolve("keys.json");
        Files.writeString(keys, new JWKSet(key).toString(false));
        // validation-service learns the new key from the participant snapshots: wait until the directory shows it
        String gemeente = stack.token(Demo.GEMEENTE_CLIENT.clientId(), Demo.GEMEENTE_CLIENT.secret());
        await().atMost(Duration.ofSeconds(30)).until(() -> given().auth().oauth2(gemeente)
                .header("Knooppunt-Participant", id).get(api + "/api/v1/me").then().extract().statusCode() == 200);
        Thread.sleep(3_000);

        Run result = conformance(stack, "own-key", "--participant", id, "--keys", keys.toString());
        assertEquals(0, result.exit(), result.output());
        for (String type : List.of("schuldinventarisatie.saldoverzoek", "betalingsregeling.betaalvoorstel",
                "betalingsregeling.heroverweging")) {
            assertTrue(result.output().contains("PASSED  exchange." + type), result.output());
        }
        assertTrue(Files.readString(result.reports().resolve("conformance.html")).contains("the answer passes the "
                + "standard"), "own-key answers opened with the suite's key and checked");
    }

    private record Run(int exit, String output, Path reports) {
    }

    private static Run conformance(LocalStack stack, String name, String... extra) {
        Path reports = stack.layout().repoRoot().resolve("deploy/local-stack/target/conformance").resolve(name);
        List<String> args = new java.util.ArrayList<>(List.of("--api-url", stack.portalApiUrl().toString(),
                "--token-url", Keycloak.tokenEndpoint().toString(),
                "--client-id", Demo.GEMEENTE_CLIENT.clientId(), "--client-secret", Demo.GEMEENTE_CLIENT.secret(),
                "--report-dir", reports.toString()));
        args.addAll(List.of(extra));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream tee = new PrintStream(out, true, StandardCharsets.UTF_8);
        int exit = ConformanceMain.run(args.toArray(String[]::new), tee, ConformanceMain::clientHub);
        String output = out.toString(StandardCharsets.UTF_8);
        System.out.println(output);
        return new Run(exit, output, reports);
    }
}
