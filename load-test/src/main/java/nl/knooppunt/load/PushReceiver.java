package nl.knooppunt.load;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.WebhookVerificationException;
import com.sun.net.httpserver.HttpServer;

/**
 * The webhook receiver of every push participant: verifies the push's Standard Webhooks signature with the stock
 * library and the recipient's secret (a push that does not verify counts as an error of kind {@code push-signature}),
 * answers 204 and tells the {@link Tracker} the recipient has the message (deduplicated on {@code webhook-id}, the
 * message id, as the hub asks of receivers). Plain http on localhost: the local stack allows http webhooks.
 */
final class PushReceiver implements AutoCloseable {

    private static final Pattern MESSAGE_ID = Pattern.compile("\"messageId\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern RECIPIENT = Pattern.compile("\"recipient\"\\s*:\\s*\"([^\"]+)\"");

    private final HttpServer server;
    private final ExecutorService pool;
    private final LongAdder pushes = new LongAdder();
    private final LongAdder verified = new LongAdder();
    private final Map<String, Webhook> secrets = new ConcurrentHashMap<>();

    PushReceiver(int port, Tracker tracker, Metrics metrics) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 1024);
        pool = Executors.newFixedThreadPool(4, Api.daemon("load-push"));
        server.setExecutor(pool);
        server.createContext("/hook", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                String body = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                long now = System.nanoTime();
                String id = exchange.getRequestHeaders().getFirst("webhook-id");
                if (id == null) {
                    Matcher m = MESSAGE_ID.matcher(body);
                    id = m.find() ? m.group(1) : null;
                }
                if (id != null) {
                    pushes.increment();
                    tracker.arrived(id, now);
                    Matcher recipient = RECIPIENT.matcher(body);
                    Webhook secret = recipient.find() ? secrets.get(recipient.group(1)) : null;
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
