package nl.knooppunt.routing.mailbox.rest;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import io.smallrye.mutiny.Uni;
import nl.knooppunt.kit.problem.ProblemException;
import nl.knooppunt.routing.config.RoutingConfig;
import nl.knooppunt.routing.mailbox.rest.MailboxAcknowledgementResource.AcknowledgementsView;
import nl.knooppunt.routing.mailbox.service.CombinedMailboxService;
import nl.knooppunt.routing.message.repository.MailboxFilter;

/**
 * Several participants' mailboxes as one, for portal-api's vendor-wide inbox (ADR 0038): the listing and the bulk
 * acknowledgement of the single mailbox, with the recipients named in the body instead of the path.
 */
@Path("/internal/v1/combined-mailbox")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed(MailboxResource.GROUP)
public class CombinedMailboxResource {

    private final CombinedMailboxService mailboxes;
    private final RoutingConfig.Routing config;

    public CombinedMailboxResource(CombinedMailboxService mailboxes, RoutingConfig config) {
        this.mailboxes = mailboxes;
        this.config = config.routing();
    }

    /**
     * The mailboxes to list.
     *
     * @param recipients 1 to {@code knooppunt.routing.max-combined-recipients} distinct participant ids
     */
    public record ListingRequest(List<String> recipients) {
    }

    /**
     * The messages to acknowledge, and the mailboxes they may be in.
     *
     * @param recipients 1 to {@code knooppunt.routing.max-combined-recipients} distinct participant ids
     * @param ids        1 to {@code knooppunt.routing.max-page-size} distinct message ids
     */
    public record AcknowledgeRequest(List<String> recipients, List<String> ids) {
    }

    /** One page across the mailboxes; the query is that of {@code GET /internal/v1/mailboxes/{id}/messages}. */
    @POST
    @Path("/messages")
    public Uni<MailboxPageView> list(@QueryParam("after") String after, @QueryParam("limit") String limit,
            @QueryParam("module") String module, @QueryParam("type") String type,
            @QueryParam("sender") String sender, @QueryParam("include") String include, ListingRequest request) {
        List<UUID> recipients = recipients(request == null ? null : request.recipients());
        MailboxFilter filter = new MailboxFilter(MailboxResource.blankToNull(module),
                MailboxResource.blankToNull(type), MailboxResource.senderFilter(sender));
        UUID cursor = MailboxResource.cursor(after);
        int size = limit(limit);
        if (include == null || include.isEmpty()) {
            return mailboxes.list(recipients, filter, cursor, size).map(MailboxPageView::of);
        }
        if (!MailboxResource.CONTENT.equals(include)) {
            throw ProblemException.badRequest("'include' may only be '" + MailboxResource.CONTENT + "'");
        }
        return mailboxes.listWithContent(recipients, filter, cursor, size).map(MailboxPageView::withPayloads);
    }

    /** Acknowledges messages of any of the mailboxes; any other id is not found. */
    @POST
    @Path("/acknowledgements")
    public Uni<AcknowledgementsView> acknowledge(AcknowledgeRequest request) {
        List<UUID> recipients = recipients(request == null ? null : request.recipients());
        List<UUID> ids = distinctIds(request.ids(), "ids", config.maxPageSize(), "a message id");
        return mailboxes.acknowledgeAll(recipients, ids).map(AcknowledgementsView::of);
    }

    private List<UUID> recipients(List<String> values) {
        return distinctIds(values, "recipients", config.maxCombinedRecipients(), "a participant id");
    }

    /** 1 to max distinct canonical UUIDs (any case), else a 400 naming the first fault's pointer, not its value. */
    private static List<UUID> distinctIds(List<String> values, String field, int max, String what) {
        if (values == null || values.isEmpty() || values.size() > max) {
            throw ProblemException.badRequest("'/" + field + "' must hold 1 to " + max + " ids");
        }
        Set<UUID> seen = new HashSet<>();
        List<UUID> ids = new ArrayList<>(values.size());
        for (int i = 0; i < values.size(); i++) {
            UUID id = canonical(values.get(i));
            if (id == null) {
                throw ProblemException.badRequest("'/" + field + "/" + i + "' is not " + what);
            }
            if (!seen.add(id)) {
                throw ProblemException.badRequest("'/" + field + "/" + i + "' repeats an earlier id");
            }
            ids.add(id);
        }
        return ids;
    }

    private static UUID canonical(String value) {
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
