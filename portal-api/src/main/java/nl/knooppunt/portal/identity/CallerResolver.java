package nl.knooppunt.portal.identity;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.quarkus.cache.CacheResult;
import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.HttpHeaders;
import nl.knooppunt.kit.problem.ProblemException;
import nl.knooppunt.portal.config.PortalConfig;
import nl.knooppunt.portal.downstream.registry.Registry;
import nl.knooppunt.portal.downstream.registry.RegistryParticipant;
import nl.knooppunt.portal.problem.Downstream;

/**
 * Maps a verified OIDC token to the participant it acts for: a portal user by the organisation claim (OIN), a
 * system by its client id's mandates. A client with several mandates names the participant in the
 * {@value #PARTICIPANT_HEADER} header.
 */
@ApplicationScoped
public class CallerResolver {

    /** Header naming the participant a multi-participant client acts for. */
    public static final String PARTICIPANT_HEADER = "Knooppunt-Participant";

    private final Registry registry;
    private final PortalConfig config;

    public CallerResolver(Registry registry, PortalConfig config) {
        this.registry = registry;
        this.config = config;
    }

    public Uni<Caller> resolve(SecurityIdentity identity, HttpHeaders headers) {
        if (identity == null || identity.isAnonymous() || !(identity.getPrincipal() instanceof JsonWebToken jwt)) {
            return Uni.createFrom().failure(new UnauthorizedException());
        }
        String requested = headers.getHeaderString(PARTICIPANT_HEADER);
        return mandates(jwt).map(list -> choose(jwt.getSubject(), clientId(jwt), list, requested));
    }

    /**
     * Every active participant the caller may act for, in registry order (a portal user: its organisation), for
     * the vendor-wide inbox (ADR 0038); 403 when there is none.
     */
    public Uni<List<RegistryParticipant>> actingFor(SecurityIdentity identity) {
        if (identity == null || identity.isAnonymous() || !(identity.getPrincipal() instanceof JsonWebToken jwt)) {
            return Uni.createFrom().failure(new UnauthorizedException());
        }
        return mandates(jwt).map(mandates -> {
            if (mandates.usable().isEmpty()) {
                throw ProblemException.forbidden("the caller is not registered for any active participant");
            }
            return mandates.usable();
        });
    }

    private Uni<Mandates> mandates(JsonWebToken jwt) {
        String organisation = jwt.getClaim(config.portal().identity().organisationClaim());
        if (organisation != null && !organisation.isBlank()) {
            return byOin(organisation).map(p -> Mandates.of(List.of(p)));
        }
        String clientId = clientId(jwt);
        if (clientId != null) {
            return ofClient(clientId);
        }
        return Uni.createFrom().failure(ProblemException.forbidden(
                "the token names neither an organisation nor a registered API client"));
    }

    private static Caller choose(String subject, String clientId, Mandates mandates, String requested) {
        List<RegistryParticipant> usable = mandates.usable();
        if (usable.isEmpty()) {
            throw ProblemException.forbidden("the caller is not registered for any active participant");
        }
        if (requested != null && !requested.isBlank()) {
            RegistryParticipant acting = mandates.byId().get(requested.trim());
            if (acting == null) {
                throw ProblemException.forbidden(
                        "the caller may not act for the participant named in " + PARTICIPANT_HEADER);
            }
            return new Caller(subject, clientId, acting, usable);
        }
        if (usable.size() > 1) {
            throw ProblemException.forbidden("the caller acts for several participants; name one in the "
                    + PARTICIPANT_HEADER + " header");
        }
        return new Caller(subject, clientId, usable.get(0), usable);
    }

    private String clientId(JsonWebToken jwt) {
        for (String claim : config.portal().identity().clientIdClaims()) {
            Object value = jwt.getClaim(claim);
            if (value != null && !value.toString().isBlank()) {
                return value.toString();
            }
        }
        return null;
    }

    /** The client's active mandates, indexed once per cache entry so that a request looks its participant up. */
    @CacheResult(cacheName = "client-mandates")
    Uni<Mandates> ofClient(String clientId) {
        return registry.participantsOfClient(clientId)
                .map(Mandates::of)
                .onFailure().transform(Downstream.failure("registry-service", "unknown API client"));
    }

    @CacheResult(cacheName = "organisation-participants")
    Uni<RegistryParticipant> byOin(String oin) {
        return registry.participantByOin(oin)
                .onFailure().transform(f -> f instanceof jakarta.ws.rs.WebApplicationException w
                        && w.getResponse().getStatus() == 404
                                ? ProblemException.forbidden("the organisation is not a participant of the hub")
                                : Downstream.failure("registry-service", "unknown organisation").apply(f));
    }

    /** The active participants a caller may act for, in registry order and by id. */
    record Mandates(List<RegistryParticipant> usable, Map<String, RegistryParticipant> byId) {

        static Mandates of(List<RegistryParticipant> participants) {
            List<RegistryParticipant> usable = participants.stream().filter(p -> "active".equals(p.status()))
                    .toList();
            Map<String, RegistryParticipant> byId = new LinkedHashMap<>();
            for (RegistryParticipant participant : usable) {
                byId.putIfAbsent(participant.id(), participant);
            }
            return new Mandates(usable, Map.copyOf(byId));
        }
    }
}
