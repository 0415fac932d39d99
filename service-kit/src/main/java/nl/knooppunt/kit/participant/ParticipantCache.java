package nl.knooppunt.kit.participant;

import java.net.URI;
import java.time.Instant;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.arc.properties.IfBuildProperty;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import nl.knooppunt.kit.deadletter.DeadLetterPublisher;
import nl.knooppunt.standard.crypto.HubSecrets;
import nl.knooppunt.standard.crypto.Jwks;
import nl.knooppunt.standard.crypto.SnapshotSignatures;
import nl.knooppunt.standard.envelope.ParticipantSnapshot;
import nl.knooppunt.standard.kafka.ParticipantSnapshots;
import nl.knooppunt.standard.kafka.Topics;

/**
 * A service's copy of the participants ({@link ParticipantSnapshots}, ADR 0010): only snapshots signed by the
 * registry count; a refused record is counted ({@value #REFUSED_METRIC}, tag {@code reason}) and dead-lettered.
 */
@ApplicationScoped
@IfBuildProperty(name = "knooppunt.participant-cache.enabled", stringValue = "true")
public class ParticipantCache {

    /** Counter of refused participant snapshot records, tag {@code reason}. */
    public static final String REFUSED_METRIC = "knooppunt.participants.refused";

    private final ParticipantSnapshots snapshots;

    public ParticipantCache(ObjectMapper mapper, DeadLetterPublisher deadLetters, MeterRegistry metrics,
            ParticipantCacheConfig config) {
        SnapshotSignatures.Verifier verifier = SnapshotSignatures.verifier(
                Jwks.readSet(config.secretsDir().resolve(HubSecrets.SERVICE_PUBLIC_KEYS)));
        this.snapshots = new ParticipantSnapshots(mapper, config.bootstrapServers(), config.clientId(), verifier,
                refusal -> {
                    Counter.builder(REFUSED_METRIC).description("Participant snapshot records refused")
                            .tag("reason", refusal.reason()).register(metrics).increment();
                    deadLetters.publish(Topics.PARTICIPANTS, refusal.partition(), refusal.offset(), refusal.key(),
                            refusal.value(), refusal.reason()).subscribe().with(ok -> { }, failure -> { });
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
