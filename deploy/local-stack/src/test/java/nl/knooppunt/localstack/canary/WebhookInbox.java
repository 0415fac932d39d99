package nl.knooppunt.localstack.canary;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.crypto.ECDHDecrypter;
import com.nimbusds.jose.crypto.RSADecrypter;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.standardwebhooks.Webhook;
import com.sun.net.httpserver.HttpServer;

/**
 * A webhook in the test JVM for a participant with its own key: verifies every push's Standard Webhooks signature
 * with the secret the operator API issued (stock library), answers 204, keeps the body as it came (to search it for
 * markers in clear) and the payload it decrypts with the participant's private key (Nimbus). A push that does not
 * verify or open is a failure.
 */
public final class WebhookInbox implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(2);
    private final List<String> bodies = new CopyOnWriteArrayList<>();
    private final Map<String, JsonNode> payloads = new ConcurrentHashMap<>();
    private final Map<String, String> failures = new ConcurrentHashMap<>();
    private volatile Webhook verifier;

    /** Listens on a free port of 127.0.0.1 and decrypts with {@code privateKey}. */
    public WebhookInbox(JWK privateKey) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        server.setExecutor(executor);
        server.createContext("/canary/inbox", exchange -> {
            try {
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                bodies.add(body);
                String id = "?";
                try {
                    JsonNode push = JSON.readTree(body);
                    id = push.path("envelope").path("messageId").asText();
                    Webhook trusted = verifier;
                    if (trusted == null) {
                        throw new IllegalStateException("a push before the operator API showed the secret");
                    }
                    trusted.verify(body, exchange.getRequestHeaders());
                    JWEObject jwe = JWEObject.parse(push.path("payload").asText());
                    jwe.decrypt(privateKey instanceof ECKey ec ? new ECDHDecrypter(ec)
                            : new RSADecrypter(privateKey.toRSAKey()));
                    payloads.put(id, JSON.readTree(jwe.getPayload().toString()));
                } catch (Exception e) {
                    failures.put(id, e.toString());
                }
                exchange.sendResponseHeaders(204, -1);
            } finally {
                exchange.close();
            }
        });
        server.start();
    }

    /** Verifies pushes from now on with this secret ({@code whsec_...}), as the operator API issued it. */
    public void trust(String secret) {
        verifier = new Webhook(secret);
    }

    /** The webhook URL to register. */
    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/canary/inbox");
    }

    /** Every push body as received. */
    public List<String> bodies() {
        return List.copyOf(bodies);
    }

    /** Decrypted payloads by message id. */
    public Map<String, JsonNode> payloads() {
        return Map.copyOf(payloads);
    }

    /** Pushes that could not be verified, read or decrypted, by message id. */
    public Map<String, String> failures() {
        return Map.copyOf(failures);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
