package nl.knooppunt.validation.registry;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import io.smallrye.mutiny.Uni;

/** registry-service's internal API (docs/internal-apis.md), called with a service JWT (group registry.read). */
@RegisterRestClient(configKey = "registry")
@RegisterClientHeaders(RegistryTokenHeaders.class)
@Path("/internal/v1/participants")
@Produces(MediaType.APPLICATION_JSON)
public interface RegistryClient {

    /** A participant with its public keys; fails with a 404 WebApplicationException when unknown. */
    @GET
    @Path("/{id}")
    Uni<Participant> participant(@PathParam("id") String id);
}
