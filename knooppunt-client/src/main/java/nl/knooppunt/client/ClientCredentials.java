package nl.knooppunt.client;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.locks.ReentrantLock;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * OAuth2 client-credentials access tokens from the identity provider's token URL, renewed {@code renewBefore} (by
 * default a minute, at most half the lifetime) before they expire. Safe for many threads: they share one token, and
 * one of them renews it while the others wait. When a renewal fails while the current token is still valid, that
 * token is used and renewal is tried again a few seconds later.
 */
public final class ClientCredentials {

    private static final Duration RENEWAL_RETRY = Duration.ofSeconds(5);
    /** The lifetime assumed when the token answer names none ({@code expires_in}). */
    private static final long ASSUMED_LIFETIME_SECONDS = 60;

    private final URI tokenUrl;
    private final String clientId;
    private final String clientSecret;
    private final HttpClient http;
    private final Duration renewBefore;
    private final Duration timeout;
    private final Clock clock;
    private final ReentrantLock renewal = new ReentrantLock();
    private volatile Token current;

    private record Token(String value, Instant renewAt, Instant expiresAt) {
    }

    private ClientCredentials(Builder builder) {
        this.tokenUrl = builder.tokenUrl;
        this.clientId = builder.clientId;
        this.clientSecret = builder.clientSecret;
        this.http = builder.http != null ? builder.http
                : HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        this.renewBefore = builder.renewBefore;
        this.timeout = builder.timeout;
        this.clock = builder.clock;
    }

    /** Tokens for this client at this token URL, with the defaults. */
    public static ClientCredentials of(URI tokenUrl, String clientId, String clientSecret) {
        return builder(tokenUrl, clientId, clientSecret).build();
    }

    /** A builder, e.g. to share an {@link HttpClient} or to renew earlier. */
    public static Builder builder(URI tokenUrl, String clientId, String clientSecret) {
        return new Builder(tokenUrl, clientId, clientSecret);
    }

    /** The OIDC client id. */
    public String clientId() {
        return clientId;
    }

    /** A valid access token: the current one, or a new one when the current one is due for renewal. */
    public String accessToken() {
        Token token = current;
        if (token != null && clock.instant().isBefore(token.renewAt())) {
            return token.value();
        }
        renewal.lock();
        try {
            token = current;
            Instant now = clock.instant();
            if (token != null && now.isBefore(token.renewAt())) {
                return token.value();
            }
            try {
                current = request(now);
            } catch (KnooppuntException e) {
                if (token != null && now.isBefore(token.expiresAt())) {
                    current = new Token(token.value(), min(now.plus(RENEWAL_RETRY), token.expiresAt()),
                            token.expiresAt());
                    return token.value();
                }
                throw e;
            }
            return current.value();
        } finally {
            renewal.unlock();
        }
    }

    /** Forgets the current token, so the next call gets a new one (e.g. after the API answered 401). */
    public void invalidate() {
        current = null;
    }

    private Token request(Instant requestedAt) {
        String form = "grant_type=client_credentials&client_id=" + URLEncoder.encode(clientId, StandardCharsets.UTF_8)
                + "&client_secret=" + URLEncoder.encode(clientSecret, StandardCharsets.UTF_8);
        HttpResponse<String> response;
        try {
            response = http.send(HttpRequest.newBuilder(tokenUrl).timeout(timeout)
                    .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new KnooppuntException("token request for " + clientId + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KnooppuntException("interrupted while requesting a token for " + clientId, e);
        }
        JsonNode answer = Json.readOrNull(response.body());
        if (response.statusCode() != 200 || answer == null || !answer.path("access_token").isTextual()) {
            String error = answer == null ? "" : " " + answer.path("error").asText("");
            throw new KnooppuntException("token request for " + clientId + " refused: HTTP " + response.statusCode()
                    + error);
        }
        long lifetime = Math.max(1, answer.path("expires_in").asLong(ASSUMED_LIFETIME_SECONDS));
        Duration early = min(renewBefore, Duration.ofSeconds(lifetime).dividedBy(2));
        Instant expiresAt = requestedAt.plusSeconds(lifetime);
        return new Token(answer.path("access_token").asText(), expiresAt.minus(early), expiresAt);
    }

    private static <T extends Comparable<T>> T min(T a, T b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /** Builds {@link ClientCredentials}. */
    public static final class Builder {

        private final URI tokenUrl;
        private final String clientId;
        private final String clientSecret;
        private HttpClient http;
        private Duration renewBefore = Duration.ofSeconds(60);
        private Duration timeout = Duration.ofSeconds(30);
        private Clock clock = Clock.systemUTC();

        private Builder(URI tokenUrl, String clientId, String clientSecret) {
            this.tokenUrl = java.util.Objects.requireNonNull(tokenUrl, "tokenUrl");
            this.clientId = java.util.Objects.requireNonNull(clientId, "clientId");
            this.clientSecret = java.util.Objects.requireNonNull(clientSecret, "clientSecret");
        }

        /** The HTTP client for token requests (default: a new one). */
        public Builder httpClient(HttpClient http) {
            this.http = http;
            return this;
        }

        /** How long before its expiry a token is renewed (default 60 s; at most half its lifetime is used). */
        public Builder renewBefore(Duration renewBefore) {
            this.renewBefore = renewBefore;
            return this;
        }

        /** The timeout of a token request (default 30 s). */
        public Builder timeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        /** The clock expiry is judged by (tests). */
        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        public ClientCredentials build() {
            return new ClientCredentials(this);
        }
    }
}
