package nl.knooppunt.standard.envelope;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The full public state of one participant as registry-service publishes it on the compacted topic
 * {@code knooppunt.participants} (key: participant id; a tombstone when the participant is removed). validation
 * and routing keep these in local caches instead of calling the registry on the hot path. Nothing secret.
 *
 * @param id        participant id
 * @param oin       Organisatie-identificatienummer (20 digits)
 * @param kvk       KvK number (8 digits)
 * @param name      name
 * @param kind      {@code ParticipantKind} api name
 * @param sector    creditor sector, or null
 * @param status    onboarding, active, suspended or left
 * @param modules   modules switched on
 * @param keys      public encryption JWKs (as JSON objects), newest first, only those currently valid
 * @param delivery  how the participant receives messages
 * @param version   increases with every change (consumers ignore older versions)
 * @param updatedAt when this state was recorded
 */
public record ParticipantSnapshot(String id, String oin, String kvk, String name, String kind, String sector,
        String status, List<String> modules, List<Map<String, Object>> keys, Delivery delivery, long version,
        Instant updatedAt) {

    /**
     * Delivery preference.
     *
     * @param mode       {@code mailbox} (pull) or {@code webhook} (push)
     * @param webhookUrl the https URL pushes go to (webhook mode only)
     */
    public record Delivery(String mode, String webhookUrl) {
    }

    public boolean active() {
        return "active".equals(status);
    }
}
