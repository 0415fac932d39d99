package nl.knooppunt.routing.support;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.jwt.consumer.JwtContext;
import org.jose4j.keys.resolvers.JwksVerificationKeyResolver;

import nl.knooppunt.standard.crypto.HubSecrets;
import nl.knooppunt.standard.crypto.Jwks;

/**
 * Test stand-in for registry-service's webhook secrets endpoint (docs/internal-apis.md), served by the application
 * under test: answers the secrets a test issued, newest first, only to a valid service JWT of routing-service (kid
 * {@code routing-service-*}, audience registry-service, group webhook.secrets), and counts the calls.
 */
@Path("/internal/v1/participants/{id}/webhook-secrets")
@Produces(MediaType.APPLICATION_JSON)
@PermitAll
public class FakeRegistry {

    private static final Map<String, List<Issued>> SECRETS = new ConcurrentHashMap<>();
    private static final Map<String, AtomicInteger> CALLS = new ConcurrentHashMap<>();
    private static final AtomicInteger REFUSED = new AtomicInteger();
    private static final SecureRandom RANDOM = new SecureRandom();

    private record Issued(String secret, Instant notAfter) {
    }

    /** Issues a receiver's first secret (or a new one that ends the others at once) and answers it. */
    public static String issue(String participant) {
        return rotate(participant, Instant.now());
    }

    /** A new secret; the receiver's newest one keeps signing until {@code previousUntil}, older ones end now. */
    public static synchronized String rotate(String participant, Instant previousUntil) {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String secret = "whsec_" + Base64.getEncoder().encodeToString(bytes);
        List<Issued> before = SECRETS.getOrDefault(participant, List.of());
        List<Issued> after = new ArrayList<>();
        after.add(new Issued(secret, null));
        if (!before.isEmpty()) {
            after.add(new Issued(before.get(0).secret(), previousUntil));
        }
        SECRETS.put(participant, List.copyOf(after));
        return secret;
    }

    /** Calls that reached the endpoint with a valid token, for this participant. */
    public static int calls(String participant) {
        AtomicInteger calls = CALLS.get(participant);
        return calls == null ? 0 : calls.get();
    }

    /** Calls refused for a missing or invalid token. */
    public static int refused() {
        return REFUSED.get();
    }

    @GET
    public Response secrets(@PathParam("id") String id, @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        if (!routingServiceToken(authorization)) {
            REFUSED.incrementAndGet();
            return Response.status(403).type("application/problem+json")
                    .entity(Map.of("status", 403, "title", "Forbidden")).build();
        }
        CALLS.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
        Instant now = Instant.now();
        List<Map<String, Object>> valid = new ArrayList<>();
        for (Issued issued : SECRETS.getOrDefault(id, List.of())) {
            if (issued.notAfter() == null || issued.notAfter().isAfter(now)) {
                Map<String, Object> secret = new LinkedHashMap<>();
                secret.put("secret", issued.secret());
                secret.put("notAfter", issued.notAfter() == null ? null : issued.notAfter().toString());
                valid.add(secret);
            }
        }
        return Response.ok(Map.of("secrets", valid)).header("Cache-Control", "no-store").build();
    }

    private static boolean routingServiceToken(String authorization) {
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            return false;
        }
        JsonWebKeySet keys = Jwks.readSet(ServiceTokens.secretsDir().resolve(HubSecrets.SERVICE_PUBLIC_KEYS));
        JwtConsumer consumer = new JwtConsumerBuilder()
                .setExpectedIssuer("urn:knooppunt:services")
                .setExpectedAudience("registry-service")
                .setExpectedSubject("routing-service")
                .setRequireExpirationTime()
                .setVerificationKeyResolver(new JwksVerificationKeyResolver(keys.getJsonWebKeys()))
                .build();
        try {
            JwtContext context = consumer.process(authorization.substring("Bearer ".length()));
            JwtClaims claims = context.getJwtClaims();
            String kid = context.getJoseObjects().get(0).getKeyIdHeaderValue();
            return kid != null && kid.startsWith("routing-service-")
                    && claims.getStringListClaimValue("groups").contains("webhook.secrets");
        } catch (Exception e) {
            return false;
        }
    }
}
