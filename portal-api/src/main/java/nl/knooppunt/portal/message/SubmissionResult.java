package nl.knooppunt.portal.message;

/**
 * The answer to an accepted submission.
 *
 * @param id             the message id assigned by the hub
 * @param conversationId the conversation it belongs to
 * @param status         {@code accepted}
 */
public record SubmissionResult(String id, String conversationId, String status) {
}
