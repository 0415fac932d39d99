package nl.knooppunt.portal.participant;

import java.util.List;

import nl.knooppunt.portal.registry.RegistryParticipant;

/**
 * What a counterpart may know of a participant: nothing private.
 *
 * @param id      participant id, the {@code recipient} of messages
 * @param oin     Organisatie-identificatienummer
 * @param kvk     KvK number
 * @param name    name
 * @param kind    kind of participant, e.g. {@code creditor}
 * @param sector  sector of a creditor, e.g. {@code energy}
 * @param status  onboarding, active, suspended or left
 * @param modules modules switched on
 * @param keyIds  ids of its encryption keys
 */
public record ParticipantView(String id, String oin, String kvk, String name, String kind, String sector,
        String status, List<String> modules, List<String> keyIds) {

    public static ParticipantView of(RegistryParticipant p) {
        return new ParticipantView(p.id(), p.oin(), p.kvk(), p.name(), p.kind(), p.sector(), p.status(),
                p.modules() == null ? List.of() : p.modules(), p.keyIds() == null ? List.of() : p.keyIds());
    }
}
