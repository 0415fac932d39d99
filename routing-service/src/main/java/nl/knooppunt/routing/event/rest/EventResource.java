package nl.knooppunt.routing.event.rest;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import io.smallrye.mutiny.Uni;
import nl.knooppunt.routing.common.problem.PathIds;
import nl.knooppunt.kit.problem.ProblemException;
import nl.knooppunt.routing.config.RoutingConfig;
import nl.knooppunt.routing.event.service.EventFeed;
import nl.knooppunt.routing.message.rest.MessageResource;

/** A participant's events feed for portal-api: status changes of its sent messages and its deadline events. */
@Path("/internal/v1/participants/{participantId}/events")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(MessageResource.GROUP)
public class EventResource {

    private final EventFeed feed;
    private final RoutingConfig.Routing config;

    public EventResource(EventFeed feed, RoutingConfig config) {
        this.feed = feed;
        this.config = config.routing();
    }

    /**
     * One event as the feed shows it.
     *
     * @param cursor pass as {@code after} to read on from here
     * @param event  a status or a deadline event
     */
    public record EventView(String cursor, String messageId, String event, String sender, String recipient,
            String module, String type, Instant at) {
    }

    /**
     * A page of the feed.
     *
     * @param next the cursor to continue with (the last event's, or the given one when there is nothing new)
     */
    public record EventPage(List<EventView> items, String next) {
    }

    @GET
    public Uni<EventPage> feed(@PathParam("participantId") String participantId, @QueryParam("after") String after,
            @QueryParam("limit") String limit) {
        UUID participant = PathIds.parse(participantId, "participant");
        long cursor = cursor(after);
        int size = limit(limit);
        return feed.after(participant, cursor, size).map(events -> {
            List<EventView> items = events.stream().map(e -> new EventView(Long.toString(e.seq()),
                    e.messageId().toString(), e.kind(), e.sender().toString(), e.recipient().toString(), e.module(),
                    e.type(), e.at())).toList();
            return new EventPage(items, items.isEmpty() ? Long.toString(cursor) : items.get(items.size() - 1).cursor());
        });
    }

    private static long cursor(String after) {
        if (after == null || after.isEmpty()) {
            return 0;
        }
        try {
            long value = Long.parseLong(after);
            if (value >= 0) {
                return value;
            }
        } catch (NumberFormatException ignored) {
            // answered below
        }
        throw ProblemException.badRequest("'after' must be a cursor from an earlier page");
    }

    private int limit(String value) {
        if (value == null || value.isEmpty()) {
            return config.feed().defaultPageSize();
        }
        try {
            int limit = Integer.parseInt(value);
            if (limit >= 1 && limit <= config.maxPageSize()) {
                return limit;
            }
        } catch (NumberFormatException ignored) {
            // answered below
        }
        throw ProblemException.badRequest("'limit' must be a number from 1 to " + config.maxPageSize());
    }
}
