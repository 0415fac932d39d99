package nl.knooppunt.portal.operator;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.databind.ObjectMapper;

/** Test stand-in for registry-service's internal API: records what portal-api sends and answers canned data. */
@Path("/internal/v1")
@Produces(MediaType.APPLICATION_JSON)
public class FakeRegistry {

    /** The last call: actor header, service-token groups, body, query. */
    public static final Map<String, Object> LAST = new ConcurrentHashMap<>();

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String DUPLICATE_OIN = "00000000000000000009";

    @POST
    @Path("/participants")
    public Response create(@HeaderParam("Knooppunt-Actor") String actor,
            @HeaderParam("Authorization") String authorization, String body) throws Exception {
        record(actor, authorization, body);
        if (body.contains(DUPLICATE_OIN)) {
            return Response.status(409).type("application/problem+json").entity(Map.of("type",
                    "urn:knooppunt:problem:duplicate-oin", "title", "OIN already registered", "status", 409,
                    "detail", "a participant with OIN " + DUPLICATE_OIN + " is already registered")).build();
        }
        return Response.status(201).header("Location", "/internal/v1/participants/11111111-1111-1111-1111-111111111111")
                .entity(Map.of("id", "11111111-1111-1111-1111-111111111111", "name", "Nieuw")).build();
    }

    @PUT
    @Path("/participants/{id}/status")
    public Response status(@PathParam("id") String id, @HeaderParam("Knooppunt-Actor") String actor,
            @HeaderParam("Authorization") String authorization, String body) throws Exception {
        record(actor, authorization, body);
        return Response.ok(Map.of("id", id, "status", "suspended")).build();
    }

    @POST
    @Path("/participants/{id}/webhook-secret")
    public Response webhookSecret(@PathParam("id") String id, @QueryParam("overlap") String overlap,
            @HeaderParam("Knooppunt-Actor") String actor, @HeaderParam("Authorization") String authorization)
            throws Exception {
        record(actor, authorization, null);
        LAST.put("overlap", String.valueOf(overlap));
        return Response.status(201).header("Cache-Control", "no-cache, no-store")
                .entity(Map.of("secret", "whsec_c2VjcmV0LW9mLXRoZS1mYWtlLXJlZ2lzdHJ5LTEyMzQ1Ng==",
                        "issuedAt", "2026-12-06T12:00:00Z", "previousValidUntil", "2026-12-07T12:00:00Z"))
                .build();
    }

    @GET
    @Path("/clients/{clientId}/participants")
    public List<Map<String, Object>> mandates(@PathParam("clientId") String clientId) {
        return List.of(participant("6a1f0c43-2d2b-4c55-9a0e-3f1f7a0d2a01", "Gemeente Voorbeeldstad",
                "counsellor-phase-1", List.of("schuldinventarisatie")));
    }

    @GET
    @Path("/participants")
    public Response search(@QueryParam("q") String q, @QueryParam("kind") String kind,
            @QueryParam("module") String module, @QueryParam("oin") String oin,
            @HeaderParam("Authorization") String authorization) throws Exception {
        if (oin != null && !oin.matches("[0-9]{20}")) {
            return Response.status(400).type("application/problem+json").entity(Map.of("type",
                    "urn:knooppunt:problem:invalid-parameter", "status", 400, "detail", "OIN must be 20 digits"))
                    .build();
        }
        record(null, authorization, null);
        LAST.put("query", q + "|" + kind + "|" + module);
        return Response.ok(Map.of("items", List.of(participant("b7e2d154-3e3c-4d66-8b1f-4a2a8b1e3b02",
                "Voorbeeld Energie B.V.", "creditor", List.of("schuldinventarisatie", "betalingsregeling"))),
                "page", 0, "size", 20, "total", 1)).build();
    }

    private static Map<String, Object> participant(String id, String name, String kind, List<String> modules) {
        Map<String, Object> p = new java.util.LinkedHashMap<>();
        p.put("id", id);
        p.put("oin", "00000003123456780000");
        p.put("kvk", "12345678");
        p.put("name", name);
        p.put("kind", kind);
        p.put("status", "active");
        p.put("contactEmail", "geheim@example.org");
        p.put("delivery", Map.of("mode", "webhook", "webhookUrl", "https://secret.example/hook"));
        p.put("modules", modules);
        p.put("keyIds", List.of(id + "-key-1"));
        return p;
    }

    private static void record(String actor, String authorization, String body) throws Exception {
        LAST.clear();
        if (actor != null) {
            LAST.put("actor", actor);
        }
        if (body != null) {
            LAST.put("body", body);
        }
        String payload = authorization.substring("Bearer ".length()).split("\\.")[1];
        Map<?, ?> claims = MAPPER.readValue(new String(Base64.getUrlDecoder().decode(payload),
                StandardCharsets.UTF_8), Map.class);
        LAST.put("groups", claims.get("groups"));
        LAST.put("sub", claims.get("sub"));
    }
}
