package nl.knooppunt.routing.mailbox.rest;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.smallrye.mutiny.Uni;
import nl.knooppunt.routing.common.problem.PathIds;
import nl.knooppunt.kit.problem.ProblemException;
import nl.knooppunt.routing.config.RoutingConfig;
import nl.knooppunt.routing.mailbox.service.Acknowledgements;
import nl.knooppunt.routing.mailbox.service.MailboxService;

/** Acknowledges many messages of a participant's mailbox in one call, for portal-api. */
@Path("/internal/v1/mailboxes/{participantId}/acknowledgements")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed(MailboxResource.GROUP)
public class MailboxAcknowledgementResource {

    private final MailboxService mailbox;
    private final int maxIds;

    public MailboxAcknowledgementResource(MailboxService mailbox, RoutingConfig config) {
        this.mailbox = mailbox;
        this.maxIds = config.routing().maxPageSize();
    }

    /**
     * The messages to acknowledge.
     *
     * @param ids 1 to {@code knooppunt.routing.max-page-size} distinct message ids
     */
    public record AcknowledgeRequest(List<String> ids) {
    }

    /**
     * Per id, what became of it (each id in exactly one list, in the order asked).
     *
     * @param acknowledged acknowledged now or before
     * @param expired      past its retention
     * @param notFound     not a message of this mailbox
     */
    public record AcknowledgementsView(List<String> acknowledged, List<String> expired, List<String> notFound) {

        static AcknowledgementsView of(Acknowledgements result) {
            return new AcknowledgementsView(strings(result.acknowledged()), strings(result.expired()),
                    strings(result.notFound()));
        }

        private static List<String> strings(List<UUID> ids) {
            return ids.stream().map(UUID::toString).toList();
        }
    }

    @POST
    public Uni<AcknowledgementsView> acknowledge(@PathParam("participantId") String participantId,
            AcknowledgeRequest request) {
        UUID recipient = PathIds.parse(participantId, "mailbox");
        return mailbox.acknowledgeAll(recipient, ids(request)).map(AcknowledgementsView::of);
    }

    private List<UUID> ids(AcknowledgeRequest request) {
        if (request == null || request.ids() == null || request.ids().isEmpty() || request.ids().size() > maxIds) {
            throw ProblemException.badRequest("'/ids' must hold 1 to " + maxIds + " message ids");
        }
        Set<UUID> seen = new HashSet<>();
        for (int i = 0; i < request.ids().size(); i++) {
            UUID id = uuid(request.ids().get(i));
            if (id == null) {
                throw ProblemException.badRequest("'/ids/" + i + "' is not a message id");
            }
            if (!seen.add(id)) {
                throw ProblemException.badRequest("'/ids/" + i + "' repeats an earlier id");
            }
        }
        return request.ids().stream().map(UUID::fromString).toList();
    }

    private static UUID uuid(String value) {
        if (value == null) {
            return null;
        }
        try {
            UUID id = UUID.fromString(value);
            return id.toString().equalsIgnoreCase(value) ? id : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
