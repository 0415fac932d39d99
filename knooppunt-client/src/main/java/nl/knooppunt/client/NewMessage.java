package nl.knooppunt.client;

import java.util.List;
import java.util.Objects;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A message to submit: module and type of the standard, one recipient or several, the message it answers, and the
 * payload (the JSON the standard's schema describes; the hub encrypts it for the recipient).
 *
 * @param module     module of the standard, e.g. {@code schuldinventarisatie}
 * @param type       message type, e.g. {@code saldoverzoek}
 * @param recipients one participant id (or more: one message per recipient)
 * @param inReplyTo  the id of the message it answers, or null
 * @param payload    the content
 */
public record NewMessage(String module, String type, List<String> recipients, String inReplyTo, JsonNode payload) {

    public NewMessage {
        Objects.requireNonNull(module, "module");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(payload, "payload");
        recipients = List.copyOf(recipients);
        if (recipients.isEmpty()) {
            throw new IllegalArgumentException("a message needs a recipient");
        }
    }

    /** A message of this module and type to one recipient. */
    public static NewMessage to(String recipient, String module, String type, JsonNode payload) {
        return new NewMessage(module, type, List.of(recipient), null, payload);
    }

    /** The same message to each of these recipients (the hub answers one id per recipient). */
    public static NewMessage toEach(List<String> recipients, String module, String type, JsonNode payload) {
        return new NewMessage(module, type, recipients, null, payload);
    }

    /** This message as an answer to the message with this id. */
    public NewMessage inReplyTo(String messageId) {
        return new NewMessage(module, type, recipients, messageId, payload);
    }

    /** The request body of {@code POST /api/v1/messages}. */
    public String toJson() {
        ObjectNode body = Json.MAPPER.createObjectNode().put("module", module).put("type", type);
        if (recipients.size() == 1) {
            body.put("recipient", recipients.get(0));
        } else {
            recipients.forEach(body.putArray("recipients")::add);
        }
        if (inReplyTo != null) {
            body.put("inReplyTo", inReplyTo);
        }
        body.set("payload", payload);
        return Json.write(body);
    }
}
