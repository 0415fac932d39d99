package nl.knooppunt.localstack.trace;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.zip.GZIPInputStream;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * An OTLP/HTTP collector in the test JVM (ADR 0047): accepts the services' {@code ExportTraceServiceRequest}s
 * (protobuf, as Quarkus' exporter sends them with {@code http/protobuf}) on any path, decodes the spans with a
 * minimal protobuf reader (the OTLP trace messages' fields only) and keeps them, and every request body as received,
 * in memory. Listens on loopback only. At most {@link #MAX_BODIES} bodies are kept; more are answered and dropped.
 */
public final class OtlpCollector implements AutoCloseable {

    /** How many export requests are kept at most. */
    public static final int MAX_BODIES = 10_000;

    /** A span as exported: ids in lower-case hex, attributes and events' attributes as text. */
    public record Span(String service, String traceId, String spanId, String parentSpanId, String name, int kind,
            Map<String, String> attributes, List<Event> events, List<String> linkedSpanIds) {

        /** An attribute's value, or null. */
        public String attribute(String key) {
            return attributes.get(key);
        }
    }

    /** A span event, e.g. {@code exception}. */
    public record Event(String name, Map<String, String> attributes) {
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(2, r -> {
        Thread thread = new Thread(r, "otlp-collector");
        thread.setDaemon(true);
        return thread;
    });
    private final List<Span> spans = new ArrayList<>();
    private final List<byte[]> bodies = new ArrayList<>();
    private int requests;
    private int undecodable;

    private OtlpCollector(HttpServer server) {
        this.server = server;
    }

    /** Starts a collector on a free loopback port. */
    public static OtlpCollector start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            OtlpCollector collector = new OtlpCollector(server);
            server.createContext("/", collector::handle);
            server.setExecutor(collector.executor);
            server.start();
            return collector;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the OTLP collector", e);
        }
    }

    /** The base URL the services' exporter is pointed at ({@code /v1/traces} is appended by the exporter). */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Every span received so far. */
    public synchronized List<Span> spans() {
        return List.copyOf(spans);
    }

    /** The spans of one trace. */
    public synchronized List<Span> trace(String traceId) {
        return spans.stream().filter(span -> span.traceId().equals(traceId)).toList();
    }

    /** Every export request body as received (decompressed). */
    public synchronized List<byte[]> bodies() {
        return List.copyOf(bodies);
    }

    /** How many export requests arrived, and how many of them could not be decoded. */
    public synchronized String stats() {
        return requests + " requests, " + spans.size() + " spans, " + undecodable + " undecodable";
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"POST".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            String encoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
            if (encoding != null && encoding.toLowerCase().contains("gzip")) {
                try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(body))) {
                    body = in.readAllBytes();
                }
            }
            record(body);
            // an empty ExportTraceServiceResponse: full success
            exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
            exchange.sendResponseHeaders(200, 0);
            exchange.getResponseBody().write(new byte[0]);
        }
    }

    private synchronized void record(byte[] body) {
        requests++;
        if (bodies.size() >= MAX_BODIES) {
            return;
        }
        bodies.add(body);
        try {
            spans.addAll(decodeRequest(body));
        } catch (RuntimeException e) {
            undecodable++;
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    // --- the OTLP trace messages (opentelemetry/proto/trace/v1/trace.proto), fields this test reads -------------

    static List<Span> decodeRequest(byte[] body) {
        List<Span> result = new ArrayList<>();
        Reader request = new Reader(body);
        while (request.more()) {
            int field = request.tag();
            if (field == 1) { // ResourceSpans
                decodeResourceSpans(request.bytes(), result);
            } else {
                request.skip();
            }
        }
        return result;
    }

    private static void decodeResourceSpans(byte[] bytes, List<Span> result) {
        Reader reader = new Reader(bytes);
        Map<String, String> resource = Map.of();
        List<byte[]> scopes = new ArrayList<>();
        while (reader.more()) {
            int field = reader.tag();
            if (field == 1) { // Resource
                Reader r = new Reader(reader.bytes());
                Map<String, String> attributes = new LinkedHashMap<>();
                while (r.more()) {
                    if (r.tag() == 1) {
                        keyValue(r.bytes(), attributes);
                    } else {
                        r.skip();
                    }
                }
                resource = attributes;
            } else if (field == 2) { // ScopeSpans
                scopes.add(reader.bytes());
            } else {
                reader.skip();
            }
        }
        String service = resource.get("service.name");
        for (byte[] scope : scopes) {
            Reader r = new Reader(scope);
            while (r.more()) {
                if (r.tag() == 2) {
                    result.add(decodeSpan(service, r.bytes()));
                } else {
                    r.skip();
                }
            }
        }
    }

    private static Span decodeSpan(String service, byte[] bytes) {
        Reader r = new Reader(bytes);
        String traceId = "";
        String spanId = "";
        String parent = "";
        String name = "";
        int kind = 0;
        Map<String, String> attributes = new LinkedHashMap<>();
        List<Event> events = new ArrayList<>();
        List<String> links = new ArrayList<>();
        while (r.more()) {
            switch (r.tag()) {
                case 1 -> traceId = HexFormat.of().formatHex(r.bytes());
                case 2 -> spanId = HexFormat.of().formatHex(r.bytes());
                case 4 -> parent = HexFormat.of().formatHex(r.bytes());
                case 5 -> name = new String(r.bytes(), StandardCharsets.UTF_8);
                case 6 -> kind = (int) r.varint();
                case 9 -> keyValue(r.bytes(), attributes);
                case 11 -> events.add(decodeEvent(r.bytes()));
                case 13 -> {
                    Reader link = new Reader(r.bytes());
                    while (link.more()) {
                        if (link.tag() == 2) {
                            links.add(HexFormat.of().formatHex(link.bytes()));
                        } else {
                            link.skip();
                        }
                    }
                }
                default -> r.skip();
            }
        }
        return new Span(service, traceId, spanId, parent, name, kind, attributes, events, links);
    }

    private static Event decodeEvent(byte[] bytes) {
        Reader r = new Reader(bytes);
        String name = "";
        Map<String, String> attributes = new LinkedHashMap<>();
        while (r.more()) {
            switch (r.tag()) {
                case 2 -> name = new String(r.bytes(), StandardCharsets.UTF_8);
                case 3 -> keyValue(r.bytes(), attributes);
                default -> r.skip();
            }
        }
        return new Event(name, attributes);
    }

    private static void keyValue(byte[] bytes, Map<String, String> into) {
        Reader r = new Reader(bytes);
        String key = "";
        String value = "";
        while (r.more()) {
            switch (r.tag()) {
                case 1 -> key = new String(r.bytes(), StandardCharsets.UTF_8);
                case 2 -> value = anyValue(r.bytes());
                default -> r.skip();
            }
        }
        into.put(key, value);
    }

    /** An AnyValue as text: scalars as such, arrays and key-value lists as their raw bytes. */
    private static String anyValue(byte[] bytes) {
        Reader r = new Reader(bytes);
        StringBuilder out = new StringBuilder();
        while (r.more()) {
            switch (r.tag()) {
                case 1, 7 -> out.append(new String(r.bytes(), StandardCharsets.UTF_8));
                case 2 -> out.append(r.varint() != 0);
                case 3 -> out.append(r.varint());
                case 4 -> out.append(Double.longBitsToDouble(r.fixed64()));
                // an ArrayValue or KeyValueList: its bytes as text, enough to search it for a marker
                case 5, 6 -> out.append(new String(r.bytes(), StandardCharsets.UTF_8));
                default -> r.skip();
            }
        }
        return out.toString();
    }

    /** Protobuf wire format: varints, length-delimited fields, fixed 32 and 64. */
    private static final class Reader {
        private final byte[] data;
        private int position;
        private int wireType;

        Reader(byte[] data) {
            this.data = data;
        }

        boolean more() {
            return position < data.length;
        }

        int tag() {
            long tag = varint();
            wireType = (int) (tag & 7);
            return (int) (tag >>> 3);
        }

        long varint() {
            long value = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                byte b = data[position++];
                value |= (long) (b & 0x7f) << shift;
                if ((b & 0x80) == 0) {
                    return value;
                }
            }
            throw new IllegalStateException("malformed varint");
        }

        byte[] bytes() {
            int length = (int) varint();
            if (length < 0 || position + length > data.length) {
                throw new IllegalStateException("malformed length");
            }
            byte[] out = java.util.Arrays.copyOfRange(data, position, position + length);
            position += length;
            return out;
        }

        long fixed64() {
            long value = 0;
            for (int i = 0; i < 8; i++) {
                value |= (long) (data[position++] & 0xff) << (8 * i);
            }
            return value;
        }

        void skip() {
            switch (wireType) {
                case 0 -> varint();
                case 1 -> position += 8;
                case 2 -> bytes();
                case 5 -> position += 4;
                default -> throw new IllegalStateException("unsupported wire type " + wireType);
            }
        }
    }

    /** For a failure message: the spans, one a line. */
    public static String describe(List<Span> spans) {
        StringBuilder text = new StringBuilder();
        for (Span span : spans) {
            text.append(span.service()).append(' ').append(span.name()).append(" span=").append(span.spanId())
                    .append(" parent=").append(span.parentSpanId()).append(' ').append(span.attributes())
                    .append('\n');
        }
        return text.toString();
    }
}
