package nl.knooppunt.portal.registry;

import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** registry-service's internal API (docs/internal-apis.md). */
@RegisterRestClient(configKey = "registry")
@RegisterClientHeaders(RegistryTokenHeaders.class)
@Path("/internal/v1")
public interface RegistryClient {

    @GET
    @Path("/participants")
    Uni<RegistryPage> search(@QueryParam("q") String query, @QueryParam("page") int page,
            @QueryParam("size") int size);

    @GET
    @Path("/participants/{id}")
    Uni<RegistryParticipant> participant(@PathParam("id") String id);

    @GET
    @Path("/participants/by-oin/{oin}")
    Uni<RegistryParticipant> participantByOin(@PathParam("oin") String oin);

    @GET
    @Path("/clients/{clientId}/participants")
    Uni<List<RegistryParticipant>> participantsOfClient(@PathParam("clientId") String clientId);

    @PUT
    @Path("/participants/{id}/keys/{kid}")
    @jakarta.ws.rs.Consumes(MediaType.APPLICATION_JSON)
    Uni<Void> publishKey(@PathParam("id") String participantId, @PathParam("kid") String kid,
            Map<String, Object> publicJwk);

    @PUT
    @Path("/participants/{id}/wrapped-keys/{kid}")
    @jakarta.ws.rs.Consumes(MediaType.APPLICATION_JSON)
    Uni<Void> storeWrappedKey(@PathParam("id") String participantId, @PathParam("kid") String kid,
            Map<String, Object> wrapped);

    @GET
    @Path("/participants/{id}/wrapped-keys")
    Uni<List<WrappedKey>> wrappedKeys(@PathParam("id") String participantId);
}
