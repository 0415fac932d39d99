package nl.knooppunt.portal.participant;

import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import nl.knooppunt.portal.registry.RegistryPage;
import nl.knooppunt.portal.registry.RegistryTokenHeaders;

/** registry-service's participant search with every filter (docs/internal-apis.md). */
@RegisterRestClient(configKey = "registry")
@RegisterClientHeaders(RegistryTokenHeaders.class)
@Path("/internal/v1")
public interface DirectoryClient {

    @GET
    @Path("/participants")
    Uni<RegistryPage> search(@QueryParam("q") String q, @QueryParam("name") String name,
            @QueryParam("oin") String oin, @QueryParam("kvk") String kvk, @QueryParam("kind") String kind,
            @QueryParam("module") String module, @QueryParam("status") String status, @QueryParam("page") int page,
            @QueryParam("size") int size);
}
