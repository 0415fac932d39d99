package nl.knooppunt.portal.inbox;

import java.io.IOException;
import java.io.UncheckedIOException;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import jakarta.enterprise.context.ApplicationScoped;
import nl.knooppunt.kit.problem.Problem;
import nl.knooppunt.kit.problem.ProblemException;
import nl.knooppunt.portal.custody.CustodyKeys;
import nl.knooppunt.standard.crypto.CryptoException;

/**
 * A message's content as its recipient gets it: decrypted with the custody key the hub holds for a portal
 * participant, or the JWE to the participant's own key as it is.
 */
@ApplicationScoped
class InboxContent {

    private static final Logger LOG = Logger.getLogger(InboxContent.class);

    private final CustodyKeys custody;
    private final ObjectMapper mapper;

    InboxContent(CustodyKeys custody, ObjectMapper mapper) {
        this.custody = custody;
        this.mapper = mapper;
    }

    /**
     * The content of one message.
     *
     * @param payload          the decrypted JSON, for a custody participant
     * @param encryptedPayload the JWE, for a participant with its own key
     */
    record Content(JsonNode payload, String encryptedPayload) {
    }

    /** Whether opening this participant's messages decrypts (CPU work: never on the event loop). */
    boolean decrypts(String participantId) {
        return custody.holds(participantId);
    }

    /**
     * Opens the JWE for its recipient; a payload encrypted to the participant's own key is handed over as JWE. A
     * custody message that cannot be decrypted is a 500 {@code undecryptable} problem, logged without content.
     */
    Content open(String participantId, String messageId, String jwe) {
        if (!custody.holds(participantId)) {
            return new Content(null, jwe);
        }
        try {
            return custody.decryptFor(participantId, jwe)
                    .map(plaintext -> new Content(readTree(plaintext), null))
                    .orElseGet(() -> new Content(null, jwe));
        } catch (CryptoException | UncheckedIOException e) {
            LOG.errorf("cannot open message %s for participant %s: %s", messageId, participantId,
                    e.getClass().getSimpleName());
            throw new ProblemException(Problem.of(500, "undecryptable", "Message cannot be opened",
                    "the hub could not decrypt this message with your custody key"));
        }
    }

    private JsonNode readTree(String plaintext) {
        try {
            return mapper.readTree(plaintext);
        } catch (IOException e) {
            // Jackson's message quotes the input: never pass it on
            throw new UncheckedIOException(new IOException("payload is not JSON"));
        }
    }
}
