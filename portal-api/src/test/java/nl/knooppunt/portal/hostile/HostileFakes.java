package nl.knooppunt.portal.hostile;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * Test stand-ins for registry-service and routing-service under {@code /hostile-fake}, answering like the real ones
 * (docs/internal-apis.md): non-UUID ids are 404, a bad cursor or limit 400, a mailbox holds only its own messages.
 */
@Path("/hostile-fake/internal/v1")
@Produces(MediaType.APPLICATION_JSON)
public class HostileFakes {

    /** Participant A: a debt counsellor with a key of its own. */
    public static final String A = "6a1f0c43-2d2b-4c55-9a0e-3f1f7a0d2a01";
    /** Participant B: a creditor with a key of its own. */
    public static final String B = "b7e2d154-3e3c-4d66-8b1f-4a2a8b1e3b02";
    /** OIN of participant A, carried by its portal users' tokens. */
    public static final String A_OIN = "00000001000000000001";
    /** OIN of participant B, by which a sender may address it. */
    public static final String B_OIN = "00000002000000000002";
    /** A message from B waiting in A's mailbox. */
    public static final String TO_A = "aaaaaaaa-0000-4000-8000-000000000001";
    /** A message from A waiting in B's mailbox. */
    public static final String TO_B = "bbbbbbbb-0000-4000-8000-000000000002";

    /** Every call, as "METHOD path-template participant message". */
    public static final List<String> CALLS = new CopyOnWriteArrayList<>();
    /** Idempotency keys: sender|key to digest and result ("" while in progress). */
    static final Map<String, String[]> KEYS = new ConcurrentHashMap<>();

    private static final Map<String, Map<String, Object>> MESSAGES = new ConcurrentHashMap<>(Map.of(
            TO_A, message(TO_A, B, A), TO_B, message(TO_B, A, B)));

    @GET
    @Path("/clients/{clientId}/participants")
    public List<Map<String, Object>> mandates(@PathParam("clientId") String clientId) {
        CALLS.add("GET mandates " + clientId);
        return switch (clientId) {
            case "client-a" -> List.of(participant(A, "active"));
            case "client-b" -> List.of(participant(B, "active"));
            case "vendor-ab" -> List.of(participant(A, "active"), participant(B, "active"));
            case "client-suspended" -> List.of(participant(A, "suspended"));
            default -> List.of();
        };
    }

    @GET
    @Path("/participants/by-oin/{oin}")
    public Response byOin(@PathParam("oin") String oin) {
        CALLS.add("GET by-oin " + oin);
        return A_OIN.equals(oin) ? Response.ok(participant(A, "active")).build()
                : B_OIN.equals(oin) ? Response.ok(participant(B, "active")).build() : notFound();
    }

    @PUT
    @Path("/participants/{id}/keys/{kid}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response publishKey(@PathParam("id") String id, @PathParam("kid") String kid, String jwk) {
        return Response.noContent().build();
    }

    @GET
    @Path("/mailboxes/{participantId}/messages")
    public Response mailbox(@PathParam("participantId") String participantId, @QueryParam("after") String after,
            @QueryParam("limit") String limit, @QueryParam("sender") String sender) {
        CALLS.add("GET mailbox " + participantId);
        if (!isUuid(participantId)) {
            return notFound();
        }
        if (after != null && !after.isEmpty() && !isUuid(after) || sender != null && !sender.isEmpty()
                && !isUuid(sender) || limit != null && !limit.matches("[1-9][0-9]{0,2}")) {
            return Response.status(400).type("application/problem+json")
                    .entity(Map.of("type", "about:blank", "status", 400, "title", "Bad request")).build();
        }
        List<Map<String, Object>> items = new ArrayList<>();
        MESSAGES.values().stream().filter(m -> participantId.equals(m.get("recipient"))).forEach(items::add);
        return Response.ok(Map.of("items", items)).build();
    }

    @GET
    @Path("/mailboxes/{participantId}/messages/{messageId}")
    public Response fetch(@PathParam("participantId") String participantId,
            @PathParam("messageId") String messageId) {
        CALLS.add("GET fetch " + participantId + " " + messageId);
        Map<String, Object> message = MESSAGES.get(messageId);
        if (message == null || !participantId.equals(message.get("recipient"))) {
            return notFound();
        }
        Map<String, Object> withPayload = new LinkedHashMap<>(message);
        withPayload.put("payload", "not-a-real-jwe");
        return Response.ok(withPayload).build();
    }

    @POST
    @Path("/mailboxes/{participantId}/messages/{messageId}/ack")
    public Response acknowledge(@PathParam("participantId") String participantId,
            @PathParam("messageId") String messageId) {
        CALLS.add("POST ack " + participantId + " " + messageId);
        Map<String, Object> message = MESSAGES.get(messageId);
        return message == null || !participantId.equals(message.get("recipient")) ? notFound()
                : Response.noContent().build();
    }

    /** A bulk acknowledgement as routing-service takes it. */
    public record AckRequest(List<String> ids) {
    }

    @POST
    @Path("/mailboxes/{participantId}/acknowledgements")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response acknowledgeAll(@PathParam("participantId") String participantId, AckRequest request) {
        CALLS.add("POST acknowledgements " + participantId);
        List<String> acknowledged = new ArrayList<>();
        List<String> notFound = new ArrayList<>();
        for (String id : request.ids()) {
            Map<String, Object> message = MESSAGES.get(id);
            (message != null && participantId.equals(message.get("recipient")) ? acknowledged : notFound).add(id);
        }
        return Response.ok(Map.of("acknowledged", acknowledged, "expired", List.of(), "notFound", notFound)).build();
    }

    @GET
    @Path("/messages/{messageId}")
    public Response metadata(@PathParam("messageId") String messageId) {
        CALLS.add("GET message " + messageId);
        Map<String, Object> message = MESSAGES.get(messageId);
        return message == null ? notFound() : Response.ok(message).build();
    }

    @GET
    @Path("/participants/{participantId}/events")
    public Response events(@PathParam("participantId") String participantId, @QueryParam("after") String after) {
        if (after != null && !after.isEmpty() && !after.matches("[0-9]{1,19}")) {
            return Response.status(400).build();
        }
        return Response.ok(Map.of("items", List.of(), "next", after == null ? "0" : after)).build();
    }

    /** A claim, complete or release of an idempotency key. */
    public record KeyRequest(String sender, String key, String digest, String result) {
    }

    @POST
    @Path("/idempotency-keys/claim")
    @Consumes(MediaType.APPLICATION_JSON)
    public Map<String, String> claim(KeyRequest request) {
        CALLS.add("POST claim " + request.sender());
        String[] existing = KEYS.putIfAbsent(request.sender() + "|" + request.key(),
                new String[] { request.digest(), "" });
        if (existing == null) {
            return Map.of("outcome", "claimed");
        }
        if (!existing[0].equals(request.digest())) {
            return Map.of("outcome", "mismatch");
        }
        return existing[1].isEmpty() ? Map.of("outcome", "in-progress")
                : Map.of("outcome", "completed", "result", existing[1]);
    }

    @POST
    @Path("/idempotency-keys/complete")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response complete(KeyRequest request) {
        KEYS.put(request.sender() + "|" + request.key(), new String[] { request.digest(), request.result() });
        return Response.noContent().build();
    }

    @POST
    @Path("/idempotency-keys/release")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response release(KeyRequest request) {
        KEYS.remove(request.sender() + "|" + request.key());
        return Response.noContent().build();
    }

    private static Response notFound() {
        return Response.status(404).type("application/problem+json")
                .entity(Map.of("type", "about:blank", "status", 404, "title", "Not found")).build();
    }

    private static boolean isUuid(String value) {
        try {
            return UUID.fromString(value).toString().equalsIgnoreCase(value);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static Map<String, Object> participant(String id, String status) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("id", id);
        p.put("oin", A.equals(id) ? A_OIN : B_OIN);
        p.put("name", A.equals(id) ? "Gemeente Voorbeeldstad" : "Voorbeeld Energie B.V.");
        p.put("kind", A.equals(id) ? "counsellor-phase-1" : "creditor");
        p.put("status", status);
        p.put("modules", List.of("schuldinventarisatie", "betalingsregeling"));
        p.put("keyIds", List.of(id + "-key-1"));
        return p;
    }

    private static Map<String, Object> message(String id, String sender, String recipient) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("conversationId", id);
        m.put("module", "schuldinventarisatie");
        m.put("type", "saldoverzoek");
        m.put("sender", sender);
        m.put("recipient", recipient);
        m.put("status", "delivered");
        m.put("submittedAt", Instant.parse("2026-11-27T10:00:00Z").toString());
        return m;
    }
}
