package nl.knooppunt.registry.key.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.smallrye.mutiny.Uni;
import nl.knooppunt.registry.key.service.KeyService;
import nl.knooppunt.registry.key.service.PublicKeyPolicy;
import nl.knooppunt.registry.participant.rest.Ids;
import nl.knooppunt.registry.security.ServiceGroups;

/** Publication of participants' public encryption keys. */
@Path("/internal/v1/participants/{id}/keys")
@Tag(name = "keys")
public class KeyResource {

    private final KeyService keys;
    private final PublicKeyPolicy policy;

    public KeyResource(KeyService keys, PublicKeyPolicy policy) {
        this.keys = keys;
        this.policy = policy;
    }

    /** Registers a public JWK (RSA >= 2048 bits or EC P-256/P-384) under {@code kid}. */
    @PUT
    @Path("/{kid}")
    @Consumes({ MediaType.APPLICATION_JSON, "application/jwk+json" })
    @RolesAllowed(ServiceGroups.REGISTRY_KEYS)
    @Operation(summary = "Publish a public encryption key of a participant")
    @APIResponse(responseCode = "204", description = "registered (or the same key was already registered)")
    @APIResponse(responseCode = "400", description = "private material, weak or unsupported key, kid mismatch")
    @APIResponse(responseCode = "404", description = "unknown participant")
    @APIResponse(responseCode = "409", description = "the kid is registered for another key")
    public Uni<Response> publish(@PathParam("id") String id, @PathParam("kid") String kid, String body) {
        var participantId = Ids.participantId(id);
        var key = policy.validate(kid, body);
        return keys.publish(participantId, key).map(outcome -> Response.noContent().build());
    }
}
