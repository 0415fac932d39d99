package nl.knooppunt.portal.standard;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirementsSet;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.databind.JsonNode;

import nl.knooppunt.kit.problem.ProblemException;
import nl.knooppunt.standard.catalogue.Catalogue;
import nl.knooppunt.standard.catalogue.MessageType;
import nl.knooppunt.standard.catalogue.Module;
import nl.knooppunt.standard.catalogue.ParticipantKind;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** The message standard, readable by anyone: modules, message types, JSON Schemas and examples. */
@Path("/api/v1/standard")
@Tag(name = "Standard", description = "The message standard: modules, types, schemas, examples")
@Produces(MediaType.APPLICATION_JSON)
@SecurityRequirementsSet
public class StandardResource {

    /**
     * A message type without its schema.
     *
     * @param type                   name
     * @param title                  Dutch title
     * @param description            what it is for
     * @param senders                kinds of participant that may send it
     * @param recipients             kinds of participant that may receive it
     * @param answers                message types that may answer it
     * @param answersTo              message types it answers
     * @param replyPeriodWorkingDays working days the recipient has to answer (requests), or null
     * @param multipleAnswers        whether a request may be answered more than once
     * @param closesConversation     whether the conversation accepts no more answers after this message
     * @param requiredAttachments    per sender kind, the kinds of attachment it must include
     */
    public record TypeSummary(String type, String title, String description, List<String> senders,
            List<String> recipients, List<String> answers, List<String> answersTo, Integer replyPeriodWorkingDays,
            boolean multipleAnswers, boolean closesConversation, Map<String, List<String>> requiredAttachments) {
    }

    /**
     * A module with its message types.
     *
     * @param id           name
     * @param version      version of its definition
     * @param title        Dutch title
     * @param description  what it is for
     * @param participantKinds kinds of participant that may use the module
     * @param messageTypes its message types
     */
    public record ModuleSummary(String id, String version, String title, String description,
            List<String> participantKinds, List<TypeSummary> messageTypes) {
    }

    /**
     * A message type in full.
     *
     * @param module      module
     * @param version     module version
     * @param type        name
     * @param title       Dutch title
     * @param description what it is for
     * @param senders     kinds of participant that may send it
     * @param recipients  kinds of participant that may receive it
     * @param answers     message types that may answer it
     * @param answersTo   message types it answers
     * @param replyPeriodWorkingDays working days the recipient has to answer (requests), or null
     * @param multipleAnswers        whether a request may be answered more than once
     * @param closesConversation     whether the conversation accepts no more answers after this message
     * @param requiredAttachments    per sender kind, the kinds of attachment it must include
     * @param schema      JSON Schema (2020-12) of the payload
     * @param example     an example payload that validates
     */
    public record TypeDetail(String module, String version, String type, String title, String description,
            List<String> senders, List<String> recipients, List<String> answers, List<String> answersTo,
            Integer replyPeriodWorkingDays, boolean multipleAnswers, boolean closesConversation,
            Map<String, List<String>> requiredAttachments, JsonNode schema, JsonNode example) {
    }

    @GET
    @Operation(operationId = "listStandardModules", summary = "Modules and message types of the standard",
            description = "Public: no token needed.")
    @APIResponse(responseCode = "200", description = "Every module with its message types")
    public List<ModuleSummary> modules() {
        return Catalogue.standard().modules().stream().map(StandardResource::summary).toList();
    }

    @GET
    @Path("/{module}/{type}")
    @Operation(operationId = "getMessageType", summary = "A message type with its JSON Schema and an example payload",
            description = "Public: no token needed.")
    @APIResponse(responseCode = "200", description = "The message type with its JSON Schema (2020-12) and example")
    @APIResponse(responseCode = "404", ref = "NotFound")
    public TypeDetail type(@PathParam("module") String module, @PathParam("type") String type) {
        Module m = Catalogue.standard().module(module)
                .orElseThrow(() -> ProblemException.notFound("the standard has no module '" + module + "'"));
        MessageType t = Catalogue.standard().messageType(module, type)
                .orElseThrow(() -> ProblemException.notFound("module '" + module + "' has no type '" + type + "'"));
        return new TypeDetail(m.id(), m.version(), t.type(), t.title(), t.description(), kinds(t.senders()),
                kinds(t.recipients()), t.answers(), t.answersTo(), t.replyPeriodWorkingDays(), t.multipleAnswers(),
                t.closesConversation(), attachments(t), t.schema(), t.example());
    }

    private static ModuleSummary summary(Module m) {
        return new ModuleSummary(m.id(), m.version(), m.title(), m.description(), kinds(m.participantKinds()),
                m.messageTypes().stream()
                        .map(t -> new TypeSummary(t.type(), t.title(), t.description(), kinds(t.senders()),
                                kinds(t.recipients()), t.answers(), t.answersTo(), t.replyPeriodWorkingDays(),
                                t.multipleAnswers(), t.closesConversation(), attachments(t)))
                        .toList());
    }

    private static List<String> kinds(List<ParticipantKind> kinds) {
        return kinds.stream().map(ParticipantKind::apiName).toList();
    }

    private static Map<String, List<String>> attachments(MessageType t) {
        Map<String, List<String>> byKind = new TreeMap<>();
        t.requiredAttachments().forEach((kind, soorten) -> byKind.put(kind.apiName(), soorten));
        return byKind;
    }
}
