package nl.knooppunt.localstack;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.crypto.PasswordBasedDecrypter;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;

import nl.knooppunt.localstack.canary.LeakScan;
import nl.knooppunt.localstack.canary.Markers;

/**
 * The web portal in a real browser against the running stack: runs {@code src/test/browser/portal.mjs} (Debian's
 * chromium driven by playwright-core) and fails when it fails. anna logs in at Keycloak, composes a saldoverzoek with
 * an invalid BSN, sees the field error, corrects and sends it; erik answers it from his inbox; anna sees the answer and
 * her message's status. The organisation's key is held by its users, never by the hub (ADR 0042): the demo
 * organisations start with keys made on their users' side ({@link DemoUserKeys}); anna sets up a new one in her
 * browser, erik unlocks his with the passphrase and reads in his browser what the hub cannot, a second browser of his
 * unlocks only after a wrong passphrase is refused. Screenshots of every page land in
 * {@code target/browser-screenshots}.
 *
 * <p>The end-to-end stack is shared by every test class of a run, and the others read the demo participants' messages
 * over the API with the demo keys ({@code demo-users/}): so afterwards this test acknowledges what waits for the key
 * anna's browser made and retires that key, and the demo participants are back as before.
 */
@ExtendWith(LocalStackExtension.class)
class PortalBrowserIT {

    private static final Path CHROMIUM = Path.of(System.getProperty("knooppunt.chromium", "/usr/bin/chromium"));
    private static final Map<String, String> PASSPHRASES = Map.of("anna", "gemeente-" + java.util.UUID.randomUUID(),
            "erik", DemoUserKeys.PASSPHRASE);

    @Test
    void anAnsweredSaldoverzoekInTheBrowser(LocalStack stack) throws Exception {
        Path module = StackLayout.detectRepoRoot().resolve("deploy/local-stack");
        Path scripts = module.resolve("src/test/browser");
        assertTrue(Files.isExecutable(CHROMIUM), "chromium is needed at " + CHROMIUM + " (apt-get install chromium)");
        assertTrue(Files.isDirectory(scripts.resolve("node_modules/playwright-core")),
                "playwright-core is missing: the module's build runs npm ci in " + scripts);
        Path log = module.resolve("target/browser-test.log");
        Files.createDirectories(log.getParent());
        ProcessBuilder node = new ProcessBuilder("node", "portal.mjs").directory(scripts.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        node.environment().put("PORTAL_URL", stack.portalApiUrl().toString());
        node.environment().put("CHROMIUM", CHROMIUM.toString());
        node.environment().put("SCREENSHOT_DIR", module.resolve("target/browser-screenshots").toString());
        Path keys = module.resolve("target/browser-keys");
        node.environment().put("KEY_DIR", keys.toString());
        node.environment().put("PASSPHRASE_ANNA", PASSPHRASES.get("anna"));
        node.environment().put("PASSPHRASE_ERIK", PASSPHRASES.get("erik"));
        Process process = node.start();
        boolean finished;
        try {
            finished = process.waitFor(6, TimeUnit.MINUTES);
            if (!finished) {
                process.destroyForcibly();
            }
        } finally {
            putBackTheHubsKeys(stack);
        }
        String output = Files.readString(log);
        System.out.println(output);
        assertTrue(finished, "the browser scenario did not finish within 5 minutes:\n" + output);
        assertEquals(0, process.exitValue(), "the browser scenario failed:\n" + output);
        theHubHoldsNoBrowserKey(stack, keys);
    }

    /**
     * The canary of the users' keys: the private key anna's browser made (opened here from her recovery file with the
     * passphrase, as her colleagues could), Voorbeeld Energie's key (its users' side) and both passphrases are nowhere
     * in the hub's state: not in any Kafka record, any PostgreSQL value, or any file of the stack's state directory
     * apart from the users' side {@code demo-users/} (secrets, Kafka segments, database files and WAL, logs,
     * temporary files). The registry does hold the wrapped keys.
     */
    private static void theHubHoldsNoBrowserKey(LocalStack stack, Path keys) throws Exception {
        ObjectMapper json = new ObjectMapper();
        Map<String, byte[]> secrets = new java.util.LinkedHashMap<>();
        List<String> wrapped = new ArrayList<>();
        for (String user : List.of("anna", "erik")) {
            Path file = "anna".equals(user) ? keys.resolve("anna.json")
                    : DemoUserKeys.dir(stack.stateDir()).resolve(Demo.slugOf(Demo.ENERGIE_PARTICIPANT_ID)
                            + "-herstel.json");
            JsonNode recovery = json.readTree(file.toFile());
            JWEObject jwe = JWEObject.parse(recovery.path("wrappedKey").asText());
            jwe.decrypt(new PasswordBasedDecrypter(PASSPHRASES.get(user)));
            ECKey key = JWK.parse(jwe.getPayload().toString()).toECKey();
            assertTrue(key.isPrivate() && key.getKeyID().equals(recovery.path("kid").asText()),
                    "the recovery file opens with the passphrase to the private key");
            secrets.put(user + " private key (base64url)", key.getD().toString().getBytes(StandardCharsets.US_ASCII));
            secrets.put(user + " private key (raw)", key.getD().decode());
            secrets.put(user + " passphrase", PASSPHRASES.get(user).getBytes(StandardCharsets.UTF_8));
            wrapped.add(recovery.path("wrappedKey").asText());
        }
        LeakScan.Finder finder = haystack -> secrets.entrySet().stream()
                .filter(secret -> Markers.contains(haystack, secret.getValue(), false)).map(Map.Entry::getKey).toList();
        List<LeakScan.Hit> hits = new ArrayList<>();
        LeakScan.Result kafka = LeakScan.kafka(stack.kafkaBootstrapServers(), finder, "saldoverzoek");
        assertTrue(kafka.itemsRead() > 0 && kafka.controlFound(), "the Kafka scan reads the hub's records");
        hits.addAll(kafka.hits());
        LeakScan.Result database = LeakScan.postgres(stack::jdbcUrl, "postgres", "postgres", finder, wrapped.get(1));
        assertTrue(database.controlFound(), "the SQL scan reads the registry's wrapped keys");
        hits.addAll(database.hits());
        List<Path> hubState;
        try (var top = Files.list(stack.stateDir())) {
            hubState = top.filter(p -> !p.equals(DemoUserKeys.dir(stack.stateDir()))).toList();
        }
        LeakScan.Result files = LeakScan.files(hubState, finder, null);
        assertTrue(files.itemsRead() > 0, "the file scan reads the state directory");
        hits.addAll(files.hits());
        System.out.println("browser-key canary: " + kafka.itemsRead() + " records, " + database.itemsRead()
                + " values, " + files.itemsRead() + " files scanned");
        assertEquals(List.of(), hits, "a browser-held private key or passphrase is in the hub's state");
    }

    /** Acknowledges what waits for a key a browser made here and retires those keys, for the tests that follow. */
    private static void putBackTheHubsKeys(LocalStack stack) {
        String api = stack.portalApiUrl().toString().replaceAll("/$", "");
        String operator = stack.token("demo-beheer", "demo-beheer-secret");
        Map<String, String[]> clients = Map.of(Demo.GEMEENTE_PARTICIPANT_ID,
                new String[] {"demo-gemeente", "demo-gemeente-secret"}, Demo.ENERGIE_PARTICIPANT_ID,
                new String[] {"demo-energie", "demo-energie-secret"});
        clients.forEach((participant, client) -> {
            String token = stack.token(client[0], client[1]);
            List<Map<String, Object>> waiting = given().auth().oauth2(token)
                    .header("Knooppunt-Participant", participant).get(api + "/api/v1/inbox?include=content&limit=500")
                    .then().statusCode(200).extract().jsonPath().getList("items");
            List<String> closed = new ArrayList<>();
            for (Map<String, Object> message : waiting) {
                String jwe = String.valueOf(message.get("encryptedPayload"));
                String header = new String(java.util.Base64.getUrlDecoder().decode(jwe.substring(0,
                        Math.max(0, jwe.indexOf('.')))), StandardCharsets.UTF_8);
                if (header.contains("-portal-")) {
                    closed.add(String.valueOf(message.get("id")));
                }
            }
            if (!closed.isEmpty()) {
                given().auth().oauth2(token).header("Knooppunt-Participant", participant)
                        .contentType("application/json").body(Map.of("ids", closed))
                        .post(api + "/api/v1/inbox/acknowledgements").then().statusCode(200);
            }
            List<String> browserKeys = given().auth().oauth2(operator)
                    .get(api + "/api/v1/operator/participants/" + participant + "/keys").then().statusCode(200)
                    .extract().jsonPath().getList("findAll { it.current && it.kid.contains('-portal-') }.kid",
                            String.class);
            for (String kid : browserKeys) {
                given().auth().oauth2(operator).delete(api + "/api/v1/operator/participants/" + participant
                        + "/keys/" + kid).then().statusCode(204);
            }
        });
    }
}
