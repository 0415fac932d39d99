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

/**
 * Service JWTs (docs/internal-apis.md) for calls to other services: ES256, issuer {@value #ISSUER}, subject and kid
 * from {@link ServiceTokenConfig}, signed with {@code smallrye.jwt.sign.key.location}. One token per audience and
 * groups is reused for {@code knooppunt.service-token.reuse-for}; signing runs on a worker thread, and the signed token
 * is delivered back on the caller's Vert.x context ({@link OnCallerContext}), so a REST client call whose token had
 * to be signed goes on where it started, in its request's context, never on the worker or a new event-loop context.
 */
@ApplicationScoped
public class ServiceTokens {

    /** Issuer of every service JWT of the hub. */
    public static final String ISSUER = "urn:knooppunt:services";

    private final Map<String, Token> tokens = new ConcurrentHashMap<>();
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

    /** A token for the audience and groups, reused while fresh and signed anew (on a worker thread) otherwise. */
    public Uni<String> token(String audience, Set<String> groups) {
        String cacheKey = cacheKey(audience, groups);
        Token cached = tokens.get(cacheKey);
        if (cached != null && Instant.now().isBefore(cached.renewAt())) {
            return Uni.createFrom().item(cached.value());
        }
        return OnCallerContext.offload(() -> {
            Token token = sign(audience, groups);
            tokens.put(cacheKey, token);
            return token.value();
        });
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
        return new Token(value, now.plus(config.reuseFor()));
    }

    private record Token(String value, Instant renewAt) {
    }
}
