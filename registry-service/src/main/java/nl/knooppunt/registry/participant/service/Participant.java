package nl.knooppunt.registry.participant.service;

import java.util.List;
import java.util.UUID;

import nl.knooppunt.registry.participant.repository.ParticipantStatus;
import nl.knooppunt.standard.catalogue.ParticipantKind;

/**
 * A participant with its modules and current public keys.
 *
 * @param keys current public keys, newest first
 */
public record Participant(UUID id, String oin, String kvk, String name, ParticipantKind kind, String sector,
        ParticipantStatus status, List<String> modules, List<PublicKey> keys) {

    /**
     * A registered public key.
     *
     * @param kid     its key id
     * @param jwkJson the public JWK as JSON
     */
    public record PublicKey(String kid, String jwkJson) {
    }
}
