package nl.knooppunt.standard.envelope;

import java.util.List;

/**
 * validation-service's answer to a submission.
 *
 * @param messageId      the submission's message id
 * @param outcome        accepted or rejected
 * @param conversationId the conversation the message belongs to (set when accepted)
 * @param violations     every violation found (empty when accepted)
 */
public record Verdict(String messageId, Outcome outcome, String conversationId, List<Violation> violations) {

    /** Whether the standard accepted the message. */
    public enum Outcome {
        ACCEPTED, REJECTED
    }

    public static Verdict accepted(String messageId, String conversationId) {
        return new Verdict(messageId, Outcome.ACCEPTED, conversationId, List.of());
    }

    public static Verdict rejected(String messageId, List<Violation> violations) {
        return new Verdict(messageId, Outcome.REJECTED, null, List.copyOf(violations));
    }
}
