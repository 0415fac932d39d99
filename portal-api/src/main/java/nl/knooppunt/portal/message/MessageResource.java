package nl.knooppunt.portal.message;

import java.net.URI;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import nl.knooppunt.portal.identity.CallerResolver;
import nl.knooppunt.portal.problem.Downstream;
import nl.knooppunt.portal.problem.ProblemException;
import nl.knooppunt.portal.routing.RoutingClient;

/** Sending messages and following their status. */
@Path("/api/v1/messages")
@Tag(name = "Messages", description = "Send messages of the standard and follow their status")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class MessageResource {

    private final SubmissionService submissions;
    private final CallerResolver callers;
    private final RoutingClient routing;
    private final SecurityIdentity identity;

    public MessageResource(SubmissionService submissions, CallerResolver callers, @RestClient RoutingClient routing,
            SecurityIdentity identity) {
        this.submissions = submissions;
        this.callers = callers;
        this.routing = routing;
        this.identity = identity;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Send a message", description = "Validates the message against the standard and routes it "
            + "to the recipient. 201 when accepted; 422 with every violation (code, JSON pointer into the payload, "
            + "message) when it breaks the standard.")
    public Uni<Response> send(SubmissionRequest request, @Context HttpHeaders headers) {
        return callers.resolve(identity, headers)
                .chain(caller -> submissions.submit(caller, request))
                .map(result -> Response.created(URI.create("/api/v1/messages/" + result.id())).entity(result)
                        .build());
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "Status of a message you sent", description = "accepted, delivered, fetched, "
            + "acknowledged or expired, with timestamps; 404 for messages you did not send.")
    public Uni<MessageStatusView> status(@PathParam("id") String id, @Context HttpHeaders headers) {
        return callers.resolve(identity, headers)
                .chain(caller -> routing.message(id)
                        .onFailure().transform(Downstream.failure("routing-service", "no message " + id))
                        .map(metadata -> {
                            if (!caller.participantId().equals(metadata.sender())) {
                                throw ProblemException.notFound("no message " + id);
                            }
                            return MessageStatusView.of(metadata);
                        }));
    }
}
