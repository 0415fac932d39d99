package nl.knooppunt.portal.web;

import io.quarkus.cache.CacheResult;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.HttpHeaders;
import nl.knooppunt.portal.downstream.registry.Registry;
import nl.knooppunt.portal.downstream.registry.RegistryParticipant;
import nl.knooppunt.portal.identity.Caller;
import nl.knooppunt.portal.identity.CallerResolver;

/**
 * The portal user's participant (through {@link CallerResolver}: the organisation claim of the login, e.g. the OIN
 * the eHerkenning broker sends) and the names of counterparts, cached briefly.
 */
@ApplicationScoped
public class WebCallers {

    private final CallerResolver callers;
    private final Registry registry;

    public WebCallers(CallerResolver callers, Registry registry) {
        this.callers = callers;
        this.registry = registry;
    }

    /** The participant the logged-in user acts for. */
    public Uni<Caller> resolve(SecurityIdentity identity, HttpHeaders headers) {
        return callers.resolve(identity, headers);
    }

    /** A participant by id; fails with the registry's 404 when unknown. */
    @CacheResult(cacheName = "portal-participants")
    public Uni<RegistryParticipant> participant(String id) {
        return registry.participant(id);
    }

    /** A participant's name for display; its id when the registry does not know it. */
    public Uni<String> name(String id) {
        if (id == null) {
            return Uni.createFrom().item("");
        }
        return participant(id).map(RegistryParticipant::name).onFailure().recoverWithItem(id);
    }
}
