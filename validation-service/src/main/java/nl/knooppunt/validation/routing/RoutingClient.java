package nl.knooppunt.validation.routing;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import io.smallrye.mutiny.Uni;

/** routing-service's internal API (docs/internal-apis.md), called with a service JWT (group messages.read). */
@RegisterRestClient(configKey = "routing")
@RegisterClientHeaders(RoutingTokenHeaders.class)
@Path("/internal/v1")
@Produces(MediaType.APPLICATION_JSON)
public interface RoutingClient {

    /** The conversation holding the message, with all its messages; fails with a 404 when the message is unknown. */
    @GET
    @Path("/conversations")
    Uni<Conversation> conversation(@QueryParam("message") String messageId);
}
