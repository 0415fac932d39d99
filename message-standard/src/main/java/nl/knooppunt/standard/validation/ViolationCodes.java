package nl.knooppunt.standard.validation;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Stable codes of the violations validation-service reports about the envelope and the protocol: a wire contract,
 * senders see them in every 422. Payload rules use {@code schema.<keyword>} and the codes of {@link RuleCodes}.
 */
public final class ViolationCodes {

    /** The payload is not JSON. */
    public static final String PAYLOAD_MALFORMED = "payload.malformed";
    /** The module or message type is not part of the standard. */
    public static final String UNKNOWN_TYPE = "standard.unknown-type";
    /** The sender is not active or its kind may not send this message type. */
    public static final String SENDER_NOT_ALLOWED = "protocol.sender-not-allowed";
    /** The recipient's kind may not receive this message type. */
    public static final String RECIPIENT_NOT_ALLOWED = "protocol.recipient-not-allowed";
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
    /** The answered request was answered before and its type allows one answer only. */
    public static final String ALREADY_ANSWERED = "protocol.already-answered";
    /** The conversation was closed (by a closing answer such as geen-medewerking) and accepts no more answers. */
    public static final String CONVERSATION_CLOSED = "protocol.conversation-closed";
    /** The registry does not know the recipient. */
    public static final String RECIPIENT_UNKNOWN = "recipient.unknown";
    /** The recipient is not active. */
    public static final String RECIPIENT_INACTIVE = "recipient.inactive";
    /** The recipient has no public key the hub can encrypt to. */
    public static final String RECIPIENT_NO_KEY = "recipient.no-key";

    private ViolationCodes() {
    }

    /** Every code of this class with a one-line description. */
    public static Map<String, String> all() {
        Map<String, String> all = new LinkedHashMap<>();
        all.put(PAYLOAD_MALFORMED, "the payload is not JSON");
        all.put(UNKNOWN_TYPE, "the module or message type is not part of the standard");
        all.put(SENDER_NOT_ALLOWED, "the sender is not active or may not send this type");
        all.put(RECIPIENT_NOT_ALLOWED, "the recipient's kind may not receive this type");
        all.put(MODULE_NOT_ENABLED, "sender or recipient has not switched the module on");
        all.put(UNEXPECTED_IN_REPLY_TO, "a request names a message it would answer");
        all.put(IN_REPLY_TO_REQUIRED, "an answer does not name the message it answers");
        all.put(IN_REPLY_TO_UNKNOWN, "the answered message is unknown or not between these two parties");
        all.put(NOT_AN_ANSWER, "the answered message is of a type this type does not answer");
        all.put(ALREADY_ANSWERED, "the request was answered before and allows one answer");
        all.put(CONVERSATION_CLOSED, "the conversation is closed");
        all.put(RECIPIENT_UNKNOWN, "the recipient is not a participant");
        all.put(RECIPIENT_INACTIVE, "the recipient does not receive messages at the moment");
        all.put(RECIPIENT_NO_KEY, "the recipient has no public key");
        return Map.copyOf(all);
    }
}
