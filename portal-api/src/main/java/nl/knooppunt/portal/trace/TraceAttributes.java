package nl.knooppunt.portal.trace;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;

/**
 * The hub's own span attributes (ADR 0047): metadata only, the same the routing tables and the logs already hold. A
 * span never holds a payload (plain or encrypted), a token, a key or a webhook secret.
 */
public final class TraceAttributes {

    /** The message id (a UUID): links a message's traces, e.g. the submission's and the recipient's fetch. */
    public static final AttributeKey<String> MESSAGE_ID = AttributeKey.stringKey("knooppunt.message.id");
    /** The message's module, e.g. {@code schuldinventarisatie}. */
    public static final AttributeKey<String> MODULE = AttributeKey.stringKey("knooppunt.module");
    /** The message's type, e.g. {@code saldoverzoek}. */
    public static final AttributeKey<String> TYPE = AttributeKey.stringKey("knooppunt.type");
    /** The sender's participant id (a UUID). */
    public static final AttributeKey<String> SENDER = AttributeKey.stringKey("knooppunt.sender");
    /** The recipient's participant id (a UUID). */
    public static final AttributeKey<String> RECIPIENT = AttributeKey.stringKey("knooppunt.recipient");

    private TraceAttributes() {
    }

    /** Puts a message's metadata on the span; null values are left out. */
    public static void message(Span span, Object messageId, String module, String type, Object sender,
            Object recipient) {
        put(span, MESSAGE_ID, messageId);
        put(span, MODULE, module);
        put(span, TYPE, type);
        put(span, SENDER, sender);
        put(span, RECIPIENT, recipient);
    }

    /** Puts the message id on the span. */
    public static void messageId(Span span, Object messageId) {
        put(span, MESSAGE_ID, messageId);
    }

    private static void put(Span span, AttributeKey<String> key, Object value) {
        if (value != null && span.isRecording()) {
            span.setAttribute(key, value.toString());
        }
    }
}
