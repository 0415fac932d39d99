package nl.knooppunt.validation.fake;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.config.ConfigProvider;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.json.JsonUtil;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.jwt.consumer.JwtContext;
import org.jose4j.keys.resolvers.JwksVerificationKeyResolver;

import nl.knooppunt.standard.crypto.HubSecrets;
import nl.knooppunt.standard.crypto.Jwks;
import nl.knooppunt.validation.routing.MessageMetadata;

/**
 * Test stand-in for the internal APIs of registry-service and routing-service (docs/internal-apis.md). Every call
 * must carry a valid service JWT of validation-service for the right audience and group, or it is refused.
 */
@Path("/internal/v1")
@Produces(MediaType.APPLICATION_JSON)
public class FakeHubServicesResource {

    public static final String GEMEENTE = "6a1f0c43-2d2b-4c55-9a0e-3f1f7a0d2a01";
    public static final String ENERGIE = "b7e2d154-3e3c-4d66-8b1f-4a2a8b1e3b02";

    /** Message metadata routing-service knows, by id; conversations are grouped by conversation id. */
    public static final Map<String, MessageMetadata> MESSAGES = new ConcurrentHashMap<>();
    /** How many more times a conversation lookup answers 503 before it answers normally, by id. */
    public static final Map<String, AtomicInteger> UNAVAILABLE_FOR = new ConcurrentHashMap<>();
    /** Conversation lookups that reached the resource with a valid token, by the message id asked for. */
    public static final Map<String, AtomicInteger> MESSAGE_CALLS = new ConcurrentHashMap<>();
    /** Calls refused for a missing or invalid token. */
    public static final AtomicInteger REFUSED_CALLS = new AtomicInteger();

    @GET
    @Path("/participants/{id}")
    public Response participant(@PathParam("id") String id,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        Optional<Response> refusal = refuse(authorization, "registry-service", "registry.read");
        if (refusal.isPresent()) {
            return refusal.get();
        }
        Map<String, Object> participant = switch (id) {
            case GEMEENTE -> participant(GEMEENTE, "Gemeente Voorbeeldstad", "00000001001234567000", "01234567",
                    "counsellor-phase-1", null);
            case ENERGIE -> participant(ENERGIE, "Voorbeeld Energie B.V.", "00000003123456780000", "12345678",
                    "creditor", "energy");
            default -> null;
        };
        return participant == null ? problem(404, "Participant not found") : Response.ok(participant).build();
    }

    @GET
    @Path("/conversations")
    public Response conversation(@QueryParam("message") String id,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        Optional<Response> refusal = refuse(authorization, "routing-service", "messages.read");
        if (refusal.isPresent()) {
            return refusal.get();
        }
        MESSAGE_CALLS.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
        AtomicInteger unavailable = UNAVAILABLE_FOR.get(id);
        if (unavailable != null && unavailable.getAndDecrement() > 0) {
            return problem(503, "Service unavailable");
        }
        MessageMetadata message = MESSAGES.get(id);
        if (message == null) {
            return problem(404, "Message not found");
        }
        List<Map<String, Object>> messages = MESSAGES.values().stream()
                .filter(m -> m.conversationId().equals(message.conversationId()))
                .sorted(java.util.Comparator.comparing(m -> m.id().equals(m.conversationId()) ? 0 : 1))
                .map(m -> {
                    Map<String, Object> body = new LinkedHashMap<>();
                    body.put("id", m.id());
                    body.put("inReplyTo", m.inReplyTo());
                    body.put("module", m.module());
                    body.put("type", m.type());
                    body.put("sender", m.sender());
                    body.put("recipient", m.recipient());
                    body.put("submittedAt", "2026-11-27T10:00:00Z");
                    return body;
                })
                .toList();
        return Response.ok(Map.of("conversationId", message.conversationId(), "messages", messages)).build();
    }

    private static Map<String, Object> participant(String id, String name, String oin, String kvk, String kind,
            String sector) {
        PublicJsonWebKey participantKey = nl.knooppunt.testsupport.ParticipantTestKeys.of(secretsDir(), id).get(0);
        Map<String, Object> participant = new LinkedHashMap<>();
        participant.put("id", id);
        participant.put("oin", oin);
        participant.put("kvk", kvk);
        participant.put("name", name);
        participant.put("kind", kind);
        participant.put("sector", sector);
        participant.put("status", "active");
        participant.put("modules", List.of("schuldinventarisatie"));
        participant.put("keyIds", List.of(participantKey.getKeyId()));
        try {
            participant.put("keys", List.of(JsonUtil.parseJson(
                    participantKey.toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY))));
        } catch (org.jose4j.lang.JoseException e) {
            throw new IllegalStateException(e);
        }
        return participant;
    }

    /** 401 unless the bearer token is a valid, fresh service JWT of validation-service; 403 without the group. */
    private static Optional<Response> refuse(String authorization, String audience, String group) {
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            REFUSED_CALLS.incrementAndGet();
            return Optional.of(problem(401, "Unauthorized"));
        }
        try {
            JwtContext context = consumer(audience).process(authorization.substring("Bearer ".length()));
            JwtClaims claims = context.getJwtClaims();
            String kid = context.getJoseObjects().get(0).getKeyIdHeaderValue();
            long lifetime = claims.getExpirationTime().getValue() - claims.getIssuedAt().getValue();
            if (kid == null || !kid.startsWith("validation-service") || lifetime > 300) {
                REFUSED_CALLS.incrementAndGet();
                return Optional.of(problem(401, "Unauthorized"));
            }
            if (!claims.getStringListClaimValue("groups").contains(group)) {
                REFUSED_CALLS.incrementAndGet();
                return Optional.of(problem(403, "Forbidden"));
            }
            return Optional.empty();
        } catch (Exception e) {
            REFUSED_CALLS.incrementAndGet();
            return Optional.of(problem(401, "Unauthorized"));
        }
    }

    private static JwtConsumer consumer(String audience) {
        JsonWebKeySet keys = Jwks.readSet(secretsDir().resolve(HubSecrets.SERVICE_PUBLIC_KEYS));
        return new JwtConsumerBuilder()
                .setRequireExpirationTime()
                .setRequireIssuedAt()
                .setExpectedIssuer("urn:knooppunt:services")
                .setExpectedAudience(audience)
                .setExpectedSubject("validation-service")
                .setJwsAlgorithmConstraints(new AlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT,
                        AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256))
                .setVerificationKeyResolver(new JwksVerificationKeyResolver(keys.getJsonWebKeys()))
                .build();
    }

    private static java.nio.file.Path secretsDir() {
        return java.nio.file.Path.of(ConfigProvider.getConfig().getValue("knooppunt.secrets-dir", String.class));
    }

    private static Response problem(int status, String title) {
        return Response.status(status).type("application/problem+json")
                .entity(Map.of("type", "about:blank", "title", title, "status", status)).build();
    }
}
