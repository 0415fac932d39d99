package nl.knooppunt.portal.message;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.eclipse.microprofile.rest.client.inject.RestClient;

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
import nl.knooppunt.portal.problem.ProblemException;

/** Sending messages and following their status. */
@Path("/api/v1/messages")
@Tag(name = "Messages", description = "Send messages of the standard and follow their status")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class MessageResource {

    private final MessageSending sending;
    private final CallerResolver callers;
    private final DeliveryClient routing;
    private final SecurityIdentity identity;
    private final RecentlyAccepted recentlyAccepted;

    public MessageResource(MessageSending sending, CallerResolver callers, @RestClient DeliveryClient routing,
            SecurityIdentity identity, RecentlyAccepted recentlyAccepted) {
        this.sending = sending;
        this.callers = callers;
        this.routing = routing;
        this.identity = identity;
        this.recentlyAccepted = recentlyAccepted;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Send a message", description = "Validates the message against the standard and routes it "
            + "to the recipient. 201 when accepted; 422 with every violation (code, JSON pointer into the payload, "
            + "message) when it breaks the standard. With 'recipients' instead of 'recipient' each recipient gets "
            + "its own message (id, encrypted copy, status): 201 with one entry per recipient when at least one "
            + "accepted it, else 422. With an Idempotency-Key a retry with the same body within 24 hours answers "
            + "the first result again (header Idempotent-Replayed: true); with another body 409. A retry after a 503, "
            + "a 5xx or no answer is safe: it submits the same message id again and gets the 201 of that id; while "
            + "the first attempt may still be running it gets 409 idempotency-key-in-progress with Retry-After.")
    public Uni<Response> send(SubmissionRequest request,
            @Parameter(in = ParameterIn.HEADER, description = "makes retries safe: 1 to 255 characters, unique per "
                    + "request of the sending participant") @HeaderParam(MessageSending.IDEMPOTENCY_KEY)
            String idempotencyKey,
            @Context HttpHeaders headers) {
        return callers.resolve(identity, headers)
                .chain(caller -> sending.send(caller, request, idempotencyKey));
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "Status of a message you sent", description = "accepted, delivered (mailbox or webhook), "
            + "fetched, acknowledged, expired or failed, with timestamps; 404 for messages you did not send.")
    public Uni<MessageStatusView> status(@PathParam("id") String id, @Context HttpHeaders headers) {
        return callers.resolve(identity, headers)
                .chain(caller -> routing.message(id)
                        .map(metadata -> {
                            if (!caller.participantId().equals(metadata.sender())) {
                                throw ProblemException.notFound("no message " + id);
                            }
                            return MessageStatusView.of(metadata);
                        })
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
