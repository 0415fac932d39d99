package nl.knooppunt.routing.mailbox.rest;

import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.ResponseStatus;

import io.opentelemetry.api.trace.Span;
import io.smallrye.mutiny.Uni;
import nl.knooppunt.kit.trace.TraceAttributes;
import nl.knooppunt.routing.common.problem.PathIds;
import nl.knooppunt.kit.problem.ProblemException;
import nl.knooppunt.routing.config.RoutingConfig;
import nl.knooppunt.routing.mailbox.service.MailboxService;
import nl.knooppunt.routing.message.repository.MailboxFilter;
import nl.knooppunt.routing.message.rest.MessageView;

/**
 * A participant's mailbox, for portal-api: list ({@code include=content}: with ciphertexts, marking them fetched),
 * fetch (ciphertext) and acknowledge.
 */
@Path("/internal/v1/mailboxes/{participantId}/messages")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(MailboxResource.GROUP)
public class MailboxResource {

    /** Group a caller needs to use mailboxes. */
    public static final String GROUP = "mailbox";
    /** The value of {@code include} that lists payloads too (and marks the listed messages fetched). */
    public static final String CONTENT = "content";

    private final MailboxService mailbox;
    private final RoutingConfig.Routing config;

    public MailboxResource(MailboxService mailbox, RoutingConfig config) {
        this.mailbox = mailbox;
        this.config = config.routing();
    }

    @GET
    public Uni<MailboxPageView> list(@PathParam("participantId") String participantId,
            @QueryParam("after") String after, @QueryParam("limit") String limit,
            @QueryParam("module") String module, @QueryParam("type") String type,
            @QueryParam("sender") String sender, @QueryParam("include") String include) {
        UUID recipient = PathIds.parse(participantId, "mailbox");
        MailboxFilter filter = new MailboxFilter(blankToNull(module), blankToNull(type), senderFilter(sender));
        if (include == null || include.isEmpty()) {
            return mailbox.list(recipient, filter, cursor(after), limit(limit)).map(MailboxPageView::of);
        }
        if (!CONTENT.equals(include)) {
            throw ProblemException.badRequest("'include' may only be '" + CONTENT + "'");
        }
        return mailbox.listWithContent(recipient, filter, cursor(after), limit(limit))
                .map(MailboxPageView::withPayloads);
    }

    @GET
    @Path("/{messageId}")
    public Uni<MessageView> fetch(@PathParam("participantId") String participantId,
            @PathParam("messageId") String messageId) {
        TraceAttributes.message(Span.current(), messageId, null, null, null, participantId);
        return mailbox.fetch(PathIds.parse(participantId, "mailbox"), PathIds.parse(messageId, "message"))
                .map(MessageView::withPayload);
    }

    @POST
    @Path("/{messageId}/ack")
    @ResponseStatus(204)
    public Uni<Void> acknowledge(@PathParam("participantId") String participantId,
            @PathParam("messageId") String messageId) {
        TraceAttributes.message(Span.current(), messageId, null, null, null, participantId);
        return mailbox.acknowledge(PathIds.parse(participantId, "mailbox"), PathIds.parse(messageId, "message"));
    }

    static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    static UUID senderFilter(String sender) {
        if (sender == null || sender.isEmpty()) {
            return null;
        }
        try {
            return UUID.fromString(sender);
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("'sender' must be a participant id");
        }
    }

    static UUID cursor(String after) {
        if (after == null || after.isEmpty()) {
            return null;
        }
        try {
            return UUID.fromString(after);
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("'after' must be a message id");
        }
    }

    private int limit(String value) {
        if (value == null || value.isEmpty()) {
            return config.defaultPageSize();
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
