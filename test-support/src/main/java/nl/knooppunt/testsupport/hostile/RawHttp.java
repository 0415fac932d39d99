package nl.knooppunt.testsupport.hostile;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An HTTP/1.1 client that sends exactly the bytes it is given (raw paths, header values with CR LF, invalid UTF-8,
 * lying Content-Length), because hostile requests are what ordinary clients refuse to send.
 */
public final class RawHttp {

    /** A response: status, headers (lower-case names, repeated values joined by a newline), body. */
    public record Response(int status, Map<String, String> headers, String body) {

        /** The value of a header (repeated values joined by a newline), or null. */
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private RawHttp() {
    }

    /**
     * Sends one request. {@code body} null sends no body; {@code declaredLength} overrides Content-Length (null: the
     * body's length when there is a body); {@code chunked} streams the body as chunks without Content-Length.
     */
    public static Response send(int port, String method, String rawPath, List<String[]> headers, byte[] body,
            String declaredLength, boolean chunked) {
        return send("localhost", port, method, rawPath, headers, body, declaredLength, chunked);
    }

    /** Sends one hostile case's request to {@code host:port}. */
    public static Response send(String host, int port, HostileCase c) {
        return send(host, port, c.method(), c.path(), c.headers(), c.body(), c.declaredLength(), c.chunked());
    }

    /** Sends one request to {@code host:port}, as {@link #send(int, String, String, List, byte[], String, boolean)}. */
    public static Response send(String host, int port, String method, String rawPath, List<String[]> headers,
            byte[] body, String declaredLength, boolean chunked) {
        try (Socket socket = new Socket(host, port)) {
            socket.setSoTimeout(30_000);
            ByteArrayOutputStream request = new ByteArrayOutputStream();
            write(request, method + " " + rawPath + " HTTP/1.1\r\nHost: " + host + ":" + port
                    + "\r\nConnection: close\r\n");
            for (String[] header : headers) {
                request.write((header[0] + ": ").getBytes(StandardCharsets.ISO_8859_1));
                request.write(header[1].getBytes(StandardCharsets.UTF_8));
                write(request, "\r\n");
            }
            if (chunked) {
                write(request, "Transfer-Encoding: chunked\r\n");
            } else if (declaredLength != null) {
                write(request, "Content-Length: " + declaredLength + "\r\n");
            } else if (body != null) {
                write(request, "Content-Length: " + body.length + "\r\n");
            }
            write(request, "\r\n");
            OutputStream out = socket.getOutputStream();
            out.write(request.toByteArray());
            if (body != null) {
                try {
                    if (chunked) {
                        for (int i = 0; i < body.length; i += 65536) {
                            int n = Math.min(65536, body.length - i);
                            out.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                            out.write(body, i, n);
                            out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                        }
                        out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    } else if (declaredLength == null || Long.parseLong(declaredLength) <= body.length) {
                        out.write(body);
                    }
                } catch (IOException closedEarly) {
                    // the server may answer and close before it read everything (413)
                }
            }
            out.flush();
            return read(socket.getInputStream());
        } catch (IOException e) {
            throw new IllegalStateException("request failed: " + e, e);
        }
    }

    private static void write(ByteArrayOutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static Response read(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IllegalStateException("no HTTP response, got " + head.size() + " bytes");
            }
            head.write(b);
            matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3))
                    ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        String[] lines = head.toString(StandardCharsets.ISO_8859_1).trim().split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.merge(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                    lines[i].substring(colon + 1).trim(), (a, b) -> a + "\n" + b);
        }
        byte[] rest;
        if (headers.containsKey("content-length")) {
            rest = in.readNBytes(Integer.parseInt(headers.get("content-length")));
        } else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            rest = dechunk(in);
        } else {
            rest = in.readAllBytes();
        }
        return new Response(status, headers, new String(rest, StandardCharsets.UTF_8));
    }

    private static byte[] dechunk(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (true) {
            StringBuilder line = new StringBuilder();
            int b;
            while ((b = in.read()) >= 0 && b != '\n') {
                if (b != '\r') {
                    line.append((char) b);
                }
            }
            String size = line.toString().split(";")[0].trim();
            int n = size.isEmpty() ? 0 : Integer.parseInt(size, 16);
            if (n == 0 || b < 0) {
                return out.toByteArray();
            }
            out.write(in.readNBytes(n));
            in.readNBytes(2);
        }
    }
}
