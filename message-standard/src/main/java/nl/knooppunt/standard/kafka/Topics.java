package nl.knooppunt.standard.kafka;

/** Names of every Kafka topic of the hub, in one place. */
public final class Topics {

    /** Submissions from portal-api to validation-service; key: message id; payload encrypted for transit. */
    public static final String SUBMISSIONS = "knooppunt.submissions";
    /** Verdicts from validation-service back to portal-api; key: message id; no payload. */
    public static final String VERDICTS = "knooppunt.verdicts";
    /** Validated deliveries from validation-service to routing-service; key: recipient id; payload encrypted for the recipient. */
    public static final String DELIVERIES = "knooppunt.deliveries";
    /** Status changes of messages emitted by routing-service; key: message id; metadata only. */
    public static final String MESSAGE_EVENTS = "knooppunt.message-events";
    /** Compacted participant snapshots from registry-service; key: participant id; no secrets. */
    public static final String PARTICIPANTS = "knooppunt.participants";
    /** Records refused by a consumer, with the reason in headers; never contains plaintext. */
    public static final String DEAD_LETTERS = "knooppunt.dead-letters";

    private Topics() {
    }
}
