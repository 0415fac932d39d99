package nl.knooppunt.portal.inbox;

import java.util.List;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import com.fasterxml.jackson.databind.JsonNode;

import io.opentelemetry.api.trace.Span;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import nl.knooppunt.kit.problem.ProblemException;
import nl.knooppunt.portal.downstream.routing.AcknowledgementRequest;
import nl.knooppunt.portal.downstream.routing.MessageMetadata;
import nl.knooppunt.portal.downstream.routing.RoutingClient;
import nl.knooppunt.portal.identity.CallerResolver;
import nl.knooppunt.portal.problem.Downstream;
import nl.knooppunt.kit.trace.TraceAttributes;

/** The caller's inbox: list (optionally with content), fetch, and acknowledge one or many waiting messages. */
@Path("/api/v1/inbox")
@Tag(name = "Inbox", description = "Messages waiting for you")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class InboxResource {

    /** The only value of {@code include}: list with content. */
    static final String CONTENT = "content";
    /** Largest page and largest bulk acknowledgement. */
    static final int MAX_IDS = AcknowledgementIds.MAX_IDS;

    private final CallerResolver callers;
    private final RoutingClient routing;
    private final SecurityIdentity identity;

    public InboxResource(CallerResolver callers, @RestClient RoutingClient routing, SecurityIdentity identity) {
        this.callers = callers;
        this.routing = routing;
        this.identity = identity;
    }

    @GET
    @Operation(operationId = "listInbox", summary = "List waiting messages", description = "Oldest first; page with "
            + "after. Optionally only "
            + "one module, message type and/or sender (participant id). Envelopes only, unless include=content: every "
            + "message on the page also carries its content, exactly as GET /inbox/{id} answers it, and every "
            + "message on the page is marked fetched: list, then acknowledge the page with POST "
            + "/inbox/acknowledgements.")
    @Parameter(ref = "Knooppunt-Participant")
    @APIResponse(responseCode = "200", description = "One page of the inbox")
    @APIResponse(responseCode = "400", description = "A bad cursor, limit, sender or include value",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
    public Uni<InboxPage> list(@QueryParam("after") String after,
            @Parameter(description = "page size, 1 to 500 (default 50)") @QueryParam("limit") Integer limit,
            @QueryParam("module") String module, @QueryParam("type") String type,
            @QueryParam("sender") String sender,
            @Parameter(description = "'content': include each message's content (encryptedPayload) and "
                    + "mark the listed messages fetched") @QueryParam("include") String include,
            @Context HttpHeaders headers) {
        if (limit != null && (limit < 1 || limit > MAX_IDS)) {
            throw ProblemException.badRequest("limit must be between 1 and " + MAX_IDS);
        }
        if (sender != null && !sender.isEmpty() && !isUuid(sender)) {
            throw ProblemException.badRequest("sender must be a participant id (UUID)");
        }
        boolean withContent = include != null && !include.isEmpty();
        if (withContent && !CONTENT.equals(include)) {
            throw ProblemException.badRequest("include may only be '" + CONTENT + "'");
        }
        if (withContent) {
            return callers.resolve(identity, headers)
                    .chain(caller -> routing.mailboxWithContent(caller.participantId(), after, limit, module, type,
                            sender)
                            .onFailure().transform(Downstream.failure("routing-service", "no such cursor"))
                            .map(page -> new InboxPage(page.items().stream().map(m -> view(m, m.payload())).toList(),
                                    page.next())));
        }
        return callers.resolve(identity, headers)
                .chain(caller -> routing.mailbox(caller.participantId(), after, limit, module, type, sender)
                        .onFailure().transform(Downstream.failure("routing-service", "no such cursor")))
                .map(page -> new InboxPage(page.items().stream().map(m -> view(m, null)).toList(),
                        page.next()));
    }

    @GET
    @Path("/{id}")
    @Operation(operationId = "fetchInboxMessage", summary = "Fetch a message with its content", description = "Marks "
            + "it fetched. The message stays until you acknowledge it or its retention ends.")
    @Parameter(ref = "Knooppunt-Participant")
    @APIResponse(responseCode = "200", description = "The message with its content: encryptedPayload, a compact "
            + "JWE to your own key (the hub cannot open it)")
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "410", ref = "Gone")
    public Uni<InboxMessage> fetch(@PathParam("id") String id, @Context HttpHeaders headers) {
        // the recipient's fetch is a trace of its own; the message id links it to the submission's (ADR 0047)
        TraceAttributes.messageId(Span.current(), id);
        return callers.resolve(identity, headers)
                .chain(caller -> routing.fetch(caller.participantId(), id)
                        .onFailure().transform(Downstream.failure("routing-service", "no message " + id
                                + " in your inbox"))
                        .map(message -> view(message, message.payload())));
    }

    @POST
    @Path("/{id}/ack")
    @Operation(operationId = "acknowledgeInboxMessage", summary = "Acknowledge a message", description = "The hub "
            + "deletes its content at once; afterwards fetching it answers 410. Acknowledging again answers 204.")
    @Parameter(ref = "Knooppunt-Participant")
    @APIResponse(responseCode = "204", description = "Acknowledged; its content is deleted")
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "410", description = "Its retention ended before you acknowledged it",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
    public Uni<Response> acknowledge(@PathParam("id") String id, @Context HttpHeaders headers) {
        // the recipient's fetch is a trace of its own; the message id links it to the submission's (ADR 0047)
        TraceAttributes.messageId(Span.current(), id);
        return callers.resolve(identity, headers)
                .chain(caller -> routing.acknowledge(caller.participantId(), id)
                        .onFailure().transform(Downstream.failure("routing-service", "no message " + id
                                + " in your inbox")))
                .map(ignored -> Response.noContent().build());
    }

    @POST
    @Path("/acknowledgements")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "acknowledgeInboxMessages", summary = "Acknowledge many messages",
            description = "Body {\"ids\": [...]}: 1 to 500 distinct "
            + "message ids. Each is handled as POST /inbox/{id}/ack would handle it: the hub deletes the content of "
            + "every message acknowledged. The answer lists every id under acknowledged (also when it was "
            + "acknowledged before), expired (its retention ended first) or notFound (no message of your inbox).")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = AcknowledgementRequest.class), example = "{\"ids\": "
            + "[\"0f8c2a4e-6b1d-4c3a-9e7f-2d5b8a1c3e90\", \"5b1e9d7c-3a2f-4e6b-8c0d-1f4a7e9b2c63\"]}"))
    @Parameter(ref = "Knooppunt-Participant")
    @APIResponse(responseCode = "200", description = "What became of each id")
    @APIResponse(responseCode = "400", description = "The body is not {\"ids\": [1 to 500 distinct UUIDs]}; the "
            + "detail names the JSON pointer of the first fault",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
    public Uni<InboxAcknowledgements> acknowledgeAll(JsonNode body, @Context HttpHeaders headers) {
        List<String> ids = AcknowledgementIds.of(body);
        return callers.resolve(identity, headers)
                .chain(caller -> routing.acknowledgeAll(caller.participantId(), new AcknowledgementRequest(ids))
                        .onFailure().transform(Downstream.failure("routing-service", "no such inbox")))
                .map(result -> new InboxAcknowledgements(result.acknowledged(), result.expired(),
                        result.notFound()));
    }

    /** Whether the value parses as a UUID (the sender filter's check). */
    static boolean isUuid(String value) {
        try {
            UUID.fromString(value);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static InboxMessage view(MessageMetadata m, String encryptedPayload) {
        return new InboxMessage(m.id(), m.conversationId(), m.inReplyTo(), m.module(), m.type(), m.sender(),
                m.status(), m.submittedAt(), m.deliveredAt(), encryptedPayload);
    }
}
