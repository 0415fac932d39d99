package nl.knooppunt.registry.participant.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import nl.knooppunt.standard.catalogue.ParticipantKind;

/** The modules per kind, derived from the catalogue, are the table of MISSION.md ("The people who use it"). */
class KindModulesTest {

    private static final Map<ParticipantKind, List<String>> MISSION = Map.of(
            ParticipantKind.COUNSELLOR_PHASE_1,
            List.of("schuldinventarisatie", "betalingsregeling", "landelijke-pauzeknop"),
            ParticipantKind.COUNSELLOR_PHASE_2, List.of("schuldinventarisatie", "betalingsregeling", "schuldregeling",
                    "waarborgfonds", "landelijke-pauzeknop"),
            ParticipantKind.OTHER_COUNSELLOR, List.of("schuldinventarisatie", "betalingsregeling"),
            ParticipantKind.ADMINISTRATOR,
            List.of("schuldinventarisatie", "betalingsregeling", "meldingen-bewindvoering"),
            ParticipantKind.CREDITOR, List.of("schuldinventarisatie", "betalingsregeling", "schuldregeling",
                    "meldingen-bewindvoering", "landelijke-pauzeknop"),
            ParticipantKind.GUARANTEE_FUND, List.of("waarborgfonds"));

    @Test
    void everyKindMayUseExactlyTheModulesOfTheMission() {
        for (ParticipantKind kind : ParticipantKind.values()) {
            assertEquals(MISSION.get(kind), KindModules.available(kind), kind.apiName());
            MISSION.get(kind).forEach(m -> assertTrue(KindModules.allowed(kind, m), kind.apiName() + " " + m));
        }
    }

    @Test
    void aModuleOutsideTheCatalogueIsNeverAllowed() {
        assertFalse(KindModules.inCatalogue("bestaat-niet"));
        for (ParticipantKind kind : ParticipantKind.values()) {
            assertFalse(KindModules.allowed(kind, "bestaat-niet"));
        }
        assertFalse(KindModules.allowed(ParticipantKind.GUARANTEE_FUND, "schuldinventarisatie"));
    }
}
