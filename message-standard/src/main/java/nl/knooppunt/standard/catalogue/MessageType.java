package nl.knooppunt.standard.catalogue;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One message type of the standard.
 *
 * @param module      the module it belongs to
 * @param type        its name, e.g. {@code saldoverzoek}
 * @param title       Dutch title
 * @param description what it is for
 * @param senders     participant kinds that may send it
 * @param answers     the message types that may answer it
 * @param answersTo   the message types it answers (empty: it starts a conversation)
 * @param replyPeriodWorkingDays working days the recipient has to answer a request, or null when none
 * @param schema      its JSON Schema (2020-12)
 * @param example     a realistic example payload that validates
 */
public record MessageType(String module, String type, String title, String description,
        List<ParticipantKind> senders, List<String> answers, List<String> answersTo,
        Integer replyPeriodWorkingDays, JsonNode schema, JsonNode example) {

    /** Whether this type starts a conversation rather than answering a message. */
    public boolean isRequest() {
        return answersTo.isEmpty();
    }
}
