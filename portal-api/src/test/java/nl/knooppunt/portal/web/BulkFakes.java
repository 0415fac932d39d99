package nl.knooppunt.portal.web;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * Test stand-ins for registry-service and routing-service under {@code /bulk-fake} (docs/internal-apis.md): the test
 * provider's user "alice" belongs to a debt counsellor, which has one message in its mailbox from a creditor whose
 * name starts with a formula character.
 */
@Path("/bulk-fake/internal/v1")
@Produces(MediaType.APPLICATION_JSON)
public class BulkFakes {

    /** The counsellor alice acts for. */
    static final String COUNSELLOR = "d4c0a1b2-5e6f-4a7b-8c9d-0e1f2a3b4c5d";
    /** A creditor that accepts saldoverzoeken. */
    static final String CREDITOR = "b7e2d154-3e3c-4d66-8b1f-4a2a8b1e3b02";
    /** The creditor's OIN, as a bulk file names it. */
    static final String CREDITOR_OIN = "00000003123456780000";
    /** The message waiting in the counsellor's mailbox. */
    static final String WAITING = "cccccccc-0000-4000-8000-000000000003";
    /** The creditor's name: a spreadsheet would run it as a formula. */
    static final String FORMULA_NAME = "=HYPERLINK(\"http://example.invalid\")";

    @GET
    @Path("/participants/by-oin/{oin}")
    public Response byOin(@PathParam("oin") String oin) {
        return "alice".equals(oin) ? Response.ok(participant(COUNSELLOR)).build() : Response.status(404).build();
    }

    @GET
    @Path("/participants/{id}")
    public Response participantById(@PathParam("id") String id) {
        return COUNSELLOR.equals(id) || CREDITOR.equals(id) ? Response.ok(participant(id)).build()
                : Response.status(404).build();
    }

    @GET
    @Path("/participants")
    public Map<String, Object> search(@QueryParam("oin") String oin) {
        List<Map<String, Object>> items = CREDITOR_OIN.equals(oin) ? List.of(participant(CREDITOR)) : List.of();
        return Map.of("items", items, "page", 0, "size", 2, "total", items.size());
    }

    /** Public keys published, by participant and kid (the browser-key test reads them). */
    static final Map<String, String> PUBLISHED = new java.util.concurrent.ConcurrentHashMap<>();
    /** Wrapped keys stored, by participant and kid. */
    static final Map<String, String> WRAPPED = new java.util.concurrent.ConcurrentHashMap<>();
    /** The ciphertext of {@link #WAITING} when fetched: a JWE header naming the counsellor's browser key. */
    static final String WAITING_JWE = "eyJhbGciOiJFQ0RILUVTK0EyNTZLVyIsImVuYyI6IkEyNTZHQ00iLCJraWQiOiJkNGMwYTFiMi01ZTZmLTRhN2ItOGM5ZC0wZTFmMmEzYjRjNWQtcG9ydGFsLTEifQ"
            + ".a2V5.aXY.Y2lwaGVydGV4dA.dGFn";

    @PUT
    @Path("/participants/{id}/keys/{kid}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response publishKey(@PathParam("id") String id, @PathParam("kid") String kid, String jwk) {
        PUBLISHED.put(id + " " + kid, jwk);
        return Response.noContent().build();
    }

    @PUT
    @Path("/participants/{id}/wrapped-keys/{kid}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response storeWrappedKey(@PathParam("id") String id, @PathParam("kid") String kid, String body) {
        WRAPPED.put(id + " " + kid, body);
        return Response.noContent().build();
    }

    @GET
    @Path("/participants/{id}/wrapped-keys")
    public List<Map<String, Object>> wrappedKeys(@PathParam("id") String id) {
        return WRAPPED.entrySet().stream().filter(e -> e.getKey().startsWith(id + " "))
                .map(e -> Map.<String, Object>of("kid", e.getKey().substring(id.length() + 1),
                        "jwe", e.getValue().replaceAll(".*\"jwe\":\"([^\"]+)\".*", "$1"),
                        "createdAt", "2026-12-06T10:00:00Z", "updatedAt", "2026-12-06T10:00:00Z"))
                .toList();
    }

    @GET
    @Path("/mailboxes/{participantId}/messages/{messageId}")
    public Response fetch(@PathParam("participantId") String participantId, @PathParam("messageId") String id) {
        if (!COUNSELLOR.equals(participantId) || !WAITING.equals(id)) {
            return Response.status(404).build();
        }
        Map<String, Object> m = new LinkedHashMap<>(waiting());
        m.put("status", "fetched");
        m.put("payload", WAITING_JWE);
        return Response.ok(m).build();
    }

    @GET
    @Path("/mailboxes/{participantId}/messages")
    public Map<String, Object> mailbox(@PathParam("participantId") String participantId) {
        if (!COUNSELLOR.equals(participantId)) {
            return Map.of("items", List.of());
        }
        return Map.of("items", List.of(waiting()));
    }

    private static Map<String, Object> waiting() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", WAITING);
        m.put("conversationId", WAITING);
        m.put("module", "schuldinventarisatie");
        m.put("type", "saldoverzoek-antwoord");
        m.put("sender", CREDITOR);
        m.put("recipient", COUNSELLOR);
        m.put("status", "delivered");
        m.put("submittedAt", Instant.parse("2026-11-27T10:00:00Z").toString());
        m.put("deliveredAt", Instant.parse("2026-11-27T10:00:01Z").toString());
        return m;
    }

    private static Map<String, Object> participant(String id) {
        boolean counsellor = COUNSELLOR.equals(id);
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("id", id);
        p.put("oin", counsellor ? "00000001001234567000" : CREDITOR_OIN);
        p.put("name", counsellor ? "Gemeente Voorbeeldstad" : FORMULA_NAME);
        p.put("kind", counsellor ? "counsellor-phase-1" : "creditor");
        p.put("status", "active");
        p.put("modules", List.of("schuldinventarisatie"));
        p.put("keyIds", List.of(id + "-key-1"));
        return p;
    }
}
