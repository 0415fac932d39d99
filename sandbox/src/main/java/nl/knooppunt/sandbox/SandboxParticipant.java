package nl.knooppunt.sandbox;

import java.util.List;

/**
 * A simulated participant whose own system is the sandbox counterpart (ADR 0048): registered at the hub like any
 * participant, marked {@code simulated}, with its own keys held only by the counterpart.
 *
 * @param oin     its OIN (fixed, so the counterpart finds it again after a restart)
 * @param kvk     its KvK number
 * @param name    its name in the directory
 * @param kind    its kind ({@code creditor}, {@code counsellor-phase-2})
 * @param sector  a creditor's sector, else null
 * @param modules the modules switched on
 * @param slug    short name for key ids and logs
 */
public record SandboxParticipant(String oin, String kvk, String name, String kind, String sector, List<String> modules,
        String slug) {

    /** Sandbox Schuldeiser: answers saldoverzoeken, betaalvoorstellen, heroverwegingen and statusverzoeken. */
    public static final SandboxParticipant CREDITOR = new SandboxParticipant("00000009990000000001", "99000001",
            "Sandbox Schuldeiser", "creditor", "other",
            List.of("schuldinventarisatie", "betalingsregeling", "schuldregeling"), "schuldeiser");

    /**
     * Sandbox Schuldhulpverlener (a phase-2 counsellor, so a creditor can send it a statusverzoek): answers
     * statusverzoeken and, on request, sends a saldoverzoek to the creditor that asked.
     */
    public static final SandboxParticipant COUNSELLOR = new SandboxParticipant("00000009990000000002", "99000002",
            "Sandbox Schuldhulpverlener", "counsellor-phase-2", null,
            List.of("schuldinventarisatie", "betalingsregeling", "schuldregeling"), "schuldhulpverlener");

    /** Both. */
    public static final List<SandboxParticipant> ALL = List.of(CREDITOR, COUNSELLOR);

    /** The default OIDC client of the counterpart in the local stack. */
    public static final String CLIENT_ID = "sandbox-counterpart";
    /** Its secret in the local stack's realm (never a real secret). */
    public static final String CLIENT_SECRET = "sandbox-counterpart-secret";
}
