package nl.knooppunt.routing.security;

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
import nl.knooppunt.routing.config.RoutingConfig;
import nl.knooppunt.standard.crypto.HubSecrets;

/**
 * Service JWTs (docs/internal-apis.md) for calls to registry-service: ES256, issuer {@value #ISSUER}, subject
 * routing-service, kid {@code routing-service-1}, signed with {@code smallrye.jwt.sign.key.location}. One token per
 * audience and group is reused for {@code knooppunt.routing.service-token.reuse-for}; signing runs on a worker thread.
 */
@ApplicationScoped
public class ServiceTokens {

    /** Issuer of every service JWT of the hub. */
    public static final String ISSUER = "urn:knooppunt:services";
    /** This service's name: the subject of its service JWTs. */
    public static final String ROUTING_SERVICE = "routing-service";

    private final Map<String, Token> tokens = new ConcurrentHashMap<>();
    private final Duration lifetime;
    private final Duration reuseFor;

    public ServiceTokens(RoutingConfig config) {
        this.lifetime = config.routing().serviceToken().lifetime();
        this.reuseFor = config.routing().serviceToken().reuseFor();
    }

    /** An {@code Authorization: Bearer} header carrying a valid token for the audience and group. */
    public Uni<MultivaluedMap<String, String>> authorizationHeader(String audience, String group) {
        return token(audience, group).map(token -> {
            MultivaluedMap<String, String> headers = new MultivaluedHashMap<>();
            headers.putSingle(HttpHeaders.AUTHORIZATION, "Bearer " + token);
            return headers;
        });
    }

    private Uni<String> token(String audience, String group) {
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
                .subject(ROUTING_SERVICE)
                .audience(audience)
                .groups(Set.of(group))
                .issuedAt(now)
                .expiresAt(now.plus(lifetime))
                .jws()
                .keyId(HubSecrets.ROUTING_SERVICE_KEY_ID)
                .algorithm(SignatureAlgorithm.ES256)
                .sign();
        return new Token(value, now.plus(reuseFor));
    }

    private record Token(String value, Instant renewAt) {
    }
}
