package nl.knooppunt.portal.security;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.build.Jwt;
import jakarta.enterprise.context.ApplicationScoped;
import nl.knooppunt.standard.crypto.HubSecrets;

/** Short-lived service JWTs that portal-api presents to the internal APIs of registry and routing. */
@ApplicationScoped
public class ServiceTokens {

    /** Issuer of every internal service token. */
    public static final String ISSUER = "urn:knooppunt:services";
    private static final String SUBJECT = "portal-api";
    private static final Duration LIFETIME = Duration.ofMinutes(5);
    private static final Duration REUSE = Duration.ofMinutes(1);

    private final Map<String, CachedToken> cache = new ConcurrentHashMap<>();

    /** A token for the audience with the groups, reused for up to a minute. */
    public String forAudience(String audience, Set<String> groups) {
        String cacheKey = audience + "|" + String.join(",", new java.util.TreeSet<>(groups));
        Instant now = Instant.now();
        CachedToken cached = cache.get(cacheKey);
        if (cached != null && cached.issuedAt().plus(REUSE).isAfter(now)) {
            return cached.token();
        }
        String token = Jwt.issuer(ISSUER)
                .subject(SUBJECT)
                .audience(audience)
                .groups(groups)
                .issuedAt(now)
                .expiresIn(LIFETIME)
                .jws()
                .keyId(HubSecrets.PORTAL_API_KEY_ID)
                .algorithm(SignatureAlgorithm.ES256)
                .sign();
        cache.put(cacheKey, new CachedToken(token, now));
        return token;
    }

    private record CachedToken(String token, Instant issuedAt) {
    }
}
