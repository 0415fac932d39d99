package nl.knooppunt.registry.participant.repository;

import java.util.Locale;

/** Where a participant stands in its membership of the hub. */
public enum ParticipantStatus {
    /** Registered, not yet allowed to exchange messages. */
    ONBOARDING,
    /** Exchanges messages. */
    ACTIVE,
    /** Temporarily barred from exchanging messages. */
    SUSPENDED,
    /** No longer takes part. */
    LEFT;

    /** The name used in the API and the database, e.g. {@code active}. */
    public String apiName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The status with the given API name. */
    public static ParticipantStatus fromApiName(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }
}
