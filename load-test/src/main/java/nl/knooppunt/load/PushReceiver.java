package nl.knooppunt.load;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.LongAdder;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;

/**
 * The webhook receiver of every push participant: answers 204 at once and tells the {@link Tracker} the recipient has
 * the message (deduplicated on {@code envelope.messageId}, as the hub asks of receivers); a sample of the payloads is
 * decrypted with the recipient's key ({@link PayloadCheck}). Plain http on localhost: the local stack allows http
 * webhooks. Every push counts; the signature is not verified here.
 */
final class PushReceiver implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService pool;
    private final LongAdder pushes = new LongAdder();

    PushReceiver(int port, Tracker tracker, PayloadCheck check) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 1024);
        pool = Executors.newFixedThreadPool(4, Api.daemon("load-push"));
        server.setExecutor(pool);
        server.createContext("/hook", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                byte[] body = in.readAllBytes();
                long now = System.nanoTime();
                JsonNode push = null;
                try {
                    push = Api.JSON.readTree(body);
                } catch (IOException e) {
                    // not JSON: answered 400 below unless the header names the message
                }
                String id = exchange.getRequestHeaders().getFirst("Knooppunt-Message-Id");
                if (id == null && push != null && push.path("envelope").hasNonNull("messageId")) {
                    id = push.path("envelope").path("messageId").asText();
                }
                Traffic.Message message = null;
                if (id != null) {
                    pushes.increment();
                    message = tracker.arrived(id, now);
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

    /** The base URL the seeded webhooks point at ({@code http://127.0.0.1:<port>}). */
    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    long pushes() {
        return pushes.sum();
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }
}
