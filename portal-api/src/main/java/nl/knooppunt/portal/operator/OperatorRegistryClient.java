package nl.knooppunt.portal.operator;

import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * registry-service's operator endpoints (docs/internal-apis.md), called with a service JWT carrying
 * {@code registry.admin}; the operator is named in {@value #ACTOR}. Answers are passed on as they come.
 */
@RegisterRestClient(configKey = "registry")
@RegisterClientHeaders(OperatorTokenHeaders.class)
@Path("/internal/v1")
@Consumes(MediaType.APPLICATION_JSON)
public interface OperatorRegistryClient {

    /** Header naming the operator for the registry's audit trail. */
    String ACTOR = "Knooppunt-Actor";

    @GET
    @Path("/participants")
    Uni<Response> search(@QueryParam("q") String q, @QueryParam("name") String name, @QueryParam("oin") String oin,
            @QueryParam("kvk") String kvk, @QueryParam("kind") String kind, @QueryParam("module") String module,
            @QueryParam("status") String status, @QueryParam("page") String page, @QueryParam("size") String size);

    @POST
    @Path("/participants")
    Uni<Response> create(@HeaderParam(ACTOR) String actor, String body);

    @GET
    @Path("/participants/{id}")
    Uni<Response> participant(@PathParam("id") String id);

    @PUT
    @Path("/participants/{id}")
    Uni<Response> update(@HeaderParam(ACTOR) String actor, @PathParam("id") String id, String body);

    @DELETE
    @Path("/participants/{id}")
    Uni<Response> remove(@HeaderParam(ACTOR) String actor, @PathParam("id") String id);

    @PUT
    @Path("/participants/{id}/status")
    Uni<Response> status(@HeaderParam(ACTOR) String actor, @PathParam("id") String id, String body);

    @PUT
    @Path("/participants/{id}/simulated")
    Uni<Response> simulated(@HeaderParam(ACTOR) String actor, @PathParam("id") String id, String body);

    @PUT
    @Path("/participants/{id}/modules/{module}")
    Uni<Response> switchOn(@HeaderParam(ACTOR) String actor, @PathParam("id") String id,
            @PathParam("module") String module);

    @DELETE
    @Path("/participants/{id}/modules/{module}")
    Uni<Response> switchOff(@HeaderParam(ACTOR) String actor, @PathParam("id") String id,
            @PathParam("module") String module);

    @PUT
    @Path("/participants/{id}/delivery")
    Uni<Response> delivery(@HeaderParam(ACTOR) String actor, @PathParam("id") String id, String body);

    @POST
    @Path("/participants/{id}/webhook-secret")
    Uni<Response> issueWebhookSecret(@HeaderParam(ACTOR) String actor, @PathParam("id") String id,
            @QueryParam("overlap") String overlap);

    @GET
    @Path("/participants/{id}/keys")
    Uni<Response> keys(@PathParam("id") String id);

    @PUT
    @Path("/participants/{id}/keys/{kid}")
    Uni<Response> publishKey(@HeaderParam(ACTOR) String actor, @PathParam("id") String id,
            @PathParam("kid") String kid, @QueryParam("overlap") String overlap, String body);

    @DELETE
    @Path("/participants/{id}/keys/{kid}")
    Uni<Response> retireKey(@HeaderParam(ACTOR) String actor, @PathParam("id") String id,
            @PathParam("kid") String kid);

    @GET
    @Path("/participants/{id}/audit")
    Uni<Response> audit(@PathParam("id") String id, @QueryParam("before") String before,
            @QueryParam("limit") String limit);

    @GET
    @Path("/clients")
    Uni<Response> clients();

    @GET
    @Path("/clients/{clientId}/participants")
    Uni<Response> clientParticipants(@PathParam("clientId") String clientId);

    @PUT
    @Path("/clients/{clientId}/participants/{id}")
    Uni<Response> grant(@HeaderParam(ACTOR) String actor, @PathParam("clientId") String clientId,
            @PathParam("id") String id);

    @DELETE
    @Path("/clients/{clientId}/participants/{id}")
    Uni<Response> revoke(@HeaderParam(ACTOR) String actor, @PathParam("clientId") String clientId,
            @PathParam("id") String id);
}
