package nl.knooppunt.registry.participant.repository;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import nl.knooppunt.standard.catalogue.ParticipantKind;

/**
 * A participant with its modules and current public keys.
 *
 * @param kvkBranch    KvK branch number (vestigingsnummer), or null
 * @param contactEmail the operator's contact address at the participant, or null (private)
 * @param deliveryMode {@code mailbox} or {@code webhook}
 * @param webhookUrl   push URL in webhook mode, else null (private)
 * @param version      increases with every change
 * @param updatedAt    time of the last change
 * @param keys         current public keys, newest first
 * @param simulated    whether its own system is the sandbox counterpart (test environments only, ADR 0048)
 */
public record Participant(UUID id, String oin, String kvk, String kvkBranch, String name, ParticipantKind kind,
        String sector, ParticipantStatus status, String contactEmail, String deliveryMode, String webhookUrl,
        long version, OffsetDateTime updatedAt, List<String> modules, List<PublicKey> keys,
        boolean simulated) {

    /**
     * A registered public key.
     *
     * @param kid      its key id
     * @param jwkJson  the public JWK as JSON
     * @param notAfter end of its validity (rotation overlap), or null when open-ended
     */
    public record PublicKey(String kid, String jwkJson, OffsetDateTime notAfter) {
    }
}
