package nl.knooppunt.validation.submission;

/** A submission record that is refused outright (no verdict, no delivery): it goes to the dead-letter topic. */
class RefusedException extends Exception {

    /** The record is not a readable Submission, or its key is not its message id. */
    static final String RECORD_MALFORMED = "record.malformed";
    /** The payload could not be decrypted with the transit key its kid names. */
    static final String PAYLOAD_UNDECRYPTABLE = "payload.undecryptable";
    /** The payload's transit epoch left the window: its key is destroyed, nobody can open it (ADR 0034). */
    static final String TRANSIT_KEY_DESTROYED = "transit.key-destroyed";
    /** Processing failed unexpectedly (a defect, not a dependency outage). */
    static final String PROCESSING_FAILED = "processing.failed";

    private final String code;

    RefusedException(String code) {
        super("submission refused: " + code, null, false, false);
        this.code = code;
    }

    String code() {
        return code;
    }
}
