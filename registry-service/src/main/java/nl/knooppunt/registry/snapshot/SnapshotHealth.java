package nl.knooppunt.registry.snapshot;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready once the startup re-publication reached Kafka, so caches that start later find every participant. */
@Readiness
@ApplicationScoped
public class SnapshotHealth implements HealthCheck {

    private final SnapshotPublisher publisher;

    public SnapshotHealth(SnapshotPublisher publisher) {
        this.publisher = publisher;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("participant snapshots published").status(publisher.caughtUp()).build();
    }
}
