package nl.knooppunt.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Function;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;

/**
 * A real HTTP server on a free local port for the client's unit tests: each path answers what the test's function
 * returns for the request, and every request is recorded with the nanoTime it arrived.
 */
final class LocalServer implements AutoCloseable {

    /** A request as the server received it. */
    record Received(String method, String path, String query, Headers headers, String body, long nanos) {

        String header(String name) {
            return headers.getFirst(name);
        }
    }

    /** An answer: status, headers, body (empty for none). */
    record Answer(int status, Map<String, String> headers, String body) {

        static Answer json(int status, String body) {
            return new Answer(status, Map.of("Content-Type", "application/json"), body);
        }

        static Answer problem(int status, String body, Map<String, String> extraHeaders) {
            Map<String, String> headers = new java.util.HashMap<>(extraHeaders);
            headers.put("Content-Type", "application/problem+json");
            return new Answer(status, headers, body);
        }
    }

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();

    LocalServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.start();
    }

    /** Answers requests to this path (and below it) with the function's answer. */
    LocalServer on(String path, Function<Received, Answer> handler) {
        server.createContext(path, exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                Received request = new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                        exchange.getRequestURI().getRawQuery(), exchange.getRequestHeaders(),
                        new String(in.readAllBytes(), StandardCharsets.UTF_8), System.nanoTime());
                received.add(request);
                Answer answer = handler.apply(request);
                answer.headers().forEach(exchange.getResponseHeaders()::add);
                byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(answer.status(), body.length == 0 ? -1 : body.length);
                if (body.length > 0) {
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(body);
                    }
                }
            } finally {
                exchange.close();
            }
        });
        return this;
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** The requests to this path, in the order they came. */
    List<Received> requests(String path) {
        return received.stream().filter(r -> r.path().equals(path)).toList();
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
