package nl.knooppunt.routing.delivery.service;

import java.io.IOException;
import java.util.UUID;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.ObjectMapper;

import nl.knooppunt.routing.config.RoutingConfig;
import nl.knooppunt.routing.message.repository.NewMessage;
import nl.knooppunt.standard.crypto.AssertionRejectedException;
import nl.knooppunt.standard.crypto.EnvelopeAssertions;
import nl.knooppunt.standard.crypto.HubSecrets;
import nl.knooppunt.standard.crypto.LinkKeyRing;
import nl.knooppunt.standard.envelope.Delivery;
import nl.knooppunt.standard.envelope.Envelope;

/**
 * Checks a delivery record before it may enter a mailbox: parseable, complete envelope, a compact JWE payload and a
 * valid envelope assertion by validation-service (the only service that vouches for deliveries), MACed with the
 * delivery link's key ring that only validation-service and routing-service hold (ADR 0029).
 */
@ApplicationScoped
public class DeliveryIntake {

    private static final int MAX_NAME_LENGTH = 100;
    private static final Pattern COMPACT_JWE = Pattern.compile(
            "[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");

    private final ObjectMapper mapper;
    private final EnvelopeAssertions.Verifier verifier;

    public DeliveryIntake(ObjectMapper mapper, RoutingConfig config) {
        this.mapper = mapper;
        String issuer = config.routing().deliveryIssuer();
        this.verifier = EnvelopeAssertions.verifier(issuer,
                LinkKeyRing.read(config.secretsDir().resolve(HubSecrets.DELIVERY_LINK_KEYS)));
    }

    /** Answers the message to store, or refuses the record with a reason code. */
    public NewMessage accept(byte[] value) throws RefusedDeliveryException {
        Delivery delivery = parse(value);
        Envelope envelope = delivery.envelope();
        if (envelope == null) {
            throw malformed("envelope missing");
        }
        NewMessage message = new NewMessage(
                uuid(envelope.messageId(), "messageId", true),
                uuid(envelope.conversationId(), "conversationId", true),
                uuid(envelope.inReplyTo(), "inReplyTo", false),
                name(envelope.module(), "module"),
                name(envelope.type(), "type"),
                uuid(envelope.sender(), "sender", true),
                uuid(envelope.recipient(), "recipient", true),
                envelope.submittedAt(),
                delivery.payload());
        if (message.submittedAt() == null) {
            throw malformed("submittedAt missing");
        }
        if (message.payload() == null || !COMPACT_JWE.matcher(message.payload()).matches()) {
            throw new RefusedDeliveryException(RefusedDeliveryException.PAYLOAD_MALFORMED,
                    "payload is not a compact JWE");
        }
        try {
            verifier.verify(delivery.assertion(), envelope, delivery.payload());
        } catch (AssertionRejectedException e) {
            throw new RefusedDeliveryException(e.reason().code(), "envelope assertion refused");
        }
        return message;
    }

    /** The message id of a record, if it can be read at all; for logging refused records. */
    public String messageIdOf(byte[] value) {
        try {
            var id = mapper.readTree(value).path("envelope").path("messageId");
            return id.isTextual() ? UUID.fromString(id.asText()).toString() : null;
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
    }

    private Delivery parse(byte[] value) throws RefusedDeliveryException {
        if (value == null || value.length == 0) {
            throw malformed("empty record value");
        }
        try {
            Delivery delivery = mapper.readValue(value, Delivery.class);
            if (delivery == null) {
                throw malformed("record value is null");
            }
            return delivery;
        } catch (IOException e) {
            throw malformed("record value is not a Delivery");
        }
    }

    private static UUID uuid(String value, String field, boolean required) throws RefusedDeliveryException {
        if (value == null) {
            if (required) {
                throw malformed(field + " missing");
            }
            return null;
        }
        try {
            UUID parsed = UUID.fromString(value);
            if (!parsed.toString().equalsIgnoreCase(value)) {
                throw malformed(field + " is not a UUID");
            }
            return parsed;
        } catch (IllegalArgumentException e) {
            throw malformed(field + " is not a UUID");
        }
    }

    private static String name(String value, String field) throws RefusedDeliveryException {
        if (value == null || value.isBlank() || value.length() > MAX_NAME_LENGTH) {
            throw malformed(field + " missing or too long");
        }
        return value;
    }

    private static RefusedDeliveryException malformed(String detail) {
        return new RefusedDeliveryException(RefusedDeliveryException.RECORD_MALFORMED, detail);
    }
}
