package nl.knooppunt.validation.registry;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.rest.client.inject.RestClient;

import io.quarkus.cache.CacheResult;
import io.smallrye.mutiny.Uni;
import nl.knooppunt.validation.dependency.DependencyCalls;
import nl.knooppunt.validation.dependency.Ids;

/** Looks participants up at registry-service; answers are cached briefly (cache {@value #CACHE}). */
@ApplicationScoped
public class ParticipantDirectory {

    /** Cache of participant lookups, expiry configured in application.properties (30 s). */
    public static final String CACHE = "participants";

    private final RegistryClient registry;
    private final DependencyCalls calls;

    public ParticipantDirectory(@RestClient RegistryClient registry, DependencyCalls calls) {
        this.registry = registry;
        this.calls = calls;
    }

    /** The participant, or empty when the registry does not know it; fails only when the registry is unavailable. */
    @CacheResult(cacheName = CACHE)
    public Uni<Optional<Participant>> find(String participantId) {
        if (!Ids.isUuid(participantId)) {
            return Uni.createFrom().item(Optional.empty());
        }
        return calls.lookup("registry-service", () -> registry.participant(participantId), p -> p);
    }
}
