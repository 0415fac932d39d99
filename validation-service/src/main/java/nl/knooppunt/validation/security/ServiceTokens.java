package nl.knooppunt.validation.security;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;

import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import nl.knooppunt.validation.config.KnooppuntConfig;

/**
 * Service JWTs (docs/internal-apis.md) for calls to registry-service and routing-service: ES256, issuer
 * {@value #ISSUER}, subject validation-service, signed with {@code smallrye.jwt.sign.key.location}. One token per
 * audience is reused for {@code knooppunt.validation.service-token.reuse-for}; signing runs on a worker thread.
 */
@ApplicationScoped
public class ServiceTokens {

    /** Issuer of every service JWT of the hub. */
    public static final String ISSUER = "urn:knooppunt:services";

    private final Map<String, Token> tokens = new ConcurrentHashMap<>();
    private final String keyId;
    private final Duration lifetime;
    private final Duration reuseFor;

    public ServiceTokens(HubKeys keys, KnooppuntConfig config) {
        this.keyId = keys.signingKey().getKeyId();
        this.lifetime = config.validation().serviceToken().lifetime();
        this.reuseFor = config.validation().serviceToken().reuseFor();
    }

    /** An {@code Authorization: Bearer} header carrying a valid token for the audience and group. */
    public Uni<MultivaluedMap<String, String>> authorizationHeader(String audience, String group) {
        return token(audience, group).map(token -> {
            MultivaluedMap<String, String> headers = new MultivaluedHashMap<>();
            headers.putSingle(HttpHeaders.AUTHORIZATION, "Bearer " + token);
            return headers;
        });
    }

    /** A token for the audience and group, reused while fresh and signed anew otherwise. */
    public Uni<String> token(String audience, String group) {
        String cacheKey = audience + " " + group;
        Token cached = tokens.get(cacheKey);
        if (cached != null && Instant.now().isBefore(cached.renewAt())) {
            return Uni.createFrom().item(cached.value());
        }
        return Uni.createFrom().item(() -> sign(audience, group))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .invoke(token -> tokens.put(cacheKey, token))
                .map(Token::value);
    }

    private Token sign(String audience, String group) {
        Instant now = Instant.now();
        String value = Jwt.issuer(ISSUER)
                .subject(HubKeys.VALIDATION_SERVICE)
                .audience(audience)
                .groups(Set.of(group))
                .issuedAt(now)
                .expiresAt(now.plus(lifetime))
                .jws()
                .keyId(keyId)
                .algorithm(SignatureAlgorithm.ES256)
                .sign();
        return new Token(value, now.plus(reuseFor));
    }

    private record Token(String value, Instant renewAt) {
    }
}
