package nl.knooppunt.portal.message;

/** Names of portal-api's messaging channels (topics: see {@code Topics}). */
public final class Channels {

    /** Outgoing submissions to validation-service. */
    public static final String SUBMISSIONS = "submissions";
    /** Incoming verdicts from validation-service. */
    public static final String VERDICTS = "verdicts";

    private Channels() {
    }
}
