package nl.knooppunt.validation.standard;

/** Stable codes of the violations validation-service reports besides the schema's {@code schema.*} codes. */
public final class ViolationCodes {

    /** The payload is not JSON. */
    public static final String PAYLOAD_MALFORMED = "payload.malformed";
    /** The module or message type is not part of the standard. */
    public static final String UNKNOWN_TYPE = "standard.unknown-type";
    /** The sender is not active or its kind may not send this message type. */
    public static final String SENDER_NOT_ALLOWED = "protocol.sender-not-allowed";
    /** The sender or the recipient has not switched the module on. */
    public static final String MODULE_NOT_ENABLED = "protocol.module-not-enabled";
    /** A request refers to a message it would answer. */
    public static final String UNEXPECTED_IN_REPLY_TO = "protocol.unexpected-in-reply-to";
    /** An answer does not say which message it answers. */
    public static final String IN_REPLY_TO_REQUIRED = "protocol.in-reply-to-required";
    /** The answered message is unknown, or was not sent by this recipient to this sender. */
    public static final String IN_REPLY_TO_UNKNOWN = "protocol.in-reply-to-unknown";
    /** The answered message is of a type this message type does not answer. */
    public static final String NOT_AN_ANSWER = "protocol.not-an-answer";
    /** The registry does not know the recipient. */
    public static final String RECIPIENT_UNKNOWN = "recipient.unknown";
    /** The recipient is not active. */
    public static final String RECIPIENT_INACTIVE = "recipient.inactive";
    /** The recipient has no public key the hub can encrypt to. */
    public static final String RECIPIENT_NO_KEY = "recipient.no-key";

    private ViolationCodes() {
    }
}
