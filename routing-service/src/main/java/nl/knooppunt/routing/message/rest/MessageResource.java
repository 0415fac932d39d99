package nl.knooppunt.routing.message.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.smallrye.mutiny.Uni;
import nl.knooppunt.routing.common.problem.PathIds;
import nl.knooppunt.kit.problem.ProblemException;
import nl.knooppunt.routing.message.service.MessageService;

/** Message metadata for other services (status, conversation); never the payload. */
@Path("/internal/v1/messages")
@Produces(MediaType.APPLICATION_JSON)
public class MessageResource {

    /** Group a caller needs to read message metadata. */
    public static final String GROUP = "messages.read";

    private final MessageService messages;

    public MessageResource(MessageService messages) {
        this.messages = messages;
    }

    @GET
    @Path("/{messageId}")
    @RolesAllowed(GROUP)
    public Uni<MessageView> metadata(@PathParam("messageId") String messageId) {
        return messages.metadata(PathIds.parse(messageId, "message"))
                .map(found -> found.map(MessageView::metadata)
                        .orElseThrow(() -> ProblemException.notFound("no such message")));
    }
}
