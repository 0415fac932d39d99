package nl.knooppunt.validation.submission;

/** Names of the messaging channels; their topics are set in application.properties from {@code Topics}. */
public final class Channels {

    /** Incoming submissions, topic {@code knooppunt.submissions}. */
    public static final String SUBMISSIONS = "submissions";
    /** Outgoing verdicts, topic {@code knooppunt.verdicts}. */
    public static final String VERDICTS = "verdicts";
    /** Outgoing deliveries, topic {@code knooppunt.deliveries}. */
    public static final String DELIVERIES = "deliveries";

    private Channels() {
    }
}
