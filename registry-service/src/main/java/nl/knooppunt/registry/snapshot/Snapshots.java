package nl.knooppunt.registry.snapshot;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import nl.knooppunt.registry.participant.repository.Participant;
import nl.knooppunt.standard.envelope.ParticipantSnapshot;

/** Builds the public snapshot of a participant and its JSON form (nothing private: no contact, no secrets). */
@ApplicationScoped
public class Snapshots {

    private static final TypeReference<Map<String, Object>> JWK = new TypeReference<>() {
    };

    private final ObjectMapper mapper;

    public Snapshots(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** The snapshot of {@code p}. */
    public ParticipantSnapshot of(Participant p) {
        List<Map<String, Object>> keys = p.keys().stream().map(k -> jwk(k.jwkJson())).toList();
        return new ParticipantSnapshot(p.id().toString(), p.oin(), p.kvk(), p.name(), p.kind().apiName(),
                p.sector(), p.status().apiName(), p.modules(), keys,
                new ParticipantSnapshot.Delivery(p.deliveryMode(), p.webhookUrl()), p.version(),
                p.updatedAt().toInstant());
    }

    /** The snapshot as JSON, the value of its record. */
    public String json(ParticipantSnapshot snapshot) {
        try {
            return mapper.writeValueAsString(snapshot);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serialise a participant snapshot", e);
        }
    }

    private Map<String, Object> jwk(String json) {
        try {
            return mapper.readValue(json, JWK);
        } catch (IOException e) {
            throw new UncheckedIOException("stored JWK is not JSON", e);
        }
    }
}
