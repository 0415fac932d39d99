package nl.knooppunt.localstack;

import java.util.List;

/** The demo data of the local stack: participants, their API clients and portal users (all in the Keycloak realm). */
public final class Demo {

    /** Gemeente Voorbeeldstad (counsellor). */
    public static final String GEMEENTE_PARTICIPANT_ID = "6a1f0c43-2d2b-4c55-9a0e-3f1f7a0d2a01";
    /** Voorbeeld Energie B.V. (creditor). */
    public static final String ENERGIE_PARTICIPANT_ID = "b7e2d154-3e3c-4d66-8b1f-4a2a8b1e3b02";
    /** Both demo participants; each gets a key of its own on the users' side ({@link DemoUserKeys}). */
    public static final List<String> PARTICIPANT_IDS = List.of(GEMEENTE_PARTICIPANT_ID, ENERGIE_PARTICIPANT_ID);

    /** A demo participant's short name for file names: {@code gemeente-voorbeeldstad}, {@code voorbeeld-energie}. */
    public static String slugOf(String participantId) {
        return switch (participantId) {
            case GEMEENTE_PARTICIPANT_ID -> "gemeente-voorbeeldstad";
            case ENERGIE_PARTICIPANT_ID -> "voorbeeld-energie";
            default -> throw new IllegalArgumentException("not a demo participant: " + participantId);
        };
    }

    /** Audience every access token for the hub's public API carries. */
    public static final String API_AUDIENCE = "knooppunt-api";

    /**
     * A confidential OIDC client with client credentials, acting for one demo participant.
     *
     * @param clientId      OIDC client id
     * @param secret        client secret
     * @param participant   display name of the participant
     * @param participantId the participant's id in the registry
     */
    public record ApiClient(String clientId, String secret, String participant, String participantId) {
    }

    /**
     * A portal user; the {@code oin} claim maps the login to the participant.
     *
     * @param username     login name
     * @param password     password
     * @param oin          OIN of the user's organisation
     * @param organisation display name of the organisation
     */
    public record User(String username, String password, String oin, String organisation) {
    }

    /** {@code demo-gemeente} acting for Gemeente Voorbeeldstad. */
    public static final ApiClient GEMEENTE_CLIENT = new ApiClient("demo-gemeente", "demo-gemeente-secret",
            "Gemeente Voorbeeldstad", GEMEENTE_PARTICIPANT_ID);
    /** {@code demo-energie} acting for Voorbeeld Energie B.V. */
    public static final ApiClient ENERGIE_CLIENT = new ApiClient("demo-energie", "demo-energie-secret",
            "Voorbeeld Energie B.V.", ENERGIE_PARTICIPANT_ID);

    /** The demo operator tool's client (realm role knooppunt-beheerder). */
    public static final String OPERATOR_CLIENT_ID = "demo-beheer";
    /** Secret of {@link #OPERATOR_CLIENT_ID}. */
    public static final String OPERATOR_CLIENT_SECRET = "demo-beheer-secret";

    /** The sandbox counterpart's API client (ADR 0048): acts for the simulated participants. */
    public static final ApiClient SANDBOX_CLIENT = new ApiClient("sandbox-counterpart", "sandbox-counterpart-secret",
            "Sandbox Schuldeiser, Sandbox Schuldhulpverlener", null);
    /** Name of the simulated creditor the local stack's sandbox counterpart runs. */
    public static final String SANDBOX_CREDITOR_NAME = "Sandbox Schuldeiser";
    /** Name of the simulated counsellor the local stack's sandbox counterpart runs. */
    public static final String SANDBOX_COUNSELLOR_NAME = "Sandbox Schuldhulpverlener";

    /** Anna of Gemeente Voorbeeldstad. */
    public static final User ANNA = new User("anna", "demo", "00000001001234567000", "Gemeente Voorbeeldstad");
    /** Erik of Voorbeeld Energie B.V. */
    public static final User ERIK = new User("erik", "demo", "00000003123456780000", "Voorbeeld Energie B.V.");

    /** The portal's confidential client (authorization code flow; password grant enabled for local testing). */
    public static final String PORTAL_CLIENT_ID = "knooppunt-portal";
    /** Secret of {@link #PORTAL_CLIENT_ID}. */
    public static final String PORTAL_CLIENT_SECRET = "knooppunt-portal-secret";

    private Demo() {
    }
}
