package nl.knooppunt.portal.operator;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import io.quarkus.cache.Cache;
import io.quarkus.cache.CacheName;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import nl.knooppunt.portal.downstream.registry.RegistryClient;
import nl.knooppunt.portal.problem.Downstream;

/**
 * The operator API: onboard and manage participants, modules, delivery and its webhook signing secrets, keys, API
 * clients and mandates, and read the audit trail. Only for the realm role {@value #ROLE}; every change is made at registry-service in the
 * operator's name (token subject) and audited there. Metadata only: no message content is reachable here.
 */
@Path("/api/v1/operator")
@Tag(name = "Operator", description = "Hub operators (role knooppunt-beheerder) manage participants")
@RolesAllowed(OperatorResource.ROLE)
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class OperatorResource {

    /** The realm role of hub operators. */
    public static final String ROLE = "knooppunt-beheerder";

    private final RegistryClient registry;
    private final SecurityIdentity identity;
    private final Cache clientMandates;

    public OperatorResource(@RestClient RegistryClient registry, SecurityIdentity identity,
            @CacheName("client-mandates") Cache clientMandates) {
        this.registry = registry;
        this.identity = identity;
        this.clientMandates = clientMandates;
    }

    @GET
    @Path("/participants")
    @Operation(operationId = "searchParticipantsAsOperator",
            summary = "Search participants (including private fields and every status)")
    @APIResponse(responseCode = "200", description = "One page of participants, with private fields",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.OBJECT)))
    @APIResponse(responseCode = "400", ref = "BadRequest")
    public Uni<Response> search(@QueryParam("q") String q, @QueryParam("name") String name,
            @QueryParam("oin") String oin, @QueryParam("kvk") String kvk, @QueryParam("kind") String kind,
            @QueryParam("module") String module, @QueryParam("status") String status,
            @QueryParam("page") String page, @QueryParam("size") String size) {
        return pass(registry.participants(q, name, oin, kvk, kind, module, status, page, size));
    }

    @POST
    @Path("/participants")
    @Operation(operationId = "registerParticipant", summary = "Register a participant")
    @APIResponse(responseCode = "201", description = "The registered participant (Location: its URL)",
            headers = @Header(name = "Location", ref = "Location"),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.OBJECT)))
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "409", ref = "Conflict")
    @APIResponse(responseCode = "422", ref = "UnprocessableEntity")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(type = SchemaType.OBJECT)))
    public Uni<Response> create(String body) {
        return pass(registry.createParticipant(actor(), body));
    }

    @GET
    @Path("/participants/{id}")
    @Operation(operationId = "getParticipant", summary = "A participant with its current keys")
    @APIResponse(responseCode = "200", description = "The participant with its current keys",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.OBJECT)))
    @APIResponse(responseCode = "404", ref = "NotFound")
    public Uni<Response> participant(@PathParam("id") String id) {
        return pass(registry.participant(id));
    }

    @PUT
    @Path("/participants/{id}")
    @Operation(operationId = "updateParticipant", summary = "Update a participant's master data")
    @APIResponse(responseCode = "200", description = "The updated participant",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.OBJECT)))
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "409", ref = "Conflict")
    @APIResponse(responseCode = "422", ref = "UnprocessableEntity")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(type = SchemaType.OBJECT)))
    public Uni<Response> update(@PathParam("id") String id, String body) {
        return pass(registry.updateParticipant(actor(), id, body));
    }

    @DELETE
    @Path("/participants/{id}")
    @Operation(operationId = "removeParticipant", summary = "Remove a participant that is still onboarding")
    @APIResponse(responseCode = "204", description = "Removed")
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "409", ref = "Conflict")
    public Uni<Response> remove(@PathParam("id") String id) {
        return pass(registry.removeParticipant(actor(), id));
    }

    @PUT
    @Path("/participants/{id}/status")
    @Operation(operationId = "setParticipantStatus", summary = "Activate, suspend, reactivate or end a participant")
    @APIResponse(responseCode = "200", description = "The participant with its new status",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.OBJECT)))
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "409", ref = "Conflict")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(type = SchemaType.OBJECT)))
    public Uni<Response> status(@PathParam("id") String id, String body) {
        return pass(registry.status(actor(), id, body));
    }

    @PUT
    @Path("/participants/{id}/simulated")
    @Operation(operationId = "setParticipantSimulated",
            summary = "Mark a participant as simulated: its own system is the sandbox counterpart (test hubs only)")
    @APIResponse(responseCode = "200", description = "The participant as it is now",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.OBJECT)))
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "409", ref = "Conflict")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(type = SchemaType.OBJECT)))
    public Uni<Response> simulated(@PathParam("id") String id, String body) {
        return pass(registry.simulated(actor(), id, body));
    }

    @PUT
    @Path("/participants/{id}/modules/{module}")
    @Operation(operationId = "switchModuleOn", summary = "Switch a module on")
    @APIResponse(responseCode = "200", description = "The participant with the module switched on",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.OBJECT)))
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "422", ref = "UnprocessableEntity")
    public Uni<Response> switchOn(@PathParam("id") String id, @PathParam("module") String module) {
        return pass(registry.switchOn(actor(), id, module));
    }

    @DELETE
    @Path("/participants/{id}/modules/{module}")
    @Operation(operationId = "switchModuleOff", summary = "Switch a module off")
    @APIResponse(responseCode = "200", description = "The participant with the module switched off",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.OBJECT)))
    @APIResponse(responseCode = "404", ref = "NotFound")
    public Uni<Response> switchOff(@PathParam("id") String id, @PathParam("module") String module) {
        return pass(registry.switchOff(actor(), id, module));
    }

    @PUT
    @Path("/participants/{id}/delivery")
    @Operation(operationId = "setDelivery",
            summary = "Set the delivery preference (mailbox, or webhook with an https URL)",
            description = "A participant's first webhook gets its Standard Webhooks signing secret, shown once in this "
                    + "answer as webhookSecret.secret (whsec_...): hand it to the receiver; no later answer shows it.")
    @APIResponse(responseCode = "200",
            description = "The participant; with its first webhook also webhookSecret (shown once)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.OBJECT)))
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "422", ref = "UnprocessableEntity")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(type = SchemaType.OBJECT)))
    public Uni<Response> delivery(@PathParam("id") String id, String body) {
        return pass(registry.delivery(actor(), id, body));
    }

    @POST
    @Path("/participants/{id}/webhook-secret")
    @Operation(operationId = "issueWebhookSecret",
            summary = "Issue a new webhook signing secret (rotation), shown once in this answer",
            description = "The previous secret keeps signing pushes for 'overlap' (ISO-8601, default PT24H, at most "
                    + "P7D; PT0S ends it now, e.g. when it leaked), so pushes carry both signatures meanwhile.")
    @APIResponse(responseCode = "201", description = "The new secret, shown this once",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.OBJECT)))
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "404", ref = "NotFound")
    public Uni<Response> issueWebhookSecret(@PathParam("id") String id, @QueryParam("overlap") String overlap) {
        return pass(registry.issueWebhookSecret(actor(), id, overlap));
    }

    @GET
    @Path("/participants/{id}/keys")
    @Operation(operationId = "listParticipantKeys", summary = "All keys of a participant with their validity")
    @APIResponse(responseCode = "200", description = "Every key with its validity",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.ARRAY)))
    @APIResponse(responseCode = "404", ref = "NotFound")
    public Uni<Response> keys(@PathParam("id") String id) {
        return pass(registry.keys(id));
    }

    @PUT
    @Path("/participants/{id}/keys/{kid}")
    @Consumes({ MediaType.APPLICATION_JSON, "application/jwk+json" })
    @Operation(operationId = "registerParticipantKey",
            summary = "Register a public key (rotation: the other keys stay valid for 'overlap')")
    @APIResponse(responseCode = "204", description = "Registered")
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "409", ref = "Conflict")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(type = SchemaType.OBJECT)))
    public Uni<Response> publishKey(@PathParam("id") String id, @PathParam("kid") String kid,
            @QueryParam("overlap") String overlap, String body) {
        return pass(registry.publishKey(actor(), id, kid, overlap, body));
    }

    @DELETE
    @Path("/participants/{id}/keys/{kid}")
    @Operation(operationId = "retireParticipantKey", summary = "Retire a key now")
    @APIResponse(responseCode = "204", description = "Retired")
    @APIResponse(responseCode = "404", ref = "NotFound")
    public Uni<Response> retireKey(@PathParam("id") String id, @PathParam("kid") String kid) {
        return pass(registry.retireKey(actor(), id, kid));
    }

    @GET
    @Path("/participants/{id}/audit")
    @Operation(operationId = "listParticipantAudit", summary = "Who changed what, when")
    @APIResponse(responseCode = "200", description = "Audit entries, newest first",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.ARRAY)))
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "404", ref = "NotFound")
    public Uni<Response> audit(@PathParam("id") String id, @QueryParam("before") String before,
            @QueryParam("limit") String limit) {
        return pass(registry.audit(id, before, limit));
    }

    @GET
    @Path("/clients")
    @Operation(operationId = "listApiClients", summary = "API clients and the participants they may act for")
    @APIResponse(responseCode = "200", description = "Every API client with its participants",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.ARRAY)))
    public Uni<Response> clients() {
        return pass(registry.clients());
    }

    @GET
    @Path("/clients/{clientId}/participants")
    @Operation(operationId = "listClientParticipants", summary = "The participants an API client may act for")
    @APIResponse(responseCode = "200", description = "The participants the client may act for",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.ARRAY)))
    public Uni<Response> clientParticipants(@PathParam("clientId") String clientId) {
        return pass(registry.participantsOfClient(clientId));
    }

    @PUT
    @Path("/clients/{clientId}/participants/{id}")
    @Operation(operationId = "grantMandate", summary = "Grant an API client a mandate for a participant")
    @APIResponse(responseCode = "204", description = "Granted (idempotent)")
    @APIResponse(responseCode = "404", ref = "NotFound")
    public Uni<Response> grant(@PathParam("clientId") String clientId, @PathParam("id") String id) {
        return pass(registry.grant(actor(), clientId, id)).call(() -> clientMandates.invalidate(clientId));
    }

    @DELETE
    @Path("/clients/{clientId}/participants/{id}")
    @Operation(operationId = "revokeMandate", summary = "Revoke an API client's mandate for a participant")
    @APIResponse(responseCode = "204", description = "Revoked (idempotent)")
    @APIResponse(responseCode = "404", ref = "NotFound")
    public Uni<Response> revoke(@PathParam("clientId") String clientId, @PathParam("id") String id) {
        return pass(registry.revoke(actor(), clientId, id)).call(() -> clientMandates.invalidate(clientId));
    }

    /** The operator as the registry's audit trail names it: username and token subject. */
    private String actor() {
        JsonWebToken jwt = (JsonWebToken) identity.getPrincipal();
        String username = jwt.getClaim("preferred_username");
        String subject = jwt.getSubject();
        return username == null || username.isBlank() ? subject : username + "|" + subject;
    }

    /**
     * Passes the registry's answer on (status, body, problem+json); 5xx, a refused service token and no answer
     * become a 503 problem.
     */
    private static Uni<Response> pass(Uni<Response> call) {
        return call.onFailure(WebApplicationException.class)
                .recoverWithItem(failure -> ((WebApplicationException) failure).getResponse())
                .map(OperatorResource::copy)
                .onFailure().transform(Downstream.failure("registry-service", "not found"));
    }

    private static Response copy(Response answer) {
        int status = answer.getStatus();
        if (status >= 500 || status == 401 || status == 403) {
            throw new IllegalStateException("registry-service answered " + status);
        }
        Response.ResponseBuilder builder = Response.status(status);
        if (answer.hasEntity()) {
            builder.entity(answer.readEntity(String.class));
            if (answer.getMediaType() != null) {
                builder.type(answer.getMediaType());
            }
        }
        String cacheControl = answer.getHeaderString("Cache-Control");
        if (cacheControl != null) {
            builder.header("Cache-Control", cacheControl);
        }
        String location = answer.getHeaderString("Location");
        if (location != null && location.startsWith("/internal/v1/participants/")) {
            builder.header("Location", "/api/v1/operator/participants/"
                    + location.substring("/internal/v1/participants/".length()));
        }
        return builder.build();
    }
}
