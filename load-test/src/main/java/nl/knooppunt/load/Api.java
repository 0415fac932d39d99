package nl.knooppunt.load;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import nl.knooppunt.client.ClientCredentials;
import nl.knooppunt.client.KnooppuntClient;
import nl.knooppunt.client.RetryPolicy;

/**
 * HTTP to the hub and Keycloak: one shared {@link HttpClient}, JSON helpers, the client-credentials tokens of every
 * API client, and each vendor's {@link KnooppuntClient} (one per portal-api replica, taken in turn). The vendor
 * clients make a single attempt per request: a refusal or a failure is the driver's measurement, never hidden by a
 * retry.
 */
final class Api {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final LoadConfig config;
    private final HttpClient client;
    private final Map<String, Token> tokens = new ConcurrentHashMap<>();
    private final Map<String, ClientCredentials> credentials = new ConcurrentHashMap<>();
    private final Map<String, List<KnooppuntClient>> hubs = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicInteger nextApi = new java.util.concurrent.atomic.AtomicInteger();

    private record Token(String value, Instant refreshAt) {
    }

    Api(LoadConfig config) {
        this.config = config;
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .executor(Executors.newFixedThreadPool(4, daemon("load-http"))).build();
    }

    static java.util.concurrent.ThreadFactory daemon(String name) {
        java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    LoadConfig config() {
        return config;
    }

    /** {@code <api>/api/v1<path>}, on the portal-api replicas in turn. */
    URI api(String path) {
        List<URI> urls = config.apiUrls();
        URI base = urls.size() == 1 ? urls.get(0) : urls.get(Math.floorMod(nextApi.getAndIncrement(), urls.size()));
        return URI.create(base + "/api/v1" + path);
    }

    /** A client-credentials token of the hub's realm, renewed a minute before it ends. */
    String token(String clientId, String secret) {
        return credentials(clientId, secret).accessToken();
    }

    private ClientCredentials credentials(String clientId, String secret) {
        return credentials.computeIfAbsent(clientId, id -> ClientCredentials.builder(URI.create(config.keycloakUrl()
                + "/realms/" + config.realm() + "/protocol/openid-connect/token"), id, secret).httpClient(client)
                .timeout(TIMEOUT).build());
    }

    /** The vendor's client of the hub's API, on the portal-api replicas in turn; single attempts. */
    KnooppuntClient hub(Population.Vendor vendor) {
        List<KnooppuntClient> replicas = hubs.computeIfAbsent(vendor.clientId(), id -> config.apiUrls().stream()
                .map(url -> KnooppuntClient.builder(url).credentials(credentials(id, vendor.secret()))
                        .httpClient(client).retryPolicy(RetryPolicy.singleAttempt()).requestTimeout(TIMEOUT).build())
                .toList());
        return replicas.size() == 1 ? replicas.get(0)
                : replicas.get(Math.floorMod(nextApi.getAndIncrement(), replicas.size()));
    }

    /** An admin token of Keycloak's master realm (admin/admin in the local stack). */
    String keycloakAdminToken() {
        Token token = tokens.get("__admin");
        if (token == null || Instant.now().isAfter(token.refreshAt())) {
            token = fetchToken(config.keycloakUrl() + "/realms/master/protocol/openid-connect/token",
                    Map.of("grant_type", "password", "client_id", "admin-cli", "username", "admin",
                            "password", "admin"));
            tokens.put("__admin", token);
        }
        return token.value();
    }

    private Token fetchToken(String url, Map<String, String> form) {
        String body = form.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("token request for " + form.get("client_id") + " failed: HTTP "
                    + response.statusCode() + " " + response.body());
        }
        JsonNode json = read(response.body());
        long lifetime = json.path("expires_in").asLong(300);
        return new Token(json.path("access_token").asText(),
                Instant.now().plusSeconds(Math.max(10, lifetime - 60)));
    }

    /** A JSON request with a bearer token (and the acting participant when not null). */
    static HttpRequest.Builder request(URI uri, String token, String participant) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(TIMEOUT)
                .header("Authorization", "Bearer " + token).header("Accept", "application/json");
        if (participant != null) {
            builder.header("Knooppunt-Participant", participant);
        }
        return builder;
    }

    static HttpRequest.BodyPublisher json(Object body) {
        try {
            return HttpRequest.BodyPublishers.ofString(body instanceof String s ? s : JSON.writeValueAsString(body));
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    HttpResponse<String> send(HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(request.method() + " " + request.uri() + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    static JsonNode read(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new IllegalStateException("not JSON: " + body, e);
        }
    }
}
