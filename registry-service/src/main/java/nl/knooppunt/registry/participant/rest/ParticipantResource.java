package nl.knooppunt.registry.participant.rest;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.smallrye.mutiny.Uni;
import nl.knooppunt.registry.participant.repository.ParticipantFilter;
import nl.knooppunt.registry.participant.service.ParticipantService;
import nl.knooppunt.registry.problem.Ids;
import nl.knooppunt.registry.security.ServiceGroups;

/** The participant directory: search, lookups by id and OIN, and API-client mandates. */
@Path("/internal/v1")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(ServiceGroups.REGISTRY_READ)
@Tag(name = "participants")
public class ParticipantResource {

    private final ParticipantService participants;
    private final ParticipantViews views;

    public ParticipantResource(ParticipantService participants, ParticipantViews views) {
        this.participants = participants;
        this.views = views;
    }

    /**
     * Searches by {@code q} (name fragment, case-insensitive, or exact OIN or KvK number) and the narrowing filters
     * name, oin, kvk, kind, module and status; sorted by name.
     */
    @GET
    @Path("/participants")
    @Operation(summary = "Search participants by name fragment, OIN, KvK number, kind, module and status")
    @APIResponse(responseCode = "200", description = "one page of matches")
    @APIResponse(responseCode = "400", description = "invalid page, size or filter")
    public Uni<ParticipantPageView> search(@QueryParam("q") String q, @QueryParam("name") String name,
            @QueryParam("oin") String oin, @QueryParam("kvk") String kvk, @QueryParam("kind") String kind,
            @QueryParam("module") String module, @QueryParam("status") String status,
            @QueryParam("page") String page, @QueryParam("size") String size) {
        ParticipantFilter filter = new ParticipantFilter(Ids.query(q), Ids.query(name),
                oin == null ? null : Ids.oin(oin), kvk == null ? null : Ids.kvk(kvk), Ids.kind(kind),
                Ids.module(module), Ids.status(status));
        return participants.search(filter, Ids.page(page), Ids.size(size)).map(views::page);
    }

    /** One participant with its public keys, newest first. */
    @GET
    @Path("/participants/{id}")
    @Operation(summary = "A participant with its public keys")
    @APIResponse(responseCode = "200", description = "the participant")
    @APIResponse(responseCode = "404", description = "unknown participant")
    public Uni<ParticipantView> byId(@PathParam("id") String id) {
        return participants.byId(Ids.participantId(id)).map(views::detail);
    }

    /** One participant, by OIN, with its public keys, newest first. */
    @GET
    @Path("/participants/by-oin/{oin}")
    @Operation(summary = "A participant, by OIN, with its public keys")
    @APIResponse(responseCode = "200", description = "the participant")
    @APIResponse(responseCode = "404", description = "no participant with this OIN")
    public Uni<ParticipantView> byOin(@PathParam("oin") String oin) {
        return participants.byOin(Ids.oin(oin)).map(views::detail);
    }

    /** The participants an OIDC client may act for; empty when none. */
    @GET
    @Path("/clients/{clientId}/participants")
    @Operation(summary = "The participants an API client may act for")
    @APIResponse(responseCode = "200", description = "the participants, possibly none")
    public Uni<List<ParticipantView>> forClient(@PathParam("clientId") String clientId) {
        return participants.forClient(Ids.clientId(clientId))
                .map(list -> list.stream().map(views::summary).toList());
    }
}
