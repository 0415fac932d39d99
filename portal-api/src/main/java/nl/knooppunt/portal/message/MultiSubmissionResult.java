package nl.knooppunt.portal.message;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;

import nl.knooppunt.standard.envelope.Violation;

/**
 * The answer to a submission with {@code recipients}: one entry per recipient, in the order given.
 *
 * @param messages each recipient's own message id and status
 */
@Schema(requiredProperties = { "messages" })
public record MultiSubmissionResult(List<Entry> messages) {

    /**
     * One recipient's outcome.
     *
     * @param status     {@code accepted}, or {@code rejected} with the violations
     * @param violations why the standard refused it (rejected only)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(requiredProperties = { "recipient", "status" })
    public record Entry(String recipient, String id, String conversationId, String status,
            List<Violation> violations) {
    }
}
