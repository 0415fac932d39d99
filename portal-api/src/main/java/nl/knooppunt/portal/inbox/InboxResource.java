package nl.knooppunt.portal.inbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
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
import nl.knooppunt.portal.custody.CustodyKeys;
import nl.knooppunt.portal.identity.CallerResolver;
import nl.knooppunt.portal.problem.Downstream;
import nl.knooppunt.portal.problem.ProblemException;
import nl.knooppunt.portal.routing.MessageMetadata;
import nl.knooppunt.portal.routing.RoutingClient;
import nl.knooppunt.standard.crypto.CryptoException;

/** The caller's inbox: list, fetch and acknowledge the messages waiting for it. */
@Path("/api/v1/inbox")
@Tag(name = "Inbox", description = "Messages waiting for you")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class InboxResource {

    private static final Logger LOG = Logger.getLogger(InboxResource.class);

    private final CallerResolver callers;
    private final RoutingClient routing;
    private final CustodyKeys custody;
    private final ObjectMapper mapper;
    private final SecurityIdentity identity;

    public InboxResource(CallerResolver callers, @RestClient RoutingClient routing, CustodyKeys custody,
            ObjectMapper mapper, SecurityIdentity identity) {
        this.callers = callers;
        this.routing = routing;
        this.custody = custody;
        this.mapper = mapper;
        this.identity = identity;
    }

    @GET
    @Operation(summary = "List waiting messages", description = "Envelopes only, oldest first; page with after. "
            + "Optionally only one module, message type and/or sender (participant id).")
    public Uni<InboxPage> list(@QueryParam("after") String after, @QueryParam("limit") Integer limit,
            @QueryParam("module") String module, @QueryParam("type") String type,
            @QueryParam("sender") String sender, @Context HttpHeaders headers) {
        if (limit != null && (limit < 1 || limit > 500)) {
            throw ProblemException.badRequest("limit must be between 1 and 500");
        }
        if (sender != null && !sender.isEmpty() && !isUuid(sender)) {
            throw ProblemException.badRequest("sender must be a participant id (UUID)");
        }
        return callers.resolve(identity, headers)
                .chain(caller -> routing.mailbox(caller.participantId(), after, limit, module, type, sender)
                        .onFailure().transform(Downstream.failure("routing-service", "no such cursor")))
                .map(page -> new InboxPage(page.items().stream().map(m -> view(m, null, null)).toList(),
                        page.next()));
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "Fetch a message with its content", description = "Marks it fetched. The message stays "
            + "until you acknowledge it or its retention ends.")
    public Uni<InboxMessage> fetch(@PathParam("id") String id, @Context HttpHeaders headers) {
        return callers.resolve(identity, headers)
                .chain(caller -> routing.fetch(caller.participantId(), id)
                        .onFailure().transform(Downstream.failure("routing-service", "no message " + id
                                + " in your inbox"))
                        .chain(message -> open(caller.participantId(), message)));
    }

    @POST
    @Path("/{id}/ack")
    @Operation(summary = "Acknowledge a message", description = "The hub deletes its content at once; afterwards "
            + "fetching it answers 410.")
    public Uni<Response> acknowledge(@PathParam("id") String id, @Context HttpHeaders headers) {
        return callers.resolve(identity, headers)
                .chain(caller -> routing.acknowledge(caller.participantId(), id)
                        .onFailure().transform(Downstream.failure("routing-service", "no message " + id
                                + " in your inbox")))
                .map(ignored -> Response.noContent().build());
    }

    private Uni<InboxMessage> open(String participantId, MessageMetadata message) {
        if (!custody.holds(participantId)) {
            return Uni.createFrom().item(view(message, null, message.payload()));
        }
        return Uni.createFrom().item(() -> decrypt(participantId, message))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    /** Opens with the custody key; a payload encrypted to the participant's own key is handed over as JWE. */
    private InboxMessage decrypt(String participantId, MessageMetadata message) {
        try {
            return custody.decryptFor(participantId, message.payload())
                    .map(plaintext -> view(message, readTree(plaintext), null))
                    .orElseGet(() -> view(message, null, message.payload()));
        } catch (CryptoException | UncheckedIOException e) {
            LOG.errorf("cannot open message %s for participant %s: %s", message.id(), participantId,
                    e.getClass().getSimpleName());
            throw new ProblemException(nl.knooppunt.portal.problem.Problem.of(500, "undecryptable",
                    "Message cannot be opened", "the hub could not decrypt this message with your custody key"));
        }
    }

    private JsonNode readTree(String plaintext) {
        try {
            return mapper.readTree(plaintext);
        } catch (IOException e) {
            // Jackson's message quotes the input: never pass it on
            throw new UncheckedIOException(new IOException("payload is not JSON"));
        }
    }

    private static boolean isUuid(String value) {
        try {
            UUID.fromString(value);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static InboxMessage view(MessageMetadata m, JsonNode payload, String encryptedPayload) {
        return new InboxMessage(m.id(), m.conversationId(), m.inReplyTo(), m.module(), m.type(), m.sender(),
                m.status(), m.submittedAt(), m.deliveredAt(), payload, encryptedPayload);
    }
}
