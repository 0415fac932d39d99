package nl.knooppunt.localstack.fault;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

import org.jose4j.jwk.PublicJsonWebKey;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.WebhookVerificationException;
import com.sun.net.httpserver.HttpServer;

import nl.knooppunt.standard.crypto.RecipientCipher;

/**
 * A vendor's webhook in the test JVM: takes every push (204), verifies its Standard Webhooks signature with the
 * secrets the registry issued (stock library) and decrypts its payload with the receiver's private key as the vendor
 * would, and records per message id what arrived, so the reconciliation can count deliveries.
 */
public final class PushReceiver implements AutoCloseable {

    /** One push as received: message id, the payload's {@code toelichting}, the hub's attempt number. */
    public record Push(String messageId, String toelichting, int attempt) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final List<Push> pushes = new CopyOnWriteArrayList<>();
    private final Map<String, Integer> undecryptable = new ConcurrentHashMap<>();
    private final Map<String, Integer> unverified = new ConcurrentHashMap<>();
    private final List<Webhook> trusted = new CopyOnWriteArrayList<>();

    /** Listens on a free port of 127.0.0.1 and decrypts with the given private keys. */
    public PushReceiver(List<PublicJsonWebKey> privateKeys) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/fault/inbox", exchange -> {
            try {
                String text = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                JsonNode body = JSON.readTree(text);
                String id = body.path("envelope").path("messageId").asText();
                if (!verifies(text, exchange.getRequestHeaders())) {
                    unverified.merge(id, 1, Integer::sum);
                }
                String toelichting;
                try {
                    toelichting = JSON.readTree(RecipientCipher.decrypt(body.path("payload").asText(), privateKeys))
                            .path("toelichting").asText("");
                } catch (RuntimeException e) {
                    undecryptable.merge(id, 1, Integer::sum);
                    toelichting = "";
                }
                pushes.add(new Push(id, toelichting, body.path("attempt").asInt()));
                exchange.sendResponseHeaders(204, -1);
            } finally {
                exchange.close();
            }
        });
        server.start();
    }

    /** Verifies pushes also with this secret ({@code whsec_...}), as the registry issued it. */
    public void trust(String secret) {
        trusted.add(new Webhook(secret));
    }

    /** Whether a secret was given to verify pushes with. */
    public boolean trustsAny() {
        return !trusted.isEmpty();
    }

    private boolean verifies(String body, Map<String, List<String>> headers) {
        for (Webhook webhook : trusted) {
            try {
                webhook.verify(body, headers);
                return true;
            } catch (WebhookVerificationException e) {
                // try the next secret
            }
        }
        return false;
    }

    /** Message ids whose push did not verify with any secret the registry issued, with how often. */
    public Map<String, Integer> unverified() {
        return Map.copyOf(unverified);
    }

    /** The webhook URL to register. */
    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/fault/inbox");
    }

    /** Every push received, in arrival order (a push the hub repeated appears more than once). */
    public List<Push> pushes() {
        return List.copyOf(pushes);
    }

    /** Message ids whose payload could not be decrypted with the receiver's keys. */
    public Map<String, Integer> undecryptable() {
        return Map.copyOf(undecryptable);
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
