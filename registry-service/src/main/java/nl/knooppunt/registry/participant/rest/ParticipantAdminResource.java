package nl.knooppunt.registry.participant.rest;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
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

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.smallrye.mutiny.Uni;
import nl.knooppunt.registry.audit.service.AuditEvent;
import nl.knooppunt.registry.audit.service.AuditTrail;
import nl.knooppunt.registry.participant.repository.ParticipantStatus;
import nl.knooppunt.registry.participant.rest.ParticipantRequests.DeliveryRequest;
import nl.knooppunt.registry.participant.rest.ParticipantRequests.ParticipantRequest;
import nl.knooppunt.registry.participant.rest.ParticipantRequests.SimulatedRequest;
import nl.knooppunt.registry.participant.rest.ParticipantRequests.StatusRequest;
import nl.knooppunt.registry.SandboxConfig;
import nl.knooppunt.registry.participant.service.ParticipantChanges;
import nl.knooppunt.registry.participant.service.ParticipantRules;
import nl.knooppunt.registry.problem.Ids;
import nl.knooppunt.kit.problem.ProblemException;
import nl.knooppunt.registry.security.Actor;
import nl.knooppunt.registry.security.ServiceGroups;
import nl.knooppunt.registry.webhook.rest.WebhookSecretResource;
import nl.knooppunt.registry.webhook.rest.WebhookSecretView;

/** Operator changes to participants (group registry.admin; the operator is named in {@value Actor#HEADER}). */
@Path("/internal/v1")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed(ServiceGroups.REGISTRY_ADMIN)
@Tag(name = "operator")
public class ParticipantAdminResource {

    private static final int MAX_MODULES = 20;

    private final ParticipantChanges changes;
    private final ParticipantRules rules;
    private final ParticipantViews views;
    private final AuditTrail audit;
    private final JsonWebToken jwt;
    private final SandboxConfig sandbox;

    public ParticipantAdminResource(ParticipantChanges changes, ParticipantRules rules, ParticipantViews views,
            AuditTrail audit, JsonWebToken jwt, SandboxConfig sandbox) {
        this.sandbox = sandbox;
        this.changes = changes;
        this.rules = rules;
        this.views = views;
        this.audit = audit;
        this.jwt = jwt;
    }

    /** Registers a participant. */
    @POST
    @Path("/participants")
    @Operation(summary = "Register a participant")
    @APIResponse(responseCode = "201", description = "registered; Location names it; a webhook delivery's signing "
            + "secret in webhookSecret, shown this once")
    @APIResponse(responseCode = "400", description = "invalid data (OIN, KvK, kind, sector, e-mail, webhook URL)")
    @APIResponse(responseCode = "409", description = "the OIN is already registered")
    @APIResponse(responseCode = "422", description = "a module unknown or not allowed for the kind")
    public Uni<Response> create(ParticipantRequest body, @HeaderParam(Actor.HEADER) String actorHeader) {
        Actor actor = Actor.operator(jwt, actorHeader);
        ParticipantRequest request = require(body);
        var data = rules.masterData(request.oin(), request.kvk(), request.kvkBranch(), request.name(),
                request.kind(), request.sector(), request.contactEmail());
        ParticipantStatus status = request.status() == null ? ParticipantStatus.ONBOARDING
                : rules.status(request.status());
        List<String> modules = request.modules() == null ? List.of() : request.modules().stream().distinct().toList();
        if (modules.size() > MAX_MODULES || modules.stream().anyMatch(m -> m == null)) {
            throw ProblemException.badRequest("invalid-participant", "Invalid participant data",
                    "modules must be a list of at most " + MAX_MODULES + " module ids");
        }
        var delivery = request.delivery() == null ? new ParticipantRules.Delivery("mailbox", null)
                : rules.delivery(request.delivery().mode(), request.delivery().webhookUrl());
        return changes.create(data, status, modules, delivery, actor)
                .map(changed -> withSecret(Response.status(Response.Status.CREATED)
                        .header("Location", "/internal/v1/participants/" + changed.participant().id()), changed));
    }

    /** Replaces a participant's master data (OIN, KvK, branch, name, kind, sector, contact). */
    @PUT
    @Path("/participants/{id}")
    @Operation(summary = "Update a participant's master data")
    @APIResponse(responseCode = "200", description = "the participant as it is now")
    @APIResponse(responseCode = "400", description = "invalid data")
    @APIResponse(responseCode = "404", description = "unknown participant")
    @APIResponse(responseCode = "409", description = "the OIN belongs to another participant")
    @APIResponse(responseCode = "422", description = "a switched-on module is not allowed for the new kind")
    public Uni<ParticipantView> update(@PathParam("id") String id, ParticipantRequest body,
            @HeaderParam(Actor.HEADER) String actorHeader) {
        Actor actor = Actor.operator(jwt, actorHeader);
        ParticipantRequest request = require(body);
        if (request.status() != null || request.modules() != null || request.delivery() != null) {
            throw ProblemException.badRequest("invalid-participant", "Invalid participant data",
                    "status, modules and delivery have their own endpoints; send master data only");
        }
        var data = rules.masterData(request.oin(), request.kvk(), request.kvkBranch(), request.name(),
                request.kind(), request.sector(), request.contactEmail());
        return changes.update(Ids.participantId(id), data, actor).map(views::detail);
    }

    /** Changes the status: activate, suspend, reactivate, leave. */
    @PUT
    @Path("/participants/{id}/status")
    @Operation(summary = "Change a participant's status (active, suspended, left)")
    @APIResponse(responseCode = "200", description = "the participant as it is now")
    @APIResponse(responseCode = "404", description = "unknown participant")
    @APIResponse(responseCode = "409", description = "the transition is not possible (e.g. from left)")
    public Uni<ParticipantView> status(@PathParam("id") String id, StatusRequest body,
            @HeaderParam(Actor.HEADER) String actorHeader) {
        Actor actor = Actor.operator(jwt, actorHeader);
        if (body == null) {
            throw ProblemException.badRequest("invalid-participant", "Invalid participant data",
                    "send {\"status\": ..., \"reason\": ...}");
        }
        String reason = body.reason() == null ? null : body.reason().strip();
        if (reason != null && reason.length() > 500) {
            throw ProblemException.badRequest("invalid-participant", "Invalid participant data",
                    "reason must be at most 500 characters");
        }
        return changes.changeStatus(Ids.participantId(id), rules.status(body.status()), reason, actor)
                .map(views::detail);
    }

    /**
     * Marks a participant as simulated (its own system is the sandbox counterpart, ADR 0048) or not; only on a hub
     * with {@code knooppunt.sandbox.enabled}.
     */
    @PUT
    @Path("/participants/{id}/simulated")
    @Operation(summary = "Mark a participant as simulated (sandbox counterpart; test environments only)")
    @APIResponse(responseCode = "200", description = "the participant as it is now")
    @APIResponse(responseCode = "400", description = "the body is not {\"simulated\": true|false}")
    @APIResponse(responseCode = "404", description = "unknown participant")
    @APIResponse(responseCode = "409", description = "this hub runs no sandbox (knooppunt.sandbox.enabled is off)")
    public Uni<ParticipantView> simulated(@PathParam("id") String id, SimulatedRequest body,
            @HeaderParam(Actor.HEADER) String actorHeader) {
        Actor actor = Actor.operator(jwt, actorHeader);
        if (body == null || body.simulated() == null) {
            throw ProblemException.badRequest("invalid-participant", "Invalid participant data",
                    "send {\"simulated\": true} or {\"simulated\": false}");
        }
        return changes.markSimulated(Ids.participantId(id), body.simulated(), sandbox.enabled(), actor)
                .map(views::detail);
    }

    /** Switches a module on. */
    @PUT
    @Path("/participants/{id}/modules/{module}")
    @Operation(summary = "Switch a module on")
    @APIResponse(responseCode = "200", description = "the participant as it is now")
    @APIResponse(responseCode = "404", description = "unknown participant")
    @APIResponse(responseCode = "422", description = "unknown module, or not allowed for the participant's kind")
    public Uni<ParticipantView> switchOn(@PathParam("id") String id, @PathParam("module") String module,
            @HeaderParam(Actor.HEADER) String actorHeader) {
        Actor actor = Actor.operator(jwt, actorHeader);
        return changes.switchOn(Ids.participantId(id), Ids.module(module), actor).map(views::detail);
    }

    /** Switches a module off. */
    @DELETE
    @Path("/participants/{id}/modules/{module}")
    @Operation(summary = "Switch a module off")
    @APIResponse(responseCode = "200", description = "the participant as it is now")
    @APIResponse(responseCode = "404", description = "unknown participant")
    public Uni<ParticipantView> switchOff(@PathParam("id") String id, @PathParam("module") String module,
            @HeaderParam(Actor.HEADER) String actorHeader) {
        Actor actor = Actor.operator(jwt, actorHeader);
        return changes.switchOff(Ids.participantId(id), Ids.module(module), actor).map(views::detail);
    }

    /**
     * Sets the delivery preference: mailbox, or webhook with an https URL. The first webhook of a participant gets a
     * signing secret, shown once in this answer ({@code webhookSecret}).
     */
    @PUT
    @Path("/participants/{id}/delivery")
    @Operation(summary = "Set the delivery preference (a first webhook gets its signing secret, shown once)")
    @APIResponse(responseCode = "200", description = "the participant as it is now, with webhookSecret when one was "
            + "issued")
    @APIResponse(responseCode = "400", description = "unknown mode, or a webhook URL that is not https")
    @APIResponse(responseCode = "404", description = "unknown participant")
    public Uni<Response> delivery(@PathParam("id") String id, DeliveryRequest body,
            @HeaderParam(Actor.HEADER) String actorHeader) {
        Actor actor = Actor.operator(jwt, actorHeader);
        if (body == null) {
            throw ProblemException.badRequest("invalid-participant", "Invalid participant data",
                    "send {\"mode\": \"mailbox\"} or {\"mode\": \"webhook\", \"webhookUrl\": \"https://...\"}");
        }
        return changes.changeDelivery(Ids.participantId(id), rules.delivery(body.mode(), body.webhookUrl()), actor)
                .map(changed -> withSecret(Response.ok(), changed));
    }

    /** Removes a participant registered by mistake (still onboarding). */
    @DELETE
    @Path("/participants/{id}")
    @Operation(summary = "Remove a participant that is still onboarding")
    @APIResponse(responseCode = "204", description = "removed; its snapshot became a tombstone")
    @APIResponse(responseCode = "404", description = "unknown participant")
    @APIResponse(responseCode = "409", description = "the participant is past onboarding; set it to left instead")
    public Uni<Response> remove(@PathParam("id") String id, @HeaderParam(Actor.HEADER) String actorHeader) {
        Actor actor = Actor.operator(jwt, actorHeader);
        return changes.remove(Ids.participantId(id), actor).map(x -> Response.noContent().build());
    }

    /** The participant's audit trail, newest first. */
    @GET
    @Path("/participants/{id}/audit")
    @Operation(summary = "Who changed what, when")
    @APIResponse(responseCode = "200", description = "the changes, newest first")
    public Uni<List<AuditEvent>> audit(@PathParam("id") String id, @QueryParam("before") Long before,
            @QueryParam("limit") String limit) {
        return audit.ofParticipant(Ids.participantId(id), before, Ids.size(limit));
    }

    /**
     * The participant as the answer's entity, with the secret the change issued; an answer that carries a secret is
     * never stored by a cache.
     */
    private Response withSecret(Response.ResponseBuilder answer, ParticipantChanges.Changed changed) {
        ParticipantView view = views.detail(changed.participant());
        if (changed.webhookSecret().isEmpty()) {
            return answer.entity(view).build();
        }
        return answer.entity(view.withWebhookSecret(WebhookSecretView.of(changed.webhookSecret().get())))
                .cacheControl(WebhookSecretResource.noStore()).build();
    }

    private static ParticipantRequest require(ParticipantRequest body) {
        if (body == null) {
            throw ProblemException.badRequest("invalid-participant", "Invalid participant data",
                    "the request body must be a participant as JSON");
        }
        return body;
    }
}
