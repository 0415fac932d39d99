package nl.knooppunt.registry.audit.service;

import java.time.OffsetDateTime;
import java.util.Map;

/**
 * One recorded change.
 *
 * @param id            sequence number
 * @param participantId the participant it concerns, or null
 * @param clientId      the API client it concerns, or null
 * @param actor         who made the change (operator subject, or the service acting on its own)
 * @param via           the service that made the call
 * @param action        what was done
 * @param detail        the changed values
 * @param at            when
 */
public record AuditEvent(long id, String participantId, String clientId, String actor, String via, String action,
        Map<String, Object> detail, OffsetDateTime at) {
}
