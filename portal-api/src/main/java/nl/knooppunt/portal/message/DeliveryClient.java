package nl.knooppunt.portal.message;

import java.time.Instant;
import java.util.List;

import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** routing-service's delivery API for senders: status, events feed, idempotency keys (docs/internal-apis.md). */
@RegisterRestClient(configKey = "routing")
@RegisterClientHeaders(DeliveryClientHeaders.class)
@Path("/internal/v1")
public interface DeliveryClient {

    @GET
    @Path("/messages/{messageId}")
    Uni<Status> message(@PathParam("messageId") String messageId);

    @GET
    @Path("/participants/{participantId}/events")
    Uni<EventPage> events(@PathParam("participantId") String participantId, @QueryParam("after") String after,
            @QueryParam("limit") Integer limit);

    @POST
    @Path("/idempotency-keys/claim")
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<Claim> claim(KeyRequest request);

    @POST
    @Path("/idempotency-keys/complete")
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<Void> complete(KeyRequest request);

    @POST
    @Path("/idempotency-keys/release")
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<Void> release(KeyRequest request);

    /** A message's metadata and status as routing-service keeps it. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Status(String id, String conversationId, String inReplyTo, String module, String type, String sender,
            String recipient, String status, String deliveryMode, Instant submittedAt, Instant deliveredAt,
            Instant fetchedAt, Instant acknowledgedAt, Instant expiredAt, Instant failedAt) {
    }

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
