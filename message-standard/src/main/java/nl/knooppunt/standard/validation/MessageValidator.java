package nl.knooppunt.standard.validation;

import java.time.Clock;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import nl.knooppunt.standard.catalogue.MessageType;
import nl.knooppunt.standard.catalogue.ParticipantKind;
import nl.knooppunt.standard.envelope.Violation;

/**
 * Every payload rule of the standard in one call: the JSON Schema, the field rules and the attachment rules. Returns
 * all violations at once, sorted by pointer and code. Thread-safe; never throws on any JSON input.
 */
public final class MessageValidator {

    /** The standard's time zone: "today" for date rules is today in the Netherlands. */
    public static final ZoneId ZONE = ZoneId.of("Europe/Amsterdam");

    private final PayloadValidator schemas;
    private final FieldRules fields;
    private final AttachmentRules attachments = new AttachmentRules();

    /** A validator on the system clock. */
    public MessageValidator() {
        this(new PayloadValidator(), Clock.system(ZONE));
    }

    /** A validator with the given schema validator and clock (tests pin "today"). */
    public MessageValidator(PayloadValidator schemas, Clock clock) {
        this.schemas = schemas;
        this.fields = new FieldRules(clock);
    }

    /**
     * All violations of the payload for this message type.
     *
     * @param senderKind the sender's kind, for the attachments it must include; null when unknown
     */
    public List<Violation> validate(MessageType type, JsonNode payload, ParticipantKind senderKind) {
        List<Violation> violations = new ArrayList<>(schemas.validate(type, payload));
        if (payload != null && payload.isObject()) {
            fields.check(payload, violations);
            attachments.check(type, payload, senderKind, violations);
        }
        violations.sort(Comparator.comparing(Violation::pointer).thenComparing(Violation::code));
        return List.copyOf(violations);
    }
}
