package nl.knooppunt.client;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The hub accepted a submission ({@code 201}). For one recipient {@code id}, {@code conversationId} and
 * {@code status} say what became of it; for several ({@code recipients}) {@link #messages()} has one entry per
 * recipient, in the order given, each accepted or rejected with its violations, and the three are null.
 *
 * @param id             the message id (one recipient)
 * @param conversationId the conversation it belongs to (one recipient)
 * @param status         {@code accepted} (one recipient)
 * @param messages       per recipient (several recipients), else empty
 * @param idempotencyKey the {@code Idempotency-Key} every attempt of this submission carried
 * @param replayed       whether the hub answered an earlier attempt's result ({@code Idempotent-Replayed})
 */
public record SubmitResult(String id, String conversationId, String status, List<RecipientResult> messages,
        String idempotencyKey, boolean replayed) {

    /**
     * One recipient's outcome of a submission to several.
     *
     * @param recipient      the participant id
     * @param id             its own message id (accepted only)
     * @param conversationId its conversation (accepted only)
     * @param status         {@code accepted} or {@code rejected}
     * @param violations     why the standard refused it (rejected only)
     */
    public record RecipientResult(String recipient, String id, String conversationId, String status,
            List<Violation> violations) {

        /** Whether this recipient's message was accepted. */
        public boolean accepted() {
            return "accepted".equals(status);
        }
    }

    static SubmitResult of(JsonNode body, String idempotencyKey, boolean replayed) {
        List<RecipientResult> messages = new ArrayList<>();
        body.path("messages").forEach(m -> messages.add(new RecipientResult(Json.text(m, "recipient"),
                Json.text(m, "id"), Json.text(m, "conversationId"), Json.text(m, "status"),
                Json.violations(m.path("violations")))));
        return new SubmitResult(Json.text(body, "id"), Json.text(body, "conversationId"), Json.text(body, "status"),
                List.copyOf(messages), idempotencyKey, replayed);
    }
}
