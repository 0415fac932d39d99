package nl.knooppunt.validation.routing;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.rest.client.inject.RestClient;

import io.smallrye.mutiny.Uni;
import nl.knooppunt.validation.dependency.DependencyCalls;
import nl.knooppunt.validation.dependency.Ids;

/** Looks message metadata up at routing-service (not cached: a referenced message is read once per answer). */
@ApplicationScoped
public class MessageDirectory {

    private final RoutingClient routing;
    private final DependencyCalls calls;

    public MessageDirectory(@RestClient RoutingClient routing, DependencyCalls calls) {
        this.routing = routing;
        this.calls = calls;
    }

    /** The message's metadata, or empty when routing does not know it; fails only when routing is unavailable. */
    public Uni<Optional<MessageMetadata>> find(String messageId) {
        if (!Ids.isUuid(messageId)) {
            return Uni.createFrom().item(Optional.empty());
        }
        return calls.lookup("routing-service", () -> routing.message(messageId), m -> m);
    }
}
