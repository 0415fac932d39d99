package nl.knooppunt.portal.inbox;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import nl.knooppunt.kit.problem.ProblemException;
import nl.knooppunt.portal.downstream.registry.RegistryParticipant;
import nl.knooppunt.portal.downstream.routing.AcknowledgementRequest;
import nl.knooppunt.portal.downstream.routing.CombinedAcknowledgementRequest;
import nl.knooppunt.portal.downstream.routing.CombinedMailboxRequest;
import nl.knooppunt.portal.downstream.routing.MessageMetadata;
import nl.knooppunt.portal.downstream.routing.RoutingClient;
import nl.knooppunt.portal.identity.CallerResolver;
import nl.knooppunt.portal.problem.Downstream;

/**
 * One inbox across every participant the caller may act for (ADR 0038): a system acting for many organisations lists
 * and acknowledges all their messages in pages, instead of one inbox per participant. The single-participant inbox
 * ({@code /api/v1/inbox}) is unchanged.
 */
@Path("/api/v1/vendor-inbox")
@Tag(name = "Vendor inbox", description = "Messages waiting for any participant you act for, in one inbox")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class VendorInboxResource {

    /** The query parameter filtering by recipient. */
    static final String PARTICIPANT = "participant";

    private final CallerResolver callers;
    private final RoutingClient routing;
    private final SecurityIdentity identity;

    public VendorInboxResource(CallerResolver callers, @RestClient RoutingClient routing, SecurityIdentity identity) {
        this.callers = callers;
        this.routing = routing;
        this.identity = identity;
    }

    @GET
    @Operation(operationId = "listVendorInbox", summary = "List waiting messages of every participant you act for",
            description = "One inbox across "
            + "all your active mandates, oldest first (by delivery time, then id) whatever the recipient; every item "
            + "names its recipient. Page with after (the previous page's next), filter as GET /inbox does with "
            + "module, type and sender, and by recipient with participant (repeat it or separate ids with commas; "
            + "each must be a participant you act for). No Knooppunt-Participant header needed. With "
            + "include=content every message on the page carries its content exactly as GET /inbox/{id} answers it "
            + "and is marked fetched: list, store, then acknowledge the page with POST /vendor-inbox/acknowledgements.")
    @APIResponse(responseCode = "200", description = "One page across your participants' inboxes")
    @APIResponse(responseCode = "400", description = "A bad cursor, limit, sender, participant or include value; "
            + "for a participant the detail names it as /participant/<n> (the n-th id given, from 0), never the value",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
    @APIResponse(responseCode = "403", description = "A participant filter names a participant you may not act for, "
            + "or you act for none",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
    public Uni<VendorInboxPage> list(@QueryParam("after") String after,
            @Parameter(description = "page size, 1 to 500 (default 50)") @QueryParam("limit") Integer limit,
            @QueryParam("module") String module, @QueryParam("type") String type,
            @QueryParam("sender") String sender,
            @Parameter(description = "only messages to these participants (ids): repeat the parameter or separate "
                    + "ids with commas") @QueryParam(PARTICIPANT) List<String> participants,
            @Parameter(description = "'content': include each message's content (encryptedPayload) and "
                    + "mark the listed messages fetched") @QueryParam("include") String include) {
        if (limit != null && (limit < 1 || limit > AcknowledgementIds.MAX_IDS)) {
            throw ProblemException.badRequest("limit must be between 1 and " + AcknowledgementIds.MAX_IDS);
        }
        if (sender != null && !sender.isEmpty() && !InboxResource.isUuid(sender)) {
            throw ProblemException.badRequest("sender must be a participant id (UUID)");
        }
        boolean withContent = include != null && !include.isEmpty();
        if (withContent && !InboxResource.CONTENT.equals(include)) {
            throw ProblemException.badRequest("include may only be '" + InboxResource.CONTENT + "'");
        }
        List<String> filter = participantFilter(participants);
        return callers.actingFor(identity).chain(mandates -> {
            CombinedMailboxRequest mailboxes = new CombinedMailboxRequest(recipients(mandates, filter));
            if (!withContent) {
                return routing.combinedMailbox(after, limit, module, type, sender, mailboxes)
                        .onFailure().transform(Downstream.failure("routing-service", "no such cursor"))
                        .map(page -> new VendorInboxPage(page.items().stream()
                                .map(m -> view(m, null)).toList(), page.next()));
            }
            return routing.combinedMailboxWithContent(after, limit, module, type, sender, mailboxes)
                    .onFailure().transform(Downstream.failure("routing-service", "no such cursor"))
                    .map(page -> new VendorInboxPage(page.items().stream().map(m -> view(m, m.payload())).toList(),
                            page.next()));
        });
    }

    @POST
    @Path("/acknowledgements")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "acknowledgeVendorInboxMessages",
            summary = "Acknowledge many messages of any participant you act for", description = "Body "
            + "{\"ids\": [...]}: 1 to 500 distinct message ids, for instance a page of GET /vendor-inbox whatever its "
            + "recipients. Each is handled as POST /inbox/{id}/ack would handle it for its recipient: the hub deletes "
            + "the content of every message acknowledged. The answer lists every id under acknowledged (also when "
            + "it was acknowledged before), expired (its retention ended first) or notFound (no message to any "
            + "participant you act for).")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = AcknowledgementRequest.class), example = "{\"ids\": "
            + "[\"0f8c2a4e-6b1d-4c3a-9e7f-2d5b8a1c3e90\", \"5b1e9d7c-3a2f-4e6b-8c0d-1f4a7e9b2c63\"]}"))
    @APIResponse(responseCode = "200", description = "What became of each id")
    @APIResponse(responseCode = "400", description = "The body is not {\"ids\": [1 to 500 distinct UUIDs]}; the "
            + "detail names the JSON pointer of the first fault",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
    public Uni<VendorInboxAcknowledgements> acknowledgeAll(JsonNode body) {
        List<String> ids = AcknowledgementIds.of(body);
        return callers.actingFor(identity)
                .chain(mandates -> routing.combinedAcknowledgeAll(new CombinedAcknowledgementRequest(
                        recipients(mandates, List.of()), ids))
                        .onFailure().transform(Downstream.failure("routing-service", "no such inbox")))
                .map(result -> new VendorInboxAcknowledgements(result.acknowledged(), result.expired(),
                        result.notFound()));
    }

    /**
     * The participant ids of the filter, canonical and in the order given (repeated parameters, each split at
     * commas; an empty parameter is no filter, as for the other filters); a 400 naming the first bad one as
     * {@code /participant/<n>} otherwise.
     */
    static List<String> participantFilter(List<String> values) {
        List<String> ids = new ArrayList<>();
        if (values == null) {
            return ids;
        }
        int n = 0;
        for (String value : values) {
            if (value == null || value.isEmpty()) {
                continue;
            }
            for (String part : value.split(",", -1)) {
                UUID id = AcknowledgementIds.canonicalUuid(part.strip());
                if (id == null) {
                    throw ProblemException.badRequest("/" + PARTICIPANT + "/" + n + " is not a participant id (UUID)");
                }
                ids.add(id.toString());
                n++;
            }
        }
        return ids;
    }

    /**
     * The mailboxes to read: every participant the caller acts for, or those of the filter, each of which must be
     * one of them (403 naming the first that is not).
     */
    private static List<String> recipients(List<RegistryParticipant> mandates, List<String> filter) {
        Map<String, String> byLowerCaseId = mandates.stream().map(RegistryParticipant::id)
                .collect(Collectors.toMap(id -> id.toLowerCase(Locale.ROOT), Function.identity(),
                        (first, second) -> first, LinkedHashMap::new));
        if (filter.isEmpty()) {
            return List.copyOf(new LinkedHashSet<>(byLowerCaseId.values()));
        }
        Set<String> chosen = new LinkedHashSet<>();
        for (int i = 0; i < filter.size(); i++) {
            String id = byLowerCaseId.get(filter.get(i));
            if (id == null) {
                throw ProblemException.forbidden("/" + PARTICIPANT + "/" + i
                        + " names a participant you may not act for");
            }
            chosen.add(id);
        }
        return List.copyOf(chosen);
    }

    private static VendorInboxMessage view(MessageMetadata m, String encryptedPayload) {
        return new VendorInboxMessage(m.id(), m.recipient(), m.conversationId(), m.inReplyTo(), m.module(), m.type(),
                m.sender(), m.status(), m.submittedAt(), m.deliveredAt(), encryptedPayload);
    }
}
