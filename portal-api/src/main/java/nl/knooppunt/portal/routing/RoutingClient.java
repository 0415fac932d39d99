package nl.knooppunt.portal.routing;

import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import io.quarkus.rest.client.reactive.ClientQueryParam;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** routing-service's internal API (docs/internal-apis.md). */
@RegisterRestClient(configKey = "routing")
@RegisterClientHeaders(RoutingTokenHeaders.class)
@Path("/internal/v1")
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
}
