package nl.knooppunt.registry.key.service;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import nl.knooppunt.registry.key.repository.ParticipantKeyRepository;
import nl.knooppunt.registry.participant.repository.ParticipantRepository;
import nl.knooppunt.registry.problem.ProblemException;

/** Registers participants' public encryption keys; a kid names one key forever. */
@ApplicationScoped
public class KeyService {

    private static final Logger LOG = Logger.getLogger(KeyService.class);

    private final ParticipantRepository participants;
    private final ParticipantKeyRepository keys;
    private final PublicKeyPolicy policy;

    public KeyService(ParticipantRepository participants, ParticipantKeyRepository keys, PublicKeyPolicy policy) {
        this.participants = participants;
        this.keys = keys;
        this.policy = policy;
    }

    /** What a publication did. */
    public enum Outcome {
        /** The key is now registered. */
        REGISTERED,
        /** The same key was already registered under this kid for this participant. */
        ALREADY_REGISTERED
    }

    /**
     * Registers {@code key} for the participant; idempotent for the same key.
     *
     * @throws ProblemException 404 for an unknown participant, 409 when the kid names another key
     */
    @WithTransaction
    public Uni<Outcome> publish(UUID participantId, RegisteredKey key) {
        return participants.findById(participantId)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("no participant with id " + participantId))
                .flatMap(participant -> keys.insertIfAbsent(participantId, key.kid(), key.json(), key.use()))
                .flatMap(inserted -> {
                    if (inserted) {
                        LOG.infof("registered key %s for participant %s", key.kid(), participantId);
                        return Uni.createFrom().item(Outcome.REGISTERED);
                    }
                    return keys.findById(key.kid()).map(existing -> {
                        if (existing != null && existing.participantId.equals(participantId)
                                && policy.sameKey(existing.jwk, key)) {
                            return Outcome.ALREADY_REGISTERED;
                        }
                        throw ProblemException.conflict("key-conflict", "Key id already in use",
                                "kid '" + key.kid() + "' is already registered for another key; "
                                        + "a kid names one key, publish a new key under a new kid");
                    });
                });
    }
}
