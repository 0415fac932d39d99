package nl.knooppunt.portal.message;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import nl.knooppunt.portal.identity.CallerResolver;
import nl.knooppunt.portal.problem.Downstream;

/** Sending messages and following their status. */
@Path("/api/v1/messages")
@Tag(name = "Messages", description = "Send messages of the standard and follow their status")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class MessageResource {

    private final MessageSending sending;
    private final CallerResolver callers;
    private final SentMessages sent;
    private final SecurityIdentity identity;
    private final RecentlyAccepted recentlyAccepted;

    public MessageResource(MessageSending sending, CallerResolver callers, SentMessages sent,
            SecurityIdentity identity, RecentlyAccepted recentlyAccepted) {
        this.sending = sending;
        this.callers = callers;
        this.sent = sent;
        this.identity = identity;
        this.recentlyAccepted = recentlyAccepted;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "sendMessage", summary = "Send a message", description = "Validates the message "
            + "against the standard and routes it to the recipient, named by its participant id or its OIN (20 "
            + "digits); an OIN no participant has is the violation recipient.unknown with the pointer /recipient. "
            + "201 when accepted; 422 with every violation (code, JSON pointer into the payload, "
            + "message) when it breaks the standard. With 'recipients' instead of 'recipient' each recipient gets "
            + "its own message (id, encrypted copy, status): 201 with one entry per recipient when at least one "
            + "accepted it, else 422. With an Idempotency-Key a retry with the same body within 24 hours answers "
            + "the first result again (header Idempotent-Replayed: true); with another body 409. A retry after a 503, "
            + "a 5xx or no answer is safe: it submits the same message id again and gets the 201 of that id; while "
            + "the first attempt may still be running it gets 409 idempotency-key-in-progress with Retry-After.")
    @Parameter(ref = "Knooppunt-Participant")
    @APIResponse(responseCode = "201", description = "Accepted: the message id (with 'recipients': one entry per "
            + "recipient, each accepted or rejected with its violations)",
            headers = { @Header(name = "Location", ref = "Location"),
                    @Header(name = MessageSending.REPLAYED, ref = MessageSending.REPLAYED) },
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(oneOf = {
                    SubmissionResult.class, MultiSubmissionResult.class }), examples = @ExampleObject(name = "accepted",
                    value = "{\"id\": \"5f0c3e1a-8d2b-4b7e-9a61-2c4d8e0f1a23\", \"conversationId\": "
                            + "\"5f0c3e1a-8d2b-4b7e-9a61-2c4d8e0f1a23\", \"status\": \"accepted\"}")))
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "409", description = "The Idempotency-Key was used with another body in the last 24 "
            + "hours (idempotency-key-reused), or its first request is still running (idempotency-key-in-progress, "
            + "with Retry-After)", headers = @Header(name = "Retry-After", ref = "Retry-After"),
            content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem"),
                    examples = @ExampleObject(name = "reused", value = "{\"type\": "
                            + "\"https://knooppunt.nl/problems/idempotency-key-reused\", \"title\": \"Idempotency key "
                            + "reused\", \"status\": 409, \"detail\": \"this Idempotency-Key was used with a different "
                            + "request body in the last 24 hours\"}")))
    @APIResponse(responseCode = "422", description = "The message breaks the standard, or a recipient is unknown: "
            + "every violation with its code and JSON pointer (with 'recipients' and none accepted: one rejected "
            + "entry per recipient)", content = {
                    @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem"),
                            examples = @ExampleObject(name = "standard-violation", value = "{\"type\": "
                                    + "\"https://knooppunt.nl/problems/standard-violation\", \"title\": \"The message "
                                    + "breaks the standard\", \"status\": 422, \"detail\": \"1 violation(s) of the "
                                    + "standard; see violations\", \"violations\": [{\"code\": \"schema.pattern\", "
                                    + "\"pointer\": \"/client/bsn\", \"message\": \"does not have the required "
                                    + "format\"}]}")),
                    @Content(mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = MultiSubmissionResult.class)) })
    public Uni<Response> send(SubmissionRequest request,
            @Parameter(in = ParameterIn.HEADER, description = "makes retries safe: 1 to 255 characters, unique per "
                    + "request of the sending participant", schema = @Schema(type = SchemaType.STRING, minLength = 1,
                    maxLength = 255))
            @HeaderParam(MessageSending.IDEMPOTENCY_KEY) String idempotencyKey,
            @Context HttpHeaders headers) {
        return callers.resolve(identity, headers)
                .chain(caller -> sending.send(caller, request, idempotencyKey));
    }

    @GET
    @Path("/{id}")
    @Operation(operationId = "getMessageStatus", summary = "Status of a message you sent", description = "accepted, "
            + "delivered (mailbox or webhook), fetched, acknowledged, expired or failed, with timestamps; 404 for "
            + "messages you did not send.")
    @Parameter(ref = "Knooppunt-Participant")
    @APIResponse(responseCode = "200", description = "The message's status",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = MessageStatusView.class)))
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "404", ref = "NotFound")
    public Uni<MessageStatusView> status(@PathParam("id") String id, @Context HttpHeaders headers) {
        return callers.resolve(identity, headers)
                .chain(caller -> sent.ofSender(caller, id)
                        .map(MessageStatusView::of)
                        .onFailure(MessageResource::notFound)
                        .recoverWithUni(failure -> recentlyAccepted.find(id, caller.participantId())
                                .map(view -> Uni.createFrom().item(view))
                                .orElseGet(() -> Uni.createFrom().failure(failure)))
                        .onFailure().transform(Downstream.failure("routing-service", "no message " + id)));
    }

    private static boolean notFound(Throwable failure) {
        return failure instanceof WebApplicationException web && web.getResponse().getStatus() == 404;
    }

}
