package nl.knooppunt.registry.demo;

import java.util.List;
import java.util.UUID;

import nl.knooppunt.standard.catalogue.ParticipantKind;

/**
 * A demo participant with fixed ids, as the local stack and the tests of every service expect it.
 *
 * @param clientId the OIDC client that may act for it
 */
public record DemoParticipant(UUID id, String oin, String kvk, String name, ParticipantKind kind, String sector,
        List<String> modules, String clientId) {

    /** Gemeente Voorbeeldstad, a phase-1 debt counsellor. */
    public static final DemoParticipant GEMEENTE = new DemoParticipant(
            UUID.fromString("6a1f0c43-2d2b-4c55-9a0e-3f1f7a0d2a01"), "00000001001234567000", "01234567",
            "Gemeente Voorbeeldstad", ParticipantKind.COUNSELLOR_PHASE_1, null, List.of("schuldinventarisatie"),
            "demo-gemeente");

    /** Voorbeeld Energie B.V., a creditor in the energy sector. */
    public static final DemoParticipant ENERGIE = new DemoParticipant(
            UUID.fromString("b7e2d154-3e3c-4d66-8b1f-4a2a8b1e3b02"), "00000003123456780000", "12345678",
            "Voorbeeld Energie B.V.", ParticipantKind.CREDITOR, "energy", List.of("schuldinventarisatie"),
            "demo-energie");

    /** Every demo participant. */
    public static final List<DemoParticipant> ALL = List.of(GEMEENTE, ENERGIE);
}
