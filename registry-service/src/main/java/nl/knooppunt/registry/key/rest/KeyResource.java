package nl.knooppunt.registry.key.rest;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Uni;
import nl.knooppunt.registry.RegistryConfig;
import nl.knooppunt.registry.key.service.KeyService;
import nl.knooppunt.registry.key.service.PublicKeyPolicy;
import nl.knooppunt.registry.problem.Ids;
import nl.knooppunt.kit.problem.ProblemException;
import nl.knooppunt.registry.security.Actor;
import nl.knooppunt.registry.security.ServiceGroups;

/** Publication, rotation and retirement of participants' public encryption keys. */
@Path("/internal/v1/participants/{id}/keys")
@Tag(name = "keys")
public class KeyResource {

    private final KeyService keys;
    private final PublicKeyPolicy policy;
    private final RegistryConfig config;
    private final JsonWebToken jwt;
    private final ObjectMapper mapper;

    public KeyResource(KeyService keys, PublicKeyPolicy policy, RegistryConfig config, JsonWebToken jwt,
            ObjectMapper mapper) {
        this.keys = keys;
        this.policy = policy;
        this.config = config;
        this.jwt = jwt;
        this.mapper = mapper;
    }

    /**
     * A key as the operator sees it.
     *
     * @param kid       key id
     * @param jwk       the public JWK
     * @param createdAt when it was registered
     * @param notAfter  end of its validity, or null
     * @param current   whether it is still valid
     */
    public record KeyView(String kid, JsonNode jwk, String createdAt, String notAfter, boolean current) {
    }

    /**
     * Registers a public JWK (RSA >= 2048 bits or EC P-256/P-384) under {@code kid}; the participant's other keys stay
     * valid for {@code overlap} (ISO-8601 duration, default {@code knooppunt.registry.key-overlap}).
     */
    @PUT
    @Path("/{kid}")
    @Consumes({ MediaType.APPLICATION_JSON, "application/jwk+json" })
    @RolesAllowed({ ServiceGroups.REGISTRY_KEYS, ServiceGroups.REGISTRY_ADMIN })
    @Operation(summary = "Publish a public encryption key of a participant (rotation with overlap)")
    @APIResponse(responseCode = "204", description = "registered (or the same key was already registered)")
    @APIResponse(responseCode = "400", description = "private material, weak or unsupported key, kid mismatch, bad overlap")
    @APIResponse(responseCode = "404", description = "unknown participant")
    @APIResponse(responseCode = "409", description = "the kid is registered for another key")
    public Uni<Response> publish(@PathParam("id") String id, @PathParam("kid") String kid,
            @QueryParam("overlap") String overlap, @HeaderParam(Actor.HEADER) String actor, String body) {
        var participantId = Ids.participantId(id);
        var key = policy.validate(kid, body);
        return keys.publish(participantId, key, overlap(overlap), Actor.serviceOrOperator(jwt, actor))
                .map(outcome -> Response.noContent().build());
    }

    /** Ends a key's validity at once. */
    @DELETE
    @Path("/{kid}")
    @RolesAllowed(ServiceGroups.REGISTRY_ADMIN)
    @Operation(summary = "Retire a key now")
    @APIResponse(responseCode = "204", description = "retired (or it was no longer valid)")
    @APIResponse(responseCode = "404", description = "unknown participant or kid")
    public Uni<Response> retire(@PathParam("id") String id, @PathParam("kid") String kid,
            @HeaderParam(Actor.HEADER) String actor) {
        policy.checkKid(kid);
        return keys.retire(Ids.participantId(id), kid, Actor.operator(jwt, actor))
                .map(x -> Response.noContent().build());
    }

    /** Every key of the participant, current or not, newest first. */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({ ServiceGroups.REGISTRY_ADMIN, ServiceGroups.REGISTRY_READ })
    @Operation(summary = "All keys of a participant, with their validity")
    @APIResponse(responseCode = "200", description = "the keys")
    @APIResponse(responseCode = "404", description = "unknown participant")
    public Uni<List<KeyView>> list(@PathParam("id") String id) {
        java.time.OffsetDateTime now = java.time.OffsetDateTime.now();
        return keys.all(Ids.participantId(id)).map(list -> list.stream().map(k -> new KeyView(k.kid(),
                json(k.jwkJson()), k.createdAt().toInstant().toString(),
                k.notAfter() == null ? null : k.notAfter().toInstant().toString(),
                k.notAfter() == null || k.notAfter().isAfter(now))).toList());
    }

    private Duration overlap(String value) {
        if (value == null || value.isBlank()) {
            return config.keyOverlap();
        }
        Duration overlap;
        try {
            overlap = Duration.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw ProblemException.invalidParameter("overlap must be an ISO-8601 duration such as P7D or PT1H");
        }
        if (overlap.isNegative() || overlap.compareTo(config.maxKeyOverlap()) > 0) {
            throw ProblemException.invalidParameter("overlap must be between PT0S and " + config.maxKeyOverlap());
        }
        return overlap;
    }

    private JsonNode json(String jwk) {
        try {
            return mapper.readTree(jwk);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("stored JWK is not JSON", e);
        }
    }
}
