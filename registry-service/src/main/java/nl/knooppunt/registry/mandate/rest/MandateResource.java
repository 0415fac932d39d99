package nl.knooppunt.registry.mandate.rest;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.smallrye.mutiny.Uni;
import nl.knooppunt.registry.mandate.service.MandateService;
import nl.knooppunt.registry.problem.Ids;
import nl.knooppunt.registry.security.Actor;
import nl.knooppunt.registry.security.ServiceGroups;

/** Operator management of API clients and their mandates (group registry.admin). */
@Path("/internal/v1")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "operator")
public class MandateResource {

    private final MandateService mandates;
    private final JsonWebToken jwt;

    public MandateResource(MandateService mandates, JsonWebToken jwt) {
        this.mandates = mandates;
        this.jwt = jwt;
    }

    /** Every API client with the participants it may act for. */
    @GET
    @Path("/clients")
    @RolesAllowed(ServiceGroups.REGISTRY_ADMIN)
    @Operation(summary = "API clients and their mandates")
    @APIResponse(responseCode = "200", description = "the clients")
    public Uni<List<MandateService.ApiClient>> clients() {
        return mandates.clients();
    }

    /** Lets the client act for the participant. */
    @PUT
    @Path("/clients/{clientId}/participants/{id}")
    @RolesAllowed(ServiceGroups.REGISTRY_ADMIN)
    @Operation(summary = "Grant an API client a mandate for a participant")
    @APIResponse(responseCode = "204", description = "granted (or already granted)")
    @APIResponse(responseCode = "404", description = "unknown participant")
    public Uni<Response> grant(@PathParam("clientId") String clientId, @PathParam("id") String id,
            @HeaderParam(Actor.HEADER) String actor) {
        return mandates.grant(Ids.clientId(clientId), Ids.participantId(id), Actor.operator(jwt, actor))
                .map(x -> Response.noContent().build());
    }

    /** Ends the client's mandate for the participant. */
    @DELETE
    @Path("/clients/{clientId}/participants/{id}")
    @RolesAllowed(ServiceGroups.REGISTRY_ADMIN)
    @Operation(summary = "Revoke an API client's mandate for a participant")
    @APIResponse(responseCode = "204", description = "revoked (or there was none)")
    @APIResponse(responseCode = "404", description = "unknown participant")
    public Uni<Response> revoke(@PathParam("clientId") String clientId, @PathParam("id") String id,
            @HeaderParam(Actor.HEADER) String actor) {
        return mandates.revoke(Ids.clientId(clientId), Ids.participantId(id), Actor.operator(jwt, actor))
                .map(x -> Response.noContent().build());
    }
}
