package nl.knooppunt.registry.participant.service;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import nl.knooppunt.standard.catalogue.Catalogue;
import nl.knooppunt.standard.catalogue.ParticipantKind;

/**
 * Which modules a participant of each kind may switch on (MISSION.md, "The people who use it"). The registry keeps
 * this table itself; which message types a kind may send within a module is the catalogue's business.
 *
 * <table>
 * <tr><th>kind</th><th>modules</th></tr>
 * <tr><td>counsellor-phase-1</td><td>schuldinventarisatie, betalingsregeling, landelijke-pauzeknop</td></tr>
 * <tr><td>counsellor-phase-2</td><td>schuldinventarisatie, betalingsregeling, schuldregeling, waarborgfonds,
 * landelijke-pauzeknop</td></tr>
 * <tr><td>other-counsellor</td><td>schuldinventarisatie, betalingsregeling</td></tr>
 * <tr><td>administrator</td><td>meldingen-bewindvoering, schuldinventarisatie, betalingsregeling</td></tr>
 * <tr><td>creditor</td><td>schuldinventarisatie, betalingsregeling, schuldregeling, meldingen-bewindvoering,
 * landelijke-pauzeknop</td></tr>
 * <tr><td>guarantee-fund</td><td>waarborgfonds</td></tr>
 * </table>
 * A module can only be switched on when it is also in the catalogue.
 */
public final class KindModules {

    /** Debt inventory: balance requests. */
    public static final String SCHULDINVENTARISATIE = "schuldinventarisatie";
    /** Payment arrangements. */
    public static final String BETALINGSREGELING = "betalingsregeling";
    /** Debt settlements, incl. saneringskrediet. */
    public static final String SCHULDREGELING = "schuldregeling";
    /** Guarantees of the Waarborgfonds saneringskredieten. */
    public static final String WAARBORGFONDS = "waarborgfonds";
    /** Administration and Wsnp notices. */
    public static final String MELDINGEN_BEWINDVOERING = "meldingen-bewindvoering";
    /** The national pause button. */
    public static final String LANDELIJKE_PAUZEKNOP = "landelijke-pauzeknop";

    private static final Map<ParticipantKind, Set<String>> ALLOWED = new EnumMap<>(Map.of(
            ParticipantKind.COUNSELLOR_PHASE_1, Set.of(SCHULDINVENTARISATIE, BETALINGSREGELING, LANDELIJKE_PAUZEKNOP),
            ParticipantKind.COUNSELLOR_PHASE_2, Set.of(SCHULDINVENTARISATIE, BETALINGSREGELING, SCHULDREGELING,
                    WAARBORGFONDS, LANDELIJKE_PAUZEKNOP),
            ParticipantKind.OTHER_COUNSELLOR, Set.of(SCHULDINVENTARISATIE, BETALINGSREGELING),
            ParticipantKind.ADMINISTRATOR, Set.of(MELDINGEN_BEWINDVOERING, SCHULDINVENTARISATIE, BETALINGSREGELING),
            ParticipantKind.CREDITOR, Set.of(SCHULDINVENTARISATIE, BETALINGSREGELING, SCHULDREGELING,
                    MELDINGEN_BEWINDVOERING, LANDELIJKE_PAUZEKNOP),
            ParticipantKind.GUARANTEE_FUND, Set.of(WAARBORGFONDS)));

    private KindModules() {
    }

    /** Whether a participant of {@code kind} may use {@code module} by this table (catalogue not consulted). */
    public static boolean allowed(ParticipantKind kind, String module) {
        return ALLOWED.getOrDefault(kind, Set.of()).contains(module);
    }

    /** Whether the catalogue knows the module. */
    public static boolean inCatalogue(String module) {
        return Catalogue.standard().module(module).isPresent();
    }

    /** The modules of the catalogue a participant of {@code kind} may switch on, in catalogue order. */
    public static List<String> available(ParticipantKind kind) {
        return Catalogue.standard().modules().stream().map(m -> m.id()).filter(m -> allowed(kind, m)).toList();
    }
}
