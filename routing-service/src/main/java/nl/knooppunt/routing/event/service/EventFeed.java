package nl.knooppunt.routing.event.service;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import nl.knooppunt.routing.config.RoutingConfig;
import nl.knooppunt.routing.event.repository.EventRepository;
import nl.knooppunt.routing.event.repository.FeedEvent;

/** A participant's events feed: status changes of the messages it sent and its deadline events, oldest first. */
@ApplicationScoped
public class EventFeed {

    private final EventRepository repository;
    private final RoutingConfig.Feed config;

    public EventFeed(EventRepository repository, RoutingConfig config) {
        this.repository = repository;
        this.config = config.routing().feed();
    }

    /** At most {@code limit} events after the cursor, cut before events that may still settle. */
    public Uni<List<FeedEvent>> after(UUID participant, long cursor, int limit) {
        return repository.after(participant, cursor, limit, config.settle());
    }
}
