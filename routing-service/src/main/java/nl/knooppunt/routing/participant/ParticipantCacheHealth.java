package nl.knooppunt.routing.participant;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only once the participant cache has caught up with the participants topic. */
@Readiness
@ApplicationScoped
public class ParticipantCacheHealth implements HealthCheck {

    private final ParticipantCache cache;

    public ParticipantCacheHealth(ParticipantCache cache) {
        this.cache = cache;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("participant cache").status(cache.ready())
                .withData("participants", cache.size()).build();
    }
}
