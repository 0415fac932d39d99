package nl.knooppunt.portal.downstream.registry;

import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
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
import nl.knooppunt.kit.token.TokenGroups;

/**
 * registry-service's internal API (docs/internal-apis.md), every endpoint portal-api calls declared once. Reads and key
 * publication carry the groups {@code registry.read} and {@code registry.keys}; the operator's changes, key list,
 * audit trail and mandates {@code registry.read} and {@code registry.admin}. Endpoints the operator API passes on
 * answer the registry's {@link Response} as it is; {@link Registry} reads the typed answers the features use.
 */
@RegisterRestClient(configKey = "registry")
@RegisterProvider(RegistryTokenFilter.class)
@Path("/internal/v1")
@Consumes(MediaType.APPLICATION_JSON)
@TokenGroups({ "registry.read", "registry.keys" })
public interface RegistryClient {

    /** Header naming the operator for the registry's audit trail. */
    String ACTOR = "Knooppunt-Actor";

    @GET
    @Path("/participants")
    Uni<Response> participants(@QueryParam("q") String q, @QueryParam("name") String name,
            @QueryParam("oin") String oin, @QueryParam("kvk") String kvk, @QueryParam("kind") String kind,
            @QueryParam("module") String module, @QueryParam("status") String status,
            @QueryParam("page") String page, @QueryParam("size") String size);

    @TokenGroups({ "registry.read", "registry.admin" })
    @POST
    @Path("/participants")
    Uni<Response> createParticipant(@HeaderParam(ACTOR) String actor, String body);

    @GET
    @Path("/participants/{id}")
    Uni<Response> participant(@PathParam("id") String id);

    @TokenGroups({ "registry.read", "registry.admin" })
    @PUT
    @Path("/participants/{id}")
    Uni<Response> updateParticipant(@HeaderParam(ACTOR) String actor, @PathParam("id") String id, String body);

    @TokenGroups({ "registry.read", "registry.admin" })
    @DELETE
    @Path("/participants/{id}")
    Uni<Response> removeParticipant(@HeaderParam(ACTOR) String actor, @PathParam("id") String id);

    @TokenGroups({ "registry.read", "registry.admin" })
    @PUT
    @Path("/participants/{id}/status")
    Uni<Response> status(@HeaderParam(ACTOR) String actor, @PathParam("id") String id, String body);

    @TokenGroups({ "registry.read", "registry.admin" })
    @PUT
    @Path("/participants/{id}/simulated")
    Uni<Response> simulated(@HeaderParam(ACTOR) String actor, @PathParam("id") String id, String body);

    @TokenGroups({ "registry.read", "registry.admin" })
    @PUT
    @Path("/participants/{id}/modules/{module}")
    Uni<Response> switchOn(@HeaderParam(ACTOR) String actor, @PathParam("id") String id,
            @PathParam("module") String module);

    @TokenGroups({ "registry.read", "registry.admin" })
    @DELETE
    @Path("/participants/{id}/modules/{module}")
    Uni<Response> switchOff(@HeaderParam(ACTOR) String actor, @PathParam("id") String id,
            @PathParam("module") String module);

    @TokenGroups({ "registry.read", "registry.admin" })
    @PUT
    @Path("/participants/{id}/delivery")
    Uni<Response> delivery(@HeaderParam(ACTOR) String actor, @PathParam("id") String id, String body);

    @TokenGroups({ "registry.read", "registry.admin" })
    @POST
    @Path("/participants/{id}/webhook-secret")
    Uni<Response> issueWebhookSecret(@HeaderParam(ACTOR) String actor, @PathParam("id") String id,
            @QueryParam("overlap") String overlap);

    @TokenGroups({ "registry.read", "registry.admin" })
    @GET
    @Path("/participants/{id}/keys")
    Uni<Response> keys(@PathParam("id") String id);

    @PUT
    @Path("/participants/{id}/keys/{kid}")
    Uni<Response> publishKey(@HeaderParam(ACTOR) String actor, @PathParam("id") String id,
            @PathParam("kid") String kid, @QueryParam("overlap") String overlap, String body);

    @TokenGroups({ "registry.read", "registry.admin" })
    @DELETE
    @Path("/participants/{id}/keys/{kid}")
    Uni<Response> retireKey(@HeaderParam(ACTOR) String actor, @PathParam("id") String id,
            @PathParam("kid") String kid);

    @TokenGroups({ "registry.read", "registry.admin" })
    @GET
    @Path("/participants/{id}/audit")
    Uni<Response> audit(@PathParam("id") String id, @QueryParam("before") String before,
            @QueryParam("limit") String limit);

    @TokenGroups({ "registry.read", "registry.admin" })
    @GET
    @Path("/clients")
    Uni<Response> clients();

    @GET
    @Path("/clients/{clientId}/participants")
    Uni<Response> participantsOfClient(@PathParam("clientId") String clientId);

    @TokenGroups({ "registry.read", "registry.admin" })
    @PUT
    @Path("/clients/{clientId}/participants/{id}")
    Uni<Response> grant(@HeaderParam(ACTOR) String actor, @PathParam("clientId") String clientId,
            @PathParam("id") String id);

    @TokenGroups({ "registry.read", "registry.admin" })
    @DELETE
    @Path("/clients/{clientId}/participants/{id}")
    Uni<Response> revoke(@HeaderParam(ACTOR) String actor, @PathParam("clientId") String clientId,
            @PathParam("id") String id);

    @GET
    @Path("/participants/by-oin/{oin}")
    Uni<RegistryParticipant> participantByOin(@PathParam("oin") String oin);

    @PUT
    @Path("/participants/{id}/wrapped-keys/{kid}")
    Uni<Void> storeWrappedKey(@PathParam("id") String participantId, @PathParam("kid") String kid,
            Map<String, Object> wrapped);

    @GET
    @Path("/participants/{id}/wrapped-keys")
    Uni<List<WrappedKey>> wrappedKeys(@PathParam("id") String participantId);
}
