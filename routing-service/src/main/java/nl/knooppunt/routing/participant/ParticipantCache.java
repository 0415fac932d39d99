package nl.knooppunt.routing.participant;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import nl.knooppunt.routing.deadletter.DeadLetterPublisher;
import nl.knooppunt.standard.crypto.HubSecrets;
import nl.knooppunt.standard.crypto.Jwks;
import nl.knooppunt.standard.crypto.SnapshotSignatures;
import nl.knooppunt.standard.envelope.ParticipantSnapshot;
import nl.knooppunt.standard.kafka.ParticipantSnapshots;
import nl.knooppunt.standard.kafka.Topics;

/**
 * routing-service's copy of the participants ({@link ParticipantSnapshots}): only snapshots signed by the registry
 * count; a refused record is counted and dead-lettered through {@link DeadLetterPublisher}.
 */
@ApplicationScoped
public class ParticipantCache {

    private final ParticipantSnapshots snapshots;

    public ParticipantCache(ObjectMapper mapper, DeadLetterPublisher deadLetters,
            @ConfigProperty(name = "kafka.bootstrap.servers", defaultValue = "localhost:9092") String bootstrapServers,
            @ConfigProperty(name = "knooppunt.secrets-dir") Path secretsDir) {
        SnapshotSignatures.Verifier verifier = SnapshotSignatures.verifier(
                Jwks.readSet(secretsDir.resolve(HubSecrets.SERVICE_PUBLIC_KEYS)));
        this.snapshots = new ParticipantSnapshots(mapper, bootstrapServers, "routing-participant-cache", verifier,
                refusal -> deadLetters.publish(Topics.PARTICIPANTS, refusal.partition(), refusal.offset(),
                                refusal.key(), refusal.value() == null ? new byte[0]
                                        : refusal.value().getBytes(StandardCharsets.UTF_8), refusal.reason())
                        .subscribe().with(ok -> { }, failure -> { }));
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

    /** How many participants the cache holds. */
    public int size() {
        return snapshots.size();
    }

    /** Whether the participant may receive: known to the registry and active (a suspended one receives nothing). */
    public boolean mayReceive(String participantId) {
        return find(participantId).map(ParticipantSnapshot::active).orElse(false);
    }

    /** The participant's webhook when its registered delivery is a webhook; empty for the mailbox or when unknown. */
    public Optional<URI> webhook(String participantId) {
        return find(participantId).map(ParticipantSnapshot::delivery)
                .filter(d -> "webhook".equals(d.mode()) && d.webhookUrl() != null)
                .map(d -> URI.create(d.webhookUrl()));
    }
}
