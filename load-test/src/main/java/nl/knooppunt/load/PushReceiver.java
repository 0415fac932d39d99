package nl.knooppunt.load;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.LongAdder;

import com.fasterxml.jackson.databind.JsonNode;
import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.WebhookVerificationException;
import com.sun.net.httpserver.HttpServer;

/**
 * The webhook receiver of every push participant: verifies the push's Standard Webhooks signature with the stock
 * library and the recipient's secret (a push that does not verify counts as an error of kind {@code push-signature}),
 * answers 204 and tells the {@link Tracker} the recipient has the message (deduplicated on {@code webhook-id}, the
 * message id, as the hub asks of receivers); a sample of the payloads is decrypted with the recipient's key
 * ({@link PayloadCheck}). Plain http on localhost: the local stack allows http webhooks.
 */
final class PushReceiver implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService pool;
    private final LongAdder pushes = new LongAdder();
    private final LongAdder verified = new LongAdder();
    private final Map<String, Webhook> secrets = new ConcurrentHashMap<>();

    PushReceiver(int port, Tracker tracker, PayloadCheck check, Metrics metrics) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 1024);
        pool = Executors.newFixedThreadPool(4, Api.daemon("load-push"));
        server.setExecutor(pool);
        server.createContext("/hook", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                long now = System.nanoTime();
                JsonNode push = null;
                try {
                    push = Api.JSON.readTree(body);
                } catch (IOException e) {
                    // not JSON: answered 400 below unless the header names the message
                }
                String id = exchange.getRequestHeaders().getFirst("webhook-id");
                if (id == null && push != null && push.path("envelope").hasNonNull("messageId")) {
                    id = push.path("envelope").path("messageId").asText();
                }
                Traffic.Message message = null;
                if (id != null) {
                    pushes.increment();
                    message = tracker.arrived(id, now);
                    String recipient = push == null ? null : push.path("envelope").path("recipient").asText(null);
                    Webhook secret = recipient == null ? null : secrets.get(recipient);
                    try {
                        if (secret == null) {
                            throw new WebhookVerificationException("no secret for the recipient");
                        }
                        secret.verify(body, exchange.getRequestHeaders());
                        verified.increment();
                    } catch (WebhookVerificationException e) {
                        metrics.error("push-signature", "message " + id + ": " + e.getMessage(), true);
                    }
                }
                exchange.sendResponseHeaders(id == null ? 400 : 204, -1);
                if (message != null) {
                    check.check("push", id, message,
                            push == null || !push.hasNonNull("payload") ? null : push.path("payload").asText());
                }
            } finally {
                exchange.close();
            }
        });
        server.start();
    }

    /** Verifies the pushes to this participant with its secret ({@code whsec_...}). */
    void trust(String participantId, String secret) {
        secrets.put(participantId, new Webhook(secret));
    }

    /** The base URL the seeded webhooks point at ({@code http://127.0.0.1:<port>}). */
    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    long pushes() {
        return pushes.sum();
    }

    /** Pushes whose signature verified. */
    long verified() {
        return verified.sum();
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }
}
