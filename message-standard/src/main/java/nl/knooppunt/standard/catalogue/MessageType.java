package nl.knooppunt.standard.catalogue;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One message type of the standard.
 *
 * @param module                 the module it belongs to
 * @param type                   its name, e.g. {@code saldoverzoek}
 * @param title                  Dutch title
 * @param description            what it is for
 * @param senders                participant kinds that may send it
 * @param recipients             participant kinds that may receive it
 * @param answers                the message types that may answer it
 * @param answersTo              the message types it answers (empty: it starts a conversation)
 * @param replyPeriodWorkingDays working days the recipient has to answer a request, or null when none
 * @param multipleAnswers        whether a request of this type may be answered more than once (status messages)
 * @param closesConversation     whether the conversation accepts no more answers once a message of this type is in it
 * @param requiredAttachments    per sender kind, the kinds of attachment ({@code bijlagen[].soort}) it must attach
 * @param schema                 its JSON Schema (2020-12)
 * @param example                a realistic example payload that validates
 */
public record MessageType(String module, String type, String title, String description,
        List<ParticipantKind> senders, List<ParticipantKind> recipients, List<String> answers,
        List<String> answersTo, Integer replyPeriodWorkingDays, boolean multipleAnswers, boolean closesConversation,
        Map<ParticipantKind, List<String>> requiredAttachments, JsonNode schema, JsonNode example) {

    /** Whether this type starts a conversation rather than answering a message. */
    public boolean isRequest() {
        return answersTo.isEmpty();
    }

    /** The kinds of attachment a sender of this kind must attach; empty when none. */
    public List<String> requiredAttachmentsFor(ParticipantKind kind) {
        return kind == null ? List.of() : requiredAttachments.getOrDefault(kind, List.of());
    }
}
