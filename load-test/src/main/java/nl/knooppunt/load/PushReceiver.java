package nl.knooppunt.load;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpServer;

/**
 * The webhook receiver of every push participant: answers 204 at once and tells the {@link Tracker} the recipient has
 * the message (deduplicated on {@code envelope.messageId}, as the hub asks of receivers). Plain http on localhost: the
 * local stack allows http webhooks.
 */
final class PushReceiver implements AutoCloseable {

    private static final Pattern MESSAGE_ID = Pattern.compile("\"messageId\"\\s*:\\s*\"([^\"]+)\"");

    private final HttpServer server;
    private final ExecutorService pool;
    private final LongAdder pushes = new LongAdder();

    PushReceiver(int port, Tracker tracker) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 1024);
        pool = Executors.newFixedThreadPool(4, Api.daemon("load-push"));
        server.setExecutor(pool);
        server.createContext("/hook", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                String body = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                long now = System.nanoTime();
                String id = exchange.getRequestHeaders().getFirst("Knooppunt-Message-Id");
                if (id == null) {
                    Matcher m = MESSAGE_ID.matcher(body);
                    id = m.find() ? m.group(1) : null;
                }
                if (id != null) {
                    pushes.increment();
                    tracker.arrived(id, now);
                }
                exchange.sendResponseHeaders(id == null ? 400 : 204, -1);
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
