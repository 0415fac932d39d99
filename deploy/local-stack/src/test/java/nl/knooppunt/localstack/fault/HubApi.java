package nl.knooppunt.localstack.fault;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import nl.knooppunt.localstack.LocalStack;
import nl.knooppunt.localstack.Service;
import nl.knooppunt.standard.crypto.HubSecrets;
import nl.knooppunt.standard.crypto.Jwks;

/**
 * What the fault-injection run asks of the hub over its real interfaces: tokens of the demo API clients (refreshed in
 * the background), the recipient's mailbox (list, fetch, acknowledge), a sender's message status, the recipient's
 * delivery preference (registry operator API) and the services' health.
 */
public final class HubApi implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final LocalStack stack;
    private final String api;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    private final Map<String, AtomicReference<String>> tokens;
    private final Map<String, String> secrets;
    private final ScheduledExecutorService refresher = Executors.newSingleThreadScheduledExecutor();

    /** Tokens of the given API clients (client id to secret), refreshed every minute. */
    public HubApi(LocalStack stack, Map<String, String> clients) {
        this.stack = stack;
        this.api = stack.portalApiUrl().toString().replaceAll("/$", "");
        this.secrets = Map.copyOf(clients);
        this.tokens = new java.util.HashMap<>();
        clients.forEach((id, secret) -> tokens.put(id, new AtomicReference<>(stack.token(id, secret))));
        refresher.scheduleWithFixedDelay(this::refresh, 60, 60, TimeUnit.SECONDS);
    }

    private void refresh() {
        secrets.forEach((id, secret) -> {
            try {
                tokens.get(id).set(stack.token(id, secret));
            } catch (RuntimeException keepTheOldOne) {
                // Keycloak is never crashed by the run; a failed refresh is retried in a minute
            }
        });
    }

    /** The current token of an API client. */
    public String token(String clientId) {
        return tokens.get(clientId).get();
    }

    /** portal-api's base URL. */
    public URI portal() {
        return URI.create(api);
    }

    /** GET on the public API as that client; status and JSON body (null when none). */
    public Reply get(String clientId, String path) {
        return call(HttpRequest.newBuilder(URI.create(api + path)).GET()
                .header("Authorization", "Bearer " + token(clientId)));
    }

    /** POST without a body on the public API as that client. */
    public Reply post(String clientId, String path) {
        return call(HttpRequest.newBuilder(URI.create(api + path)).POST(HttpRequest.BodyPublishers.noBody())
                .header("Authorization", "Bearer " + token(clientId)));
    }

    /** POST of a JSON body on the public API as that client, with an Idempotency-Key. */
    public Reply submit(String clientId, String body, String idempotencyKey) {
        return call(HttpRequest.newBuilder(URI.create(api + "/api/v1/messages"))
                .POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json")
                .header("Idempotency-Key", idempotencyKey).header("Authorization", "Bearer " + token(clientId)));
    }

    /**
     * Every message waiting in the client's mailbox (ids, oldest first), paging with {@code after}.
     */
    public List<String> inbox(String clientId) {
        List<String> ids = new ArrayList<>();
        String after = null;
        while (true) {
            Reply page = get(clientId, "/api/v1/inbox?limit=500" + (after == null ? ""
                    : "&after=" + URLEncoder.encode(after, StandardCharsets.UTF_8)));
            if (page.status() != 200) {
                throw new IllegalStateException("inbox answered " + page.status());
            }
            page.body().path("items").forEach(item -> ids.add(item.path("id").asText()));
            JsonNode next = page.body().path("next");
            if (next.isNull() || next.isMissingNode() || next.asText().isEmpty() || page.body().path("items").isEmpty()) {
                return ids;
            }
            after = next.asText();
        }
    }

    /**
     * Sets a participant's delivery preference through the registry's operator API, as portal-api would; the webhook
     * signing secret the registry issued with it (a participant's first webhook), else empty.
     */
    public java.util.Optional<String> setDelivery(String participantId, Map<String, String> delivery) {
        String url = stack.serviceUrl(Service.REGISTRY).toString().replaceAll("/$", "")
                + "/internal/v1/participants/" + participantId + "/delivery";
        try {
            Reply reply = call(HttpRequest.newBuilder(URI.create(url))
                    .PUT(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(delivery)))
                    .header("Content-Type", "application/json").header("Knooppunt-Actor", "fault-injection-it")
                    .header("Authorization", "Bearer " + registryAdminToken()));
            if (reply.status() != 200) {
                throw new IllegalStateException("setting the delivery answered " + reply.status());
            }
            JsonNode secret = reply.body().path("webhookSecret").path("secret");
            return secret.isTextual() ? java.util.Optional.of(secret.asText()) : java.util.Optional.empty();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Issues a new webhook signing secret at the registry (the previous one keeps signing for the default overlap). */
    public String issueWebhookSecret(String participantId) {
        String url = stack.serviceUrl(Service.REGISTRY).toString().replaceAll("/$", "")
                + "/internal/v1/participants/" + participantId + "/webhook-secret";
        Reply reply = call(HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.noBody())
                .header("Knooppunt-Actor", "fault-injection-it")
                .header("Authorization", "Bearer " + registryAdminToken()));
        if (reply.status() != 201) {
            throw new IllegalStateException("issuing a webhook secret answered " + reply.status());
        }
        return reply.body().path("secret").asText();
    }

    /** Whether {@code /q/health/ready} and {@code /q/health/live} of the service answer 200. */
    public boolean healthy(Service.Spec service) {
        String base = stack.serviceUrl(service).toString().replaceAll("/$", "");
        return call(HttpRequest.newBuilder(URI.create(base + "/q/health/ready")).GET()).status() == 200
                && call(HttpRequest.newBuilder(URI.create(base + "/q/health/live")).GET()).status() == 200;
    }

    /** Sends the request; a 429, 503 or no answer is retried (after Retry-After, else 1 s) for up to a minute. */
    private Reply call(HttpRequest.Builder request) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            Reply reply = once(request);
            if (!(reply.status() == 0 || reply.status() == 429 || reply.status() == 503)
                    || System.nanoTime() > deadline) {
                return reply;
            }
            java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofSeconds(Math.max(1, Math.min(5,
                    reply.retryAfterSeconds()))).toNanos());
        }
    }

    private Reply once(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode body = null;
            try {
                body = response.body().isEmpty() ? null : JSON.readTree(response.body());
            } catch (IOException notJson) {
                // status decides
            }
            long retryAfter = response.headers().firstValue("Retry-After").map(v -> {
                try {
                    return Long.parseLong(v.trim());
                } catch (NumberFormatException e) {
                    return 1L;
                }
            }).orElse(1L);
            return new Reply(response.statusCode(), body, response.headers().firstValue("Idempotent-Replayed")
                    .isPresent(), retryAfter);
        } catch (IOException e) {
            return new Reply(0, null, false, 1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Reply(-1, null, false, 1);
        }
    }

    private String registryAdminToken() {
        try {
            PublicJsonWebKey key = Jwks.readPrivateKey(stack.secretsDir().resolve(HubSecrets.PORTAL_API_SIGNING_KEY));
            JwtClaims claims = new JwtClaims();
            claims.setIssuer("urn:knooppunt:services");
            claims.setSubject("portal-api");
            claims.setAudience("registry-service");
            claims.setStringListClaim("groups", List.of("registry.admin"));
            claims.setIssuedAtToNow();
            claims.setExpirationTimeMinutesInTheFuture(5);
            JsonWebSignature jws = new JsonWebSignature();
            jws.setPayload(claims.toJson());
            jws.setKey(key.getPrivateKey());
            jws.setKeyIdHeaderValue(key.getKeyId());
            jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256);
            return jws.getCompactSerialization();
        } catch (Exception e) {
            throw new IllegalStateException("cannot sign a service token", e);
        }
    }

    @Override
    public void close() {
        refresher.shutdownNow();
    }

    /** An answer: status (0 when none came, -1 when interrupted), JSON body, whether it was an idempotent replay, Retry-After. */
    public record Reply(int status, JsonNode body, boolean replayed, long retryAfterSeconds) {
    }
}
