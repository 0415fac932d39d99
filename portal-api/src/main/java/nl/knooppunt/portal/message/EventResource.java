package nl.knooppunt.portal.message;

import java.time.Instant;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import nl.knooppunt.kit.problem.ProblemException;
import nl.knooppunt.portal.downstream.routing.RoutingClient;
import nl.knooppunt.portal.identity.CallerResolver;
import nl.knooppunt.portal.problem.Downstream;

/** The caller's events: status changes of the messages it sent, and reply-deadline events. */
@Path("/api/v1/events")
@Tag(name = "Events", description = "Follow the status of everything you sent, and your reply deadlines")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class EventResource {

    private final CallerResolver callers;
    private final RoutingClient routing;
    private final SecurityIdentity identity;

    public EventResource(CallerResolver callers, @RestClient RoutingClient routing, SecurityIdentity identity) {
        this.callers = callers;
        this.routing = routing;
        this.identity = identity;
    }

    /**
     * One event.
     *
     * @param cursor pass as {@code after} to read on after this event
     * @param event  accepted, delivered, fetched, acknowledged, expired, failed (your sent messages), reply-reminder
     *               (a request to you is due soon) or reply-overdue (a request to or from you is past its deadline)
     */
    @Schema(requiredProperties = { "cursor", "messageId", "event", "at" })
    public record EventView(String cursor, String messageId, String event, String sender, String recipient,
            String module, String type, Instant at) {
    }

    /**
     * A page of events.
     *
     * @param next the cursor to poll with next time (unchanged when there was nothing new)
     */
    @Schema(requiredProperties = { "items", "next" })
    public record EventPageView(List<EventView> items, String next) {
    }

    @GET
    @Operation(operationId = "listEvents", summary = "Events since a cursor", description = "Oldest first. Start "
            + "without 'after', then poll with the 'next' of the previous page; events are never repeated or skipped.")
    @Parameter(ref = "Knooppunt-Participant")
    @APIResponse(responseCode = "200", description = "The events after the cursor, and the cursor to poll with next")
    @APIResponse(responseCode = "400", ref = "BadRequest")
    public Uni<EventPageView> events(@QueryParam("after") String after, @QueryParam("limit") Integer limit,
            @Context HttpHeaders headers) {
        if (limit != null && (limit < 1 || limit > 500)) {
            throw ProblemException.badRequest("limit must be between 1 and 500");
        }
        if (after != null && !after.matches("[0-9]{1,19}")) {
            throw ProblemException.badRequest("'after' must be a cursor from an earlier page");
        }
        return callers.resolve(identity, headers)
                .chain(caller -> routing.events(caller.participantId(), after, limit)
                        .onFailure().transform(Downstream.failure("routing-service", "no events")))
                .map(page -> new EventPageView(page.items().stream().map(e -> new EventView(e.cursor(),
                        e.messageId(), e.event(), e.sender(), e.recipient(), e.module(), e.type(), e.at())).toList(),
                        page.next()));
    }
}
