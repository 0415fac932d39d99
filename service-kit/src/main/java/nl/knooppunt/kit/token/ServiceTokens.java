package nl.knooppunt.kit.token;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;

import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * Service JWTs (docs/internal-apis.md) for calls to other services: ES256, issuer {@value #ISSUER}, subject and kid
 * from {@link ServiceTokenConfig}, signed with {@code smallrye.jwt.sign.key.location}. One token per audience and
 * groups is reused for {@code knooppunt.service-token.reuse-for} and then renewed in the background while the old one is
 * still handed out, so calls do not wait for signing. Signing runs on a worker thread; when a caller must wait for it,
 * the token is delivered back on the caller's Vert.x context ({@link OnCallerContext}), so a REST client call goes on
 * where it started, in its request's context, never on the worker or a new event-loop context.
 */
@ApplicationScoped
public class ServiceTokens {

    /** Issuer of every service JWT of the hub. */
    public static final String ISSUER = "urn:knooppunt:services";

    private final Map<String, Token> tokens = new ConcurrentHashMap<>();
    private final Set<String> renewing = ConcurrentHashMap.newKeySet();
    private final ServiceTokenConfig config;

    public ServiceTokens(ServiceTokenConfig config) {
        this.config = config;
    }

    /** An {@code Authorization: Bearer} header carrying a valid token for the audience and group. */
    public Uni<MultivaluedMap<String, String>> authorizationHeader(String audience, String group) {
        return authorizationHeader(audience, Set.of(group));
    }

    /** An {@code Authorization: Bearer} header carrying a valid token for the audience and groups. */
    public Uni<MultivaluedMap<String, String>> authorizationHeader(String audience, Set<String> groups) {
        return token(audience, groups).map(token -> {
            MultivaluedMap<String, String> headers = new MultivaluedHashMap<>();
            headers.putSingle(HttpHeaders.AUTHORIZATION, "Bearer " + token);
            return headers;
        });
    }

    /** A token for the audience and one group, reused while fresh. */
    public Uni<String> token(String audience, String group) {
        return token(audience, Set.of(group));
    }

    /**
     * A token for the audience and groups, reused while fresh. Past its reuse time but well within its lifetime, the
     * token in hand is answered at once and a fresh one is signed in the background; only without a usable token (the
     * first call, or after a long pause) does the caller wait for the signing, on a worker thread, and get the token
     * back on its own Vert.x context.
     */
    public Uni<String> token(String audience, Set<String> groups) {
        String cacheKey = cacheKey(audience, groups);
        Token cached = tokens.get(cacheKey);
        Instant now = Instant.now();
        if (cached != null && now.isBefore(cached.renewAt())) {
            return Uni.createFrom().item(cached.value());
        }
        if (cached != null && now.isBefore(cached.usableUntil())) {
            renewInBackground(cacheKey, audience, groups);
            return Uni.createFrom().item(cached.value());
        }
        return OnCallerContext.offload(() -> signAndKeep(cacheKey, audience, groups));
    }

    private void renewInBackground(String cacheKey, String audience, Set<String> groups) {
        if (!renewing.add(cacheKey)) {
            return;
        }
        Infrastructure.getDefaultWorkerPool().execute(() -> {
            try {
                signAndKeep(cacheKey, audience, groups);
            } finally {
                renewing.remove(cacheKey);
            }
        });
    }

    private String signAndKeep(String cacheKey, String audience, Set<String> groups) {
        Token token = sign(audience, groups);
        tokens.put(cacheKey, token);
        return token.value();
    }

    private static String cacheKey(String audience, Set<String> groups) {
        return audience + " " + String.join(",", new TreeSet<>(groups));
    }

    private Token sign(String audience, Set<String> groups) {
        Instant now = Instant.now();
        Duration lifetime = config.lifetime();
        String value = Jwt.issuer(ISSUER)
                .subject(config.subject())
                .audience(audience)
                .groups(groups)
                .issuedAt(now)
                .expiresAt(now.plus(lifetime))
                .jws()
                .keyId(config.keyId())
                .algorithm(SignatureAlgorithm.ES256)
                .sign();
        // a token in hand is handed out until a minute before it expires (or half its lifetime, if shorter)
        Duration margin = lifetime.dividedBy(2).compareTo(Duration.ofMinutes(1)) < 0 ? lifetime.dividedBy(2)
                : Duration.ofMinutes(1);
        return new Token(value, now.plus(config.reuseFor()), now.plus(lifetime).minus(margin));
    }

    private record Token(String value, Instant renewAt, Instant usableUntil) {
    }
}
