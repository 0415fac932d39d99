package nl.knooppunt.portal.inbox;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * Stand-ins for registry-service (mandates) and routing-service (a mailbox with state) under {@code /inbox-fake},
 * answering as the real ones document it (docs/internal-apis.md, routing-service's MailboxBatchResourceTest and
 * CombinedMailboxResourceTest).
 */
@Path("/inbox-fake/internal/v1")
@Produces(MediaType.APPLICATION_JSON)
public class InboxFakes {

    /** A portal participant (a demo participant of HubSecretsTestResource, with a test key on its side). */
    public static final String PORTAL = "6a1f0c43-2d2b-4c55-9a0e-3f1f7a0d2a01";
    /** Another participant with a test key. */
    public static final String OTHER = "b7e2d154-3e3c-4d66-8b1f-4a2a8b1e3b02";
    /** A participant with its own key, made in the test. */
    public static final String OWN_KEY = "0c0c0c0c-0000-4000-8000-0000000000c1";

    /** A participant no test client acts for. */
    public static final String STRANGER = "0d0d0d0d-0000-4000-8000-0000000000d1";
    /** A suspended participant that {@code client-vendor} has a mandate for. */
    public static final String SUSPENDED = "0e0e0e0e-0000-4000-8000-0000000000e1";

    /** Every routing call, as "METHOD what participant [detail]". */
    public static final List<String> CALLS = new CopyOnWriteArrayList<>();

    private static final Map<String, Map<String, Object>> MESSAGES = new LinkedHashMap<>();

    /** Empties the mailboxes and the call log. */
    public static synchronized void reset() {
        MESSAGES.clear();
        CALLS.clear();
    }

    /** Puts a delivered message with this ciphertext into the recipient's mailbox; answers its id. */
    public static synchronized String deliver(String recipient, String jwe, boolean expired) {
        String id = UUID.randomUUID().toString();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("conversationId", id);
        m.put("module", "schuldinventarisatie");
        m.put("type", "saldoverzoek");
        m.put("sender", OTHER.equals(recipient) ? PORTAL : OTHER);
        m.put("recipient", recipient);
        m.put("status", expired ? "expired" : "delivered");
        m.put("submittedAt", Instant.parse("2026-11-27T10:00:00Z").toString());
        m.put("deliveredAt", Instant.parse("2026-11-27T10:00:01Z").toString());
        m.put("payload", expired ? null : jwe);
        MESSAGES.put(id, m);
        return id;
    }

    /** The status routing-service holds for a message. */
    public static synchronized String status(String id) {
        return (String) MESSAGES.get(id).get("status");
    }

    @GET
    @Path("/clients/{clientId}/participants")
    public List<Map<String, Object>> mandates(@PathParam("clientId") String clientId) {
        return switch (clientId) {
            case "client-portal" -> List.of(participant(PORTAL));
            case "client-other" -> List.of(participant(OTHER));
            case "client-own" -> List.of(participant(OWN_KEY));
            case "client-vendor" -> List.of(participant(PORTAL), participant(OTHER), suspended(SUSPENDED),
                    participant(OWN_KEY));
            default -> List.of();
        };
    }

    @GET
    @Path("/mailboxes/{participantId}/messages")
    public synchronized Response mailbox(@PathParam("participantId") String participantId,
            @QueryParam("after") String after, @QueryParam("limit") Integer limit,
            @QueryParam("include") String include) {
        CALLS.add("GET mailbox " + participantId + (include == null ? "" : " include=" + include));
        if (include != null && !"content".equals(include)) {
            return problem(400);
        }
        List<Map<String, Object>> waiting = MESSAGES.values().stream()
                .filter(m -> participantId.equals(m.get("recipient")))
                .filter(m -> "delivered".equals(m.get("status")) || "fetched".equals(m.get("status"))).toList();
        return page(waiting, after, limit, include != null);
    }

    @GET
    @Path("/mailboxes/{participantId}/messages/{messageId}")
    public synchronized Response fetch(@PathParam("participantId") String participantId,
            @PathParam("messageId") String messageId) {
        CALLS.add("GET fetch " + participantId + " " + messageId);
        Map<String, Object> m = MESSAGES.get(messageId);
        if (m == null || !participantId.equals(m.get("recipient"))) {
            return problem(404);
        }
        if (m.get("payload") == null) {
            return problem(410);
        }
        markFetched(m);
        return Response.ok(new LinkedHashMap<>(m)).build();
    }

    @POST
    @Path("/mailboxes/{participantId}/messages/{messageId}/ack")
    public synchronized Response acknowledge(@PathParam("participantId") String participantId,
            @PathParam("messageId") String messageId) {
        CALLS.add("POST ack " + participantId + " " + messageId);
        Map<String, Object> m = MESSAGES.get(messageId);
        if (m == null || !participantId.equals(m.get("recipient"))) {
            return problem(404);
        }
        if ("expired".equals(m.get("status"))) {
            return problem(410);
        }
        m.put("status", "acknowledged");
        m.put("payload", null);
        return Response.noContent().build();
    }

    /** A bulk acknowledgement as routing-service takes it. */
    public record AckRequest(List<String> ids) {
    }

    @POST
    @Path("/mailboxes/{participantId}/acknowledgements")
    @Consumes(MediaType.APPLICATION_JSON)
    public synchronized Response acknowledgeAll(@PathParam("participantId") String participantId,
            AckRequest request) {
        CALLS.add("POST acknowledgements " + participantId + " " + String.join(",", request.ids()));
        return acknowledgeIn(List.of(participantId), request.ids());
    }

    /** The mailboxes of a combined listing or acknowledgement, as routing-service takes them. */
    public record CombinedRequest(List<String> recipients, List<String> ids) {
    }

    @POST
    @Path("/combined-mailbox/messages")
    @Consumes(MediaType.APPLICATION_JSON)
    public synchronized Response combinedMailbox(@QueryParam("after") String after,
            @QueryParam("limit") Integer limit, @QueryParam("include") String include, CombinedRequest request) {
        CALLS.add("POST combined " + String.join(",", request.recipients())
                + (include == null ? "" : " include=" + include));
        if (include != null && !"content".equals(include)) {
            return problem(400);
        }
        List<Map<String, Object>> waiting = MESSAGES.values().stream()
                .filter(m -> request.recipients().contains(m.get("recipient")))
                .filter(m -> "delivered".equals(m.get("status")) || "fetched".equals(m.get("status"))).toList();
        return page(waiting, after, limit, include != null);
    }

    @POST
    @Path("/combined-mailbox/acknowledgements")
    @Consumes(MediaType.APPLICATION_JSON)
    public synchronized Response combinedAcknowledgeAll(CombinedRequest request) {
        CALLS.add("POST combined-acknowledgements " + String.join(",", request.recipients()) + " "
                + String.join(",", request.ids()));
        return acknowledgeIn(request.recipients(), request.ids());
    }

    private static Response page(List<Map<String, Object>> waiting, String after, Integer limit, boolean content) {
        int from = 0;
        if (after != null) {
            from = waiting.stream().map(m -> m.get("id")).toList().indexOf(after) + 1;
            if (from == 0) {
                return problem(400);
            }
        }
        int size = limit == null ? 50 : limit;
        List<Map<String, Object>> page = waiting.subList(from, Math.min(waiting.size(), from + size));
        List<Map<String, Object>> items = new ArrayList<>();
        for (Map<String, Object> m : page) {
            if (content) {
                markFetched(m);
                items.add(new LinkedHashMap<>(m));
            } else {
                Map<String, Object> envelope = new LinkedHashMap<>(m);
                envelope.remove("payload");
                items.add(envelope);
            }
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("items", items);
        body.put("next", from + size < waiting.size() ? page.get(page.size() - 1).get("id") : null);
        return Response.ok(body).build();
    }

    private static Response acknowledgeIn(List<String> recipients, List<String> ids) {
        List<String> acknowledged = new ArrayList<>();
        List<String> expired = new ArrayList<>();
        List<String> notFound = new ArrayList<>();
        for (String id : ids) {
            Map<String, Object> m = MESSAGES.get(id);
            if (m == null || !recipients.contains(m.get("recipient"))) {
                notFound.add(id);
            } else if ("expired".equals(m.get("status"))) {
                expired.add(id);
            } else {
                m.put("status", "acknowledged");
                m.put("payload", null);
                acknowledged.add(id);
            }
        }
        return Response.ok(Map.of("acknowledged", acknowledged, "expired", expired, "notFound", notFound)).build();
    }

    private static void markFetched(Map<String, Object> m) {
        if ("delivered".equals(m.get("status"))) {
            m.put("status", "fetched");
            m.put("fetchedAt", Instant.now().toString());
        }
    }

    private static Response problem(int status) {
        return Response.status(status).type("application/problem+json")
                .entity(Map.of("type", "about:blank", "status", status, "title", "fake")).build();
    }

    private static Map<String, Object> suspended(String id) {
        Map<String, Object> p = participant(id);
        p.put("status", "suspended");
        return p;
    }

    private static Map<String, Object> participant(String id) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("id", id);
        p.put("oin", "0000000" + id.substring(0, 1) + "000000000001");
        p.put("name", "Deelnemer " + id.substring(0, 4));
        p.put("kind", "creditor");
        p.put("status", "active");
        p.put("modules", List.of("schuldinventarisatie"));
        p.put("keyIds", List.of(id + "-1"));
        return p;
    }
}
