package nl.knooppunt.standard.catalogue;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The kinds of participant the standard knows; what a participant may send depends on its kind. */
public enum ParticipantKind {
    /** Debt counsellor, phase 1 (intake and stabilisation). */
    COUNSELLOR_PHASE_1,
    /** Debt counsellor, phase 2, or credit bank (kredietbank). */
    COUNSELLOR_PHASE_2,
    /** Other counsellor; needs the client's signed consent (toestemmingsverklaring). */
    OTHER_COUNSELLOR,
    /** Court-appointed administrator (bewindvoerder). */
    ADMINISTRATOR,
    /** Creditor (schuldeiser). */
    CREDITOR,
    /** The guarantee fund (Waarborgfonds saneringskredieten). */
    GUARANTEE_FUND;

    /** The name used in the API and the catalogue, e.g. {@code counsellor-phase-1}. */
    public String apiName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static Optional<ParticipantKind> fromApiName(String name) {
        return Arrays.stream(values()).filter(k -> k.apiName().equals(name)).findFirst();
    }
}
