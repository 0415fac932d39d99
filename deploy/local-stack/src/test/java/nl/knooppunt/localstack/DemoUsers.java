package nl.knooppunt.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import nl.knooppunt.standard.crypto.RecipientCipher;

/**
 * What the demo participants' own people do with a fetched message: open its {@code encryptedPayload} with the key
 * they hold on their side ({@code demo-users/} of the stack's state, {@link DemoUserKeys}); the hub cannot.
 */
final class DemoUsers {

    private static final ObjectMapper JSON = new ObjectMapper();

    private DemoUsers() {
    }

    /** The payload of a message as {@code GET /api/v1/inbox/{id}} answered it, opened with the recipient's key. */
    static JsonNode open(LocalStack stack, String participantId, String fetched) {
        try {
            return open(stack, participantId, JSON.readTree(fetched));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The payload of a fetched message (or an item of a page with {@code include=content}), opened. */
    static JsonNode open(LocalStack stack, String participantId, JsonNode message) {
        if (message.has("payload")) {
            throw new AssertionError("the hub handed over content in clear: " + message.path("id").asText());
        }
        String jwe = message.path("encryptedPayload").asText(null);
        if (jwe == null) {
            throw new AssertionError("no encryptedPayload in " + message.path("id").asText());
        }
        try {
            return JSON.readTree(RecipientCipher.decrypt(jwe,
                    List.of(DemoUserKeys.read(stack.stateDir(), participantId))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
