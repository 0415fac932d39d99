package nl.knooppunt.validation.registry;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Uni;
import nl.knooppunt.standard.envelope.ParticipantSnapshot;
import nl.knooppunt.validation.dependency.DependencyCalls;
import nl.knooppunt.validation.dependency.Ids;
import nl.knooppunt.kit.participant.ParticipantCache;

/**
 * Looks participants up in the local cache of the participants topic (ADR 0010), never at registry-service on the
 * hot path. While the cache has not caught up with the topic a lookup counts as an unavailable dependency: it is
 * retried with backoff and then the record is nacked, never judged on missing data. A participant is built once per
 * snapshot (its key parsed once), not per message.
 */
@ApplicationScoped
public class ParticipantDirectory {

    private final ParticipantCache cache;
    private final DependencyCalls calls;
    private final ObjectMapper mapper;
    private final Map<String, Built> built = new ConcurrentHashMap<>();

    public ParticipantDirectory(ParticipantCache cache, DependencyCalls calls, ObjectMapper mapper) {
        this.cache = cache;
        this.calls = calls;
        this.mapper = mapper;
    }

    /** The participant, or empty when the registry does not know it; fails only while the cache is not ready. */
    public Uni<Optional<Participant>> find(String participantId) {
        if (!Ids.isUuid(participantId)) {
            return Uni.createFrom().item(Optional.empty());
        }
        return calls.lookup("participant cache", () -> {
            if (!cache.ready()) {
                return Uni.createFrom().failure(new IllegalStateException("participant cache not caught up"));
            }
            Optional<ParticipantSnapshot> snapshot = cache.find(participantId);
            if (snapshot.isEmpty()) {
                built.remove(participantId);
                return Uni.createFrom().item((Participant) null);
            }
            return Uni.createFrom().item(participant(snapshot.get()));
        }, p -> p);
    }

    private Participant participant(ParticipantSnapshot snapshot) {
        Built known = built.get(snapshot.id());
        if (known != null && known.source() == snapshot) {
            return known.participant();
        }
        Participant participant = build(snapshot);
        built.put(snapshot.id(), new Built(snapshot, participant));
        return participant;
    }

    private Participant build(ParticipantSnapshot s) {
        return new Participant(s.id(), s.name(), s.kind(), s.status(), s.modules(),
                s.keys() == null ? null : s.keys().stream().map(k -> (JsonNode) mapper.valueToTree(k)).toList());
    }

    /** A participant and the snapshot instance it was built from (a newer snapshot is another instance). */
    private record Built(ParticipantSnapshot source, Participant participant) {
    }
}
