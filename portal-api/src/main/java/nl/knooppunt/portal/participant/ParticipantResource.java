package nl.knooppunt.portal.participant;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import nl.knooppunt.kit.problem.ProblemException;
import nl.knooppunt.portal.downstream.registry.Registry;
import nl.knooppunt.portal.identity.CallerResolver;
import nl.knooppunt.portal.problem.Downstream;

/** Who the caller is, and the directory of participants. */
@Path("/api/v1")
@Tag(name = "Participants", description = "Who you are and whom you can reach")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class ParticipantResource {

    private final CallerResolver callers;
    private final Registry directory;
    private final SecurityIdentity identity;

    public ParticipantResource(CallerResolver callers, Registry directory,
            SecurityIdentity identity) {
        this.callers = callers;
        this.directory = directory;
        this.identity = identity;
    }

    /**
     * The caller and the participants it may act for.
     *
     * @param acting       the participant this request acts for
     * @param participants every participant the caller may act for
     * @param clientId     the OIDC client of the token, if any
     */
    @Schema(requiredProperties = { "acting", "participants" })
    public record Me(ParticipantView acting, List<ParticipantView> participants, String clientId) {
    }

    /**
     * One page of the directory.
     *
     * @param items matching participants
     * @param page  page number, from 0
     * @param size  page size
     * @param total number of matches
     */
    @Schema(requiredProperties = { "items", "page", "size", "total" })
    public record DirectoryPage(List<ParticipantView> items, int page, int size, long total) {
    }

    @GET
    @Path("/me")
    @Operation(operationId = "getMe", summary = "The participant you act for", description = "With every "
            + "participant your client may act for (name one in Knooppunt-Participant when there are several).")
    @Parameter(ref = "Knooppunt-Participant")
    @APIResponse(responseCode = "200", description = "Whom you act for")
    public Uni<Me> me(@Context HttpHeaders headers) {
        return callers.resolve(identity, headers).map(caller -> new Me(ParticipantView.of(caller.acting()),
                caller.mandates().stream().map(ParticipantView::of).toList(), caller.clientId()));
    }

    @GET
    @Path("/participants")
    @Parameter(ref = "Knooppunt-Participant")
    @APIResponse(responseCode = "200", description = "One page of matching participants")
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @Operation(operationId = "searchParticipants", summary = "Search the directory",
            description = "By q (part of the name, or exact OIN or KvK number), and narrowed by name, oin, kvk, "
                    + "kind, module and status; sorted by name, paged. Each participant comes with the message "
                    + "types it accepts and its key ids; nothing private.")
    public Uni<DirectoryPage> directory(@QueryParam("q") String query, @QueryParam("name") String name,
            @QueryParam("oin") String oin, @QueryParam("kvk") String kvk, @QueryParam("kind") String kind,
            @QueryParam("module") String module, @QueryParam("status") String status,
            @QueryParam("page") @DefaultValue("0") int page, @QueryParam("size") @DefaultValue("20") int size,
            @Context HttpHeaders headers) {
        if (page < 0 || size < 1 || size > 100) {
            throw ProblemException.badRequest("page must be >= 0 and size between 1 and 100");
        }
        return callers.resolve(identity, headers)
                .chain(caller -> directory.search(query, name, oin, kvk, kind, module, status, page, size)
                        .onFailure(DirectoryResourceFailures::isBadRequest)
                        .transform(DirectoryResourceFailures::badRequest)
                        .onFailure().transform(Downstream.failure("registry-service", "no participants")))
                .map(result -> new DirectoryPage(result.items().stream().map(ParticipantView::of).toList(),
                        result.page(), result.size(), result.total()));
    }
}
