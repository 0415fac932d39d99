package nl.knooppunt.sandbox.conformance;

import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import com.nimbusds.jose.jwk.JWKSet;
import nl.knooppunt.client.ClientCredentials;
import nl.knooppunt.client.PayloadDecryptor;
import nl.knooppunt.sandbox.Options;

/**
 * {@code ./knooppunt conformance}: runs the conformance suite as a vendor's participant against a hub with a sandbox
 * counterpart, writes {@code conformance.xml} (JUnit) and {@code conformance.html} into the report directory and
 * exits 0 only when no scenario failed.
 *
 * <pre>
 * --api-url URL        the hub (default http://localhost:8080, the local stack)
 * --token-url URL      the token endpoint (default the local stack's Keycloak)
 * --client-id ID       the API client (default demo-gemeente)
 * --client-secret S    its secret (default the local stack's demo secret)
 * --participant ID     the participant to act for, when the client has several mandates
 * --keys FILE          a JWK (set) with the participant's private keys, to open and check answers against the standard
 * --report-dir DIR     where the reports go (default target/conformance)
 * --answer-timeout D   how long an answer may take (ISO-8601, default PT15S)
 * </pre>
 */
public final class ConformanceMain {

    /** The local stack's demo vendor client (a counsellor, Gemeente Voorbeeldstad). */
    public static final String DEFAULT_CLIENT_ID = "demo-gemeente";
    static final String DEFAULT_CLIENT_SECRET = "demo-gemeente-secret";

    private ConformanceMain() {
    }

    public static void main(String[] args) {
        int exit;
        try {
            exit = run(args, System.out, ConformanceMain::clientHub);
        } catch (IllegalArgumentException e) {
            System.err.println("conformance: " + e.getMessage());
            exit = 2;
        }
        System.exit(exit);
    }

    /**
     * Runs the suite and writes the reports.
     *
     * @param hubs makes the hub to test from the options (the suite's tests wrap it in a deliberately wrong client)
     * @return 0 when no scenario failed, 1 otherwise
     */
    public static int run(String[] args, PrintStream out, Function<Map<String, String>, Hub> hubs) {
        Map<String, String> options = Options.parse(args, "KNOOPPUNT_CONFORMANCE_");
        Duration timeout = Duration.parse(options.getOrDefault("answer-timeout", "PT15S"));
        Path reportDir = Path.of(options.getOrDefault("report-dir", "target/conformance"));
        String subject = "hub " + options.getOrDefault("api-url", "http://localhost:8080") + ", client "
                + options.getOrDefault("client-id", DEFAULT_CLIENT_ID)
                + (options.containsKey("participant") ? ", participant " + options.get("participant") : "");
        out.println("[conformance] " + subject);
        Instant started = Instant.now();
        List<ScenarioResult> results = new ConformanceSuite(hubs.apply(options), timeout,
                line -> out.println("[conformance] " + line)).run();
        try {
            Reports.write(reportDir, subject, started, results);
        } catch (java.io.IOException e) {
            out.println("[conformance] cannot write the reports to " + reportDir + ": " + e.getMessage());
            return 1;
        }
        long failed = Reports.count(results, ScenarioResult.Outcome.FAILED);
        out.println("[conformance] " + Reports.count(results, ScenarioResult.Outcome.PASSED) + " passed, " + failed
                + " failed, " + Reports.count(results, ScenarioResult.Outcome.SKIPPED) + " skipped");
        results.stream().filter(r -> r.outcome() == ScenarioResult.Outcome.FAILED)
                .forEach(r -> out.println("[conformance] FAILED " + r.name() + ": " + r.message()));
        out.println("[conformance] reports: " + reportDir.resolve("conformance.xml") + ", "
                + reportDir.resolve("conformance.html"));
        return failed == 0 ? 0 : 1;
    }

    /** The participant under test with knooppunt-client, from the options. */
    public static Hub clientHub(Map<String, String> options) {
        URI api = URI.create(options.getOrDefault("api-url", "http://localhost:8080"));
        URI tokenUrl = URI.create(options.getOrDefault("token-url",
                "http://localhost:8180/realms/knooppunt/protocol/openid-connect/token"));
        ClientCredentials credentials = ClientCredentials.of(tokenUrl,
                options.getOrDefault("client-id", DEFAULT_CLIENT_ID),
                options.getOrDefault("client-secret", DEFAULT_CLIENT_SECRET));
        PayloadDecryptor keys = null;
        if (options.containsKey("keys")) {
            try {
                String text = Files.readString(Path.of(options.get("keys")), StandardCharsets.UTF_8);
                JWKSet set = text.contains("\"keys\"") ? JWKSet.parse(text)
                        : new JWKSet(com.nimbusds.jose.jwk.JWK.parse(text));
                keys = new PayloadDecryptor(set);
            } catch (java.io.IOException | java.text.ParseException e) {
                throw new IllegalArgumentException("cannot read --keys " + options.get("keys") + ": " + e.getMessage());
            }
        }
        return new ClientHub(api, credentials, options.get("participant"), keys);
    }
}
