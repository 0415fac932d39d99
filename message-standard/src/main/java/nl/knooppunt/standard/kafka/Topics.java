package nl.knooppunt.standard.kafka;

import nl.knooppunt.standard.envelope.Envelope;

/** Names of every Kafka topic of the hub, in one place. */
public final class Topics {

    /**
     * Submissions from portal-api to validation-service; key: {@link #submissionKey}; payload encrypted for transit.
     */
    public static final String SUBMISSIONS = "knooppunt.submissions";
    /** Verdicts from validation-service back to portal-api; key: message id; no payload. */
    public static final String VERDICTS = "knooppunt.verdicts";
    /** Validated deliveries from validation-service to routing-service; key: recipient id; payload encrypted for the recipient. */
    public static final String DELIVERIES = "knooppunt.deliveries";
    /** Compacted participant snapshots from registry-service; key: participant id; no secrets. */
    public static final String PARTICIPANTS = "knooppunt.participants";
    /** Records refused by a consumer, with the reason in headers; never contains plaintext. */
    public static final String DEAD_LETTERS = "knooppunt.dead-letters";

    private Topics() {
    }

    /**
     * The record key of a submission: the id of the request it answers, else its own message id. Every answer to one
     * request thus shares a partition and one validation-service replica, which judges "answered once" (ADR 0009).
     */
    public static String submissionKey(Envelope envelope) {
        return envelope.inReplyTo() != null ? envelope.inReplyTo() : envelope.messageId();
    }

    /**
     * Whether {@code key} is a key the submission may carry: {@link #submissionKey}, or its message id, which portal-api
     * used for every submission before 2026-11-29 (so records of a rolling upgrade are still judged).
     */
    public static boolean isSubmissionKey(String key, Envelope envelope) {
        return key != null && (key.equals(envelope.messageId()) || key.equals(submissionKey(envelope)));
    }
}
