package nl.knooppunt.portal.message;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The answer to an accepted submission.
 *
 * @param id             the message id assigned by the hub
 * @param conversationId the conversation it belongs to
 * @param status         {@code accepted}
 */
@Schema(requiredProperties = { "id", "conversationId", "status" })
public record SubmissionResult(String id, String conversationId, String status) {
}
