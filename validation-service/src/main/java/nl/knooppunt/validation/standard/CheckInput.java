package nl.knooppunt.validation.standard;

import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import nl.knooppunt.standard.envelope.Envelope;
import nl.knooppunt.validation.registry.Participant;
import nl.knooppunt.validation.routing.Conversation;

/**
 * Everything the checks of one submission look at, gathered beforehand.
 *
 * @param envelope     the submission's envelope
 * @param payload      the decrypted payload, or empty when it is not JSON
 * @param sender       the sender as the registry knows it, or empty when unknown
 * @param recipient    the recipient as the registry knows it, or empty when unknown
 * @param conversation the conversation holding the message named by {@code inReplyTo}, as routing knows it; empty
 *                     when that message is unknown or was not looked up
 */
public record CheckInput(Envelope envelope, Optional<JsonNode> payload, Optional<Participant> sender,
        Optional<Participant> recipient, Optional<Conversation> conversation) {
}
