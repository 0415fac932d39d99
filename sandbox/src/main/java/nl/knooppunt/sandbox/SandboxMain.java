package nl.knooppunt.sandbox;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import nl.knooppunt.client.ClientCredentials;
import nl.knooppunt.client.KnooppuntClient;
import nl.knooppunt.client.PayloadDecryptor;

/**
 * Runs the sandbox counterpart (test environments only, ADR 0048):
 *
 * <pre>
 * java -cp ... nl.knooppunt.sandbox.SandboxMain --api-url http://localhost:8080 \
 *     --token-url http://localhost:8180/realms/knooppunt/protocol/openid-connect/token \
 *     --client-id sandbox-counterpart --client-secret ... --state-dir .local-stack/sandbox \
 *     [--operator-client-id demo-beheer --operator-client-secret ...] [--poll-interval PT1S]
 *     [--health-port 8090]
 * </pre>
 *
 * With operator credentials it onboards the simulated participants itself (idempotent); without, an operator must
 * have done so, with the public keys it prints. Each option may also come from the environment
 * ({@code SANDBOX_API_URL}, {@code SANDBOX_CLIENT_SECRET}, ...).
 */
public final class SandboxMain {

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

    private SandboxMain() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = Options.parse(args, "SANDBOX_");
        URI api = URI.create(options.getOrDefault("api-url", "http://localhost:8080"));
        URI tokenUrl = URI.create(options.getOrDefault("token-url",
                "http://localhost:8180/realms/knooppunt/protocol/openid-connect/token"));
        String clientId = options.getOrDefault("client-id", SandboxParticipant.CLIENT_ID);
        String secret = options.getOrDefault("client-secret", SandboxParticipant.CLIENT_SECRET);
        Path state = Path.of(options.getOrDefault("state-dir", ".local-stack/sandbox"));
        Duration interval = Duration.parse(options.getOrDefault("poll-interval", "PT1S"));

        SandboxKeys keys = SandboxKeys.loadOrCreate(state, SandboxParticipant.ALL);
        log("keys of " + SandboxParticipant.ALL.size() + " simulated participants in " + keys.file());
        Map<String, SandboxParticipant> ids = new LinkedHashMap<>();
        ObjectMapper json = new ObjectMapper();
        if (options.containsKey("operator-client-id")) {
            OperatorApi operator = new OperatorApi(api, ClientCredentials.of(tokenUrl,
                    options.get("operator-client-id"), options.get("operator-client-secret")));
            for (SandboxParticipant p : SandboxParticipant.ALL) {
                var key = keys.key(p);
                String id = retrying(() -> operator.onboard(p, json.readTree(key.toPublicJWK().toJSONString()),
                        key.getKeyID(), clientId));
                ids.put(id, p);
            }
            log("onboarded " + Counterpart.describe(ids));
        } else {
            for (SandboxParticipant p : SandboxParticipant.ALL) {
                log("an operator must register " + p.name() + " (OIN " + p.oin() + "), mark it simulated and "
                        + "register its public key: " + keys.key(p).toPublicJWK().toJSONString());
            }
        }
        KnooppuntClient hub = KnooppuntClient.builder(api)
                .credentials(ClientCredentials.of(tokenUrl, clientId, secret)).build();
        try (Counterpart counterpart = new Counterpart(hub, new PayloadDecryptor(keys.all()), new Responder(),
                SandboxMain::log)) {
            if (options.containsKey("health-port")) {
                health(Integer.parseInt(options.get("health-port")), counterpart);
            }
            log("sandbox counterpart ready: polls the vendor inbox of " + clientId + " every "
                    + interval.toMillis() + " ms");
            counterpart.run(interval);
        }
    }

    /** {@code GET /health}: 200 while the last successful poll is under a minute old, else 503. */
    private static void health(int port, Counterpart counterpart) throws java.io.IOException {
        var server = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress(port), 0);
        server.createContext("/health", exchange -> {
            boolean up = counterpart.lastPoll().isAfter(java.time.Instant.now().minusSeconds(60));
            byte[] body = (up ? "UP" : "DOWN").getBytes(java.nio.charset.StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(up ? 200 : 503, body.length);
            try (var out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.setExecutor(null);
        server.start();
        log("health on :" + port + "/health");
    }

    interface Attempt<T> {
        T run() throws Exception;
    }

    /** The hub may still be starting: try for up to two minutes. */
    static <T> T retrying(Attempt<T> attempt) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (true) {
            try {
                return attempt.run();
            } catch (RuntimeException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                log("WARNING: " + e.getMessage() + "; trying again in 2 s");
                Thread.sleep(2000);
            }
        }
    }

    static void log(String line) {
        System.out.println("[sandbox " + LocalTime.now().format(CLOCK) + "] " + line);
        System.out.flush();
    }
}
