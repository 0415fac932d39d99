package nl.knooppunt.portal.message;

import org.eclipse.microprofile.rest.client.inject.RestClient;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.NotFoundException;
import nl.knooppunt.portal.downstream.routing.MessageMetadata;
import nl.knooppunt.portal.downstream.routing.RoutingClient;
import nl.knooppunt.portal.identity.Caller;

/**
 * A message's status for its sender, as the API ({@code GET /api/v1/messages/{id}}) and the portal's sent page read
 * it: routing-service's metadata, and a 404 for a message the caller did not send, as for one that does not exist.
 */
@ApplicationScoped
public class SentMessages {

    private final RoutingClient routing;

    public SentMessages(@RestClient RoutingClient routing) {
        this.routing = routing;
    }

    /** The message's metadata; fails with a 404 {@code WebApplicationException} unless the caller sent it. */
    public Uni<MessageMetadata> ofSender(Caller caller, String id) {
        return routing.message(id).map(metadata -> {
            if (!caller.participantId().equals(metadata.sender())) {
                throw new NotFoundException();
            }
            return metadata;
        });
    }
}
