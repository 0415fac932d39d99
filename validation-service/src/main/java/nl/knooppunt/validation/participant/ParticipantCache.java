package nl.knooppunt.validation.participant;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import nl.knooppunt.standard.crypto.HubSecrets;
import nl.knooppunt.standard.crypto.Jwks;
import nl.knooppunt.standard.crypto.SnapshotSignatures;
import nl.knooppunt.standard.envelope.ParticipantSnapshot;
import nl.knooppunt.standard.kafka.ParticipantSnapshots;
import nl.knooppunt.standard.kafka.Topics;
import nl.knooppunt.validation.submission.RecordPublisher;

/**
 * validation-service's copy of the participants ({@link ParticipantSnapshots}): only snapshots signed by the
 * registry count; a refused record is counted ({@value #REFUSED_METRIC}) and dead-lettered.
 */
@ApplicationScoped
public class ParticipantCache {

    /** Counter of refused participant snapshot records, tag {@code reason}. */
    public static final String REFUSED_METRIC = "knooppunt.participants.refused";

    private final ParticipantSnapshots snapshots;

    public ParticipantCache(ObjectMapper mapper, RecordPublisher publisher, MeterRegistry metrics,
            @ConfigProperty(name = "kafka.bootstrap.servers", defaultValue = "localhost:9092") String bootstrapServers,
            @ConfigProperty(name = "knooppunt.secrets-dir") Path secretsDir) {
        SnapshotSignatures.Verifier verifier = SnapshotSignatures.verifier(
                Jwks.readSet(secretsDir.resolve(HubSecrets.SERVICE_PUBLIC_KEYS)));
        this.snapshots = new ParticipantSnapshots(mapper, bootstrapServers, "validation-participant-cache", verifier,
                refusal -> {
                    Counter.builder(REFUSED_METRIC).description("Participant snapshot records refused")
                            .tag("reason", refusal.reason()).register(metrics).increment();
                    publisher.deadLetter(refusal.key(), refusal.value(), refusal.reason(), Topics.PARTICIPANTS)
                            .subscribe().with(ok -> { }, failure -> { });
                });
    }

    void onStart(@Observes StartupEvent event) {
        snapshots.start();
    }

    void onStop(@Observes ShutdownEvent event) {
        snapshots.close();
    }

    /** Whether the cache has read the whole topic as it was at start. */
    public boolean ready() {
        return snapshots.ready();
    }

    /** The participant's latest snapshot, or empty when the registry does not know it (or removed it). */
    public Optional<ParticipantSnapshot> find(String participantId) {
        return snapshots.find(participantId);
    }

    /** When the registry recorded the newest participant state the cache holds; empty before the first. */
    public Optional<Instant> newestUpdate() {
        return snapshots.newestUpdate();
    }

    /** How many participants the cache holds. */
    public int size() {
        return snapshots.size();
    }
}
