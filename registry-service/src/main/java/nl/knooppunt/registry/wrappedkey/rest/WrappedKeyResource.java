package nl.knooppunt.registry.wrappedkey.rest;

import java.util.List;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import nl.knooppunt.registry.problem.Ids;
import nl.knooppunt.registry.security.Actor;
import nl.knooppunt.registry.security.ServiceGroups;
import nl.knooppunt.registry.wrappedkey.service.WrappedKeyPolicy;
import nl.knooppunt.registry.wrappedkey.service.WrappedKeys;

/** Portal participants' private keys, wrapped in the browser under their users' passphrase (ADR 0042). */
@Path("/internal/v1/participants/{id}/wrapped-keys")
@Tag(name = "keys")
public class WrappedKeyResource {

    private final WrappedKeys keys;
    private final WrappedKeyPolicy policy;
    private final JsonWebToken jwt;

    public WrappedKeyResource(WrappedKeys keys, WrappedKeyPolicy policy, JsonWebToken jwt) {
        this.keys = keys;
        this.policy = policy;
        this.jwt = jwt;
    }

    /**
     * A wrapped key as portal-api gets it.
     *
     * @param kid       the kid of the key it wraps
     * @param jwe       the compact JWE ({@code PBES2-HS512+A256KW}, {@code A256GCM})
     * @param createdAt when it was first stored
     * @param updatedAt when it was last re-wrapped
     */
    public record WrappedKeyView(String kid, String jwe, String createdAt, String updatedAt) {
    }

    /** Stores {@code {"jwe": "..."}} under {@code kid}; replaces what was stored under it (a new passphrase). */
    @PUT
    @Path("/{kid}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(ServiceGroups.REGISTRY_KEYS)
    @Operation(summary = "Store a portal participant's private key, wrapped under its users' passphrase")
    @APIResponse(responseCode = "204", description = "stored")
    @APIResponse(responseCode = "400", description = "not a PBES2-HS512+A256KW JWE naming this kid with enough iterations")
    @APIResponse(responseCode = "404", description = "unknown participant")
    @APIResponse(responseCode = "409", description = "the kid is another participant's")
    public Uni<Response> store(@PathParam("id") String id, @PathParam("kid") String kid,
            @HeaderParam(Actor.HEADER) String actor, String body) {
        var participantId = Ids.participantId(id);
        String jwe = policy.validate(kid, body);
        return keys.store(participantId, kid, jwe, Actor.serviceOrOperator(jwt, actor))
                .map(x -> Response.noContent().build());
    }

    /** The participant's wrapped keys, newest first. */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(ServiceGroups.REGISTRY_KEYS)
    @Operation(summary = "A portal participant's wrapped private keys, newest first")
    @APIResponse(responseCode = "200", description = "the wrapped keys (possibly none)")
    @APIResponse(responseCode = "404", description = "unknown participant")
    public Uni<List<WrappedKeyView>> list(@PathParam("id") String id) {
        return keys.of(Ids.participantId(id)).map(list -> list.stream().map(k -> new WrappedKeyView(k.kid(), k.jwe(),
                k.createdAt().toInstant().toString(), k.updatedAt().toInstant().toString())).toList());
    }
}
