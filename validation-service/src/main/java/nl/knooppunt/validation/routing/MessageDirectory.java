package nl.knooppunt.validation.routing;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.rest.client.inject.RestClient;

import io.smallrye.mutiny.Uni;
import nl.knooppunt.validation.dependency.DependencyCalls;
import nl.knooppunt.validation.dependency.Ids;

/** Looks message metadata up at routing-service (not cached: a conversation is read once per answer). */
@ApplicationScoped
public class MessageDirectory {

    private final RoutingClient routing;
    private final DependencyCalls calls;

    public MessageDirectory(@RestClient RoutingClient routing, DependencyCalls calls) {
        this.routing = routing;
        this.calls = calls;
    }

    /**
     * The conversation holding the message, or empty when routing does not know the message; fails only when
     * routing is unavailable.
     */
    public Uni<Optional<Conversation>> conversationOf(String messageId) {
        if (!Ids.isUuid(messageId)) {
            return Uni.createFrom().item(Optional.empty());
        }
        return calls.lookup("routing-service", () -> routing.conversation(messageId), c -> c);
    }
}
