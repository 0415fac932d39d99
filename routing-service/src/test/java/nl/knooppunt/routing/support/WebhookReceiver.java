package nl.knooppunt.routing.support;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;

/**
 * A participant's webhook endpoint in the test JVM: a real HTTP server that records every push per path and
 * answers with scripted status codes (200 when the script is used up), optionally after a delay.
 */
public final class WebhookReceiver implements AutoCloseable {

    /**
     * One push as received.
     *
     * @param headers every request header (name as sent, its values), for a Standard Webhooks library to verify
     */
    public record Received(String path, String body, Map<String, List<String>> headers, Instant at) {

        /** The first value of a header (names compared without case). */
        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }
    }

    private final Vertx vertx = Vertx.vertx();
    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Map<String, Queue<Integer>> scripts = new ConcurrentHashMap<>();
    private final Map<String, Long> delays = new ConcurrentHashMap<>();

    public WebhookReceiver() {
        server = vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
            String path = request.path();
            Map<String, List<String>> headers = new java.util.LinkedHashMap<>();
            request.headers().names().forEach(name -> headers.put(name, List.copyOf(request.headers().getAll(name))));
            received.add(new Received(path, body.toString(), Map.copyOf(headers), Instant.now()));
            Queue<Integer> script = scripts.get(path);
            Integer status = script == null ? null : script.poll();
            int answer = status == null ? 200 : status;
            long delay = delays.getOrDefault(path, 0L);
            if (delay > 0) {
                vertx.setTimer(delay, t -> request.response().setStatusCode(answer).end());
            } else {
                request.response().setStatusCode(answer).end();
            }
        }));
        try {
            server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("webhook receiver did not start", e);
        }
    }

    /** The URL of a path on this receiver. */
    public URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.actualPort() + path);
    }

    /** The next answers for pushes to the path, in order. */
    public void script(String path, Integer... statuses) {
        scripts.put(path, new ConcurrentLinkedQueue<>(List.of(statuses)));
    }

    /** Answers pushes to the path only after the delay. */
    public void delay(String path, long millis) {
        delays.put(path, millis);
    }

    /** Pushes received on the path so far, in order. */
    public List<Received> received(String path) {
        return received.stream().filter(r -> r.path().equals(path)).toList();
    }

    @Override
    public void close() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }
}
