package nl.knooppunt.portal.downstream.routing;

import java.time.Instant;
import java.util.List;

import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import io.quarkus.rest.client.reactive.ClientQueryParam;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import nl.knooppunt.kit.token.TokenGroups;

/**
 * routing-service's internal API (docs/internal-apis.md), every endpoint portal-api calls declared once: mailboxes
 * (group {@code mailbox}), message metadata ({@code messages.read}), the event feed and idempotency keys
 * ({@code messages.read}, {@code messages.write}). Each call carries a service JWT with its method's groups.
 */
@RegisterRestClient(configKey = "routing")
@RegisterProvider(RoutingTokenFilter.class)
@Path("/internal/v1")
@TokenGroups({ "mailbox", "messages.read" })
public interface RoutingClient {

    @GET
    @Path("/mailboxes/{participantId}/messages")
    Uni<MailboxPage> mailbox(@PathParam("participantId") String participantId, @QueryParam("after") String after,
            @QueryParam("limit") Integer limit, @QueryParam("module") String module,
            @QueryParam("type") String type, @QueryParam("sender") String sender);

    /** The same page as {@link #mailbox}, with payloads; marks the listed messages fetched. */
    @GET
    @Path("/mailboxes/{participantId}/messages")
    @ClientQueryParam(name = "include", value = "content")
    Uni<MailboxPage> mailboxWithContent(@PathParam("participantId") String participantId,
            @QueryParam("after") String after, @QueryParam("limit") Integer limit,
            @QueryParam("module") String module, @QueryParam("type") String type,
            @QueryParam("sender") String sender);

    @POST
    @Path("/mailboxes/{participantId}/acknowledgements")
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<Acknowledgements> acknowledgeAll(@PathParam("participantId") String participantId,
            AcknowledgementRequest request);

    /** One page across several participants' mailboxes (ADR 0038), in delivery order. */
    @POST
    @Path("/combined-mailbox/messages")
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<MailboxPage> combinedMailbox(@QueryParam("after") String after, @QueryParam("limit") Integer limit,
            @QueryParam("module") String module, @QueryParam("type") String type,
            @QueryParam("sender") String sender, CombinedMailboxRequest request);

    /** The same page as {@link #combinedMailbox}, with payloads; marks the listed messages fetched. */
    @POST
    @Path("/combined-mailbox/messages")
    @Consumes(MediaType.APPLICATION_JSON)
    @ClientQueryParam(name = "include", value = "content")
    Uni<MailboxPage> combinedMailboxWithContent(@QueryParam("after") String after,
            @QueryParam("limit") Integer limit, @QueryParam("module") String module,
            @QueryParam("type") String type, @QueryParam("sender") String sender, CombinedMailboxRequest request);

    /** Acknowledges messages of any of the recipients' mailboxes; any other id is not found. */
    @POST
    @Path("/combined-mailbox/acknowledgements")
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<Acknowledgements> combinedAcknowledgeAll(CombinedAcknowledgementRequest request);

    @GET
    @Path("/mailboxes/{participantId}/messages/{messageId}")
    Uni<MessageMetadata> fetch(@PathParam("participantId") String participantId,
            @PathParam("messageId") String messageId);

    @POST
    @Path("/mailboxes/{participantId}/messages/{messageId}/ack")
    Uni<Void> acknowledge(@PathParam("participantId") String participantId,
            @PathParam("messageId") String messageId);

    @GET
    @Path("/messages/{messageId}")
    Uni<MessageMetadata> message(@PathParam("messageId") String messageId);

    @TokenGroups({ "messages.read", "messages.write" })
    @GET
    @Path("/participants/{participantId}/events")
    Uni<EventPage> events(@PathParam("participantId") String participantId, @QueryParam("after") String after,
            @QueryParam("limit") Integer limit);

    @TokenGroups({ "messages.read", "messages.write" })
    @POST
    @Path("/idempotency-keys/claim")
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<Claim> claim(KeyRequest request);

    @TokenGroups({ "messages.read", "messages.write" })
    @POST
    @Path("/idempotency-keys/complete")
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<Void> complete(KeyRequest request);

    @TokenGroups({ "messages.read", "messages.write" })
    @POST
    @Path("/idempotency-keys/release")
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<Void> release(KeyRequest request);

    /** One event of a participant's feed. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Event(String cursor, String messageId, String event, String sender, String recipient, String module,
            String type, Instant at) {
    }

    /** A page of the feed. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record EventPage(List<Event> items, String next) {
    }

    /**
     * An idempotency key of a sender with the digest of the body; {@code result} on complete only; {@code lease} (an
     * ISO-8601 duration) on claim only: after how long an open claim of the same body may be taken over.
     */
    record KeyRequest(String sender, String key, String digest, String result, String lease) {
    }

    /**
     * claimed, completed (with the first result), mismatch or in-progress; {@code since}: when the key's current
     * use began (claimed, completed), the same for every claim of it.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Claim(String outcome, String result, String since) {
    }
}
