package nl.knooppunt.kit.participant;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import io.quarkus.arc.properties.IfBuildProperty;

/** Ready only once the participant cache has caught up with the participants topic. */
@Readiness
@ApplicationScoped
@IfBuildProperty(name = "knooppunt.participant-cache.enabled", stringValue = "true")
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
