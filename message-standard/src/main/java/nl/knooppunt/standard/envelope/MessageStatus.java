package nl.knooppunt.standard.envelope;

/** Where a message is on its way to the recipient, as its sender sees it. */
public enum MessageStatus {
    ACCEPTED, DELIVERED, FETCHED, ACKNOWLEDGED, EXPIRED, FAILED;

    /** The lower-case name used in the public API. */
    public String apiName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
