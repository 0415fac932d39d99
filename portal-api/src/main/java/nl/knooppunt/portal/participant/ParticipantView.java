package nl.knooppunt.portal.participant;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import nl.knooppunt.portal.downstream.registry.RegistryParticipant;

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
 * @param keyIds  ids of its current encryption keys, newest first
 * @param accepts the message types it accepts (module and type), from the catalogue
 * @param simulated whether it is a sandbox counterpart that answers automatically (test hubs only, ADR 0048)
 */
@Schema(requiredProperties = { "id", "name", "kind", "status" })
public record ParticipantView(String id, String oin, String kvk, String name, String kind, String sector,
        String status, List<String> modules, List<String> keyIds, List<AcceptedTypes.Accepted> accepts,
        boolean simulated) {

    public static ParticipantView of(RegistryParticipant p) {
        List<String> modules = p.modules() == null ? List.of() : p.modules();
        return new ParticipantView(p.id(), p.oin(), p.kvk(), p.name(), p.kind(), p.sector(), p.status(), modules,
                p.keyIds() == null ? List.of() : p.keyIds(), AcceptedTypes.of(p.kind(), modules),
                Boolean.TRUE.equals(p.simulated()));
    }
}
