package nl.knooppunt.portal.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.examples.Example;
import org.eclipse.microprofile.openapi.models.media.MediaType;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.smallrye.openapi.OpenApiFilter;
import nl.knooppunt.standard.catalogue.Catalogue;
import nl.knooppunt.standard.catalogue.MessageType;
import nl.knooppunt.standard.catalogue.ParticipantKind;

/**
 * Completes the OpenAPI document at build time with what holds for every operation of the API (ADR 0043), so no
 * resource can forget it: only {@code /api/} paths; 401, 403 and 503 on every authenticated operation; 400, 413 and
 * 415 on every operation with a body; 429 and 500 everywhere; {@code API-Version} and the rate-limit headers on every
 * response; optional fields that may be null; and every message type of the standard as an example of a submission.
 */
@OpenApiFilter(stages = OpenApiFilter.RunStage.BUILD)
public class ApiContract implements OASFilter {

    /** The demo creditor's OIN (Voorbeeld Energie B.V.): examples address creditors by OIN. */
    static final String CREDITOR_OIN = "00000003123456780000";
    /** The demo counsellor's participant id (Gemeente Voorbeeldstad): examples address the others by id. */
    static final String COUNSELLOR_ID = "6a1f0c43-2d2b-4c55-9a0e-3f1f7a0d2a01";
    /** Stands for the message an example answers. */
    static final String ANSWERED_ID = "0f8c2a4e-6b1d-4c3a-9e7f-2d5b8a1c3e90";

    private static final String RESPONSES = "#/components/responses/";
    private static final String HEADERS = "#/components/headers/";
    private static final List<String> EVERY_RESPONSE_HEADERS = List.of(ApiVersion.HEADER, "RateLimit-Limit",
            "RateLimit-Remaining");
    /** Schemas written by hand in META-INF/openapi.yaml, with their own required fields. */
    private static final List<String> HAND_WRITTEN = List.of("Problem", "Violation");

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        Map<String, PathItem> items = new LinkedHashMap<>(openAPI.getPaths().getPathItems());
        items.keySet().stream().filter(path -> !path.startsWith("/api/")).forEach(openAPI.getPaths()::removePathItem);
        openAPI.getPaths().getPathItems().values().forEach(item -> item.getOperations().values()
                .forEach(ApiContract::complete));
        if (openAPI.getComponents().getResponses() != null) {
            openAPI.getComponents().getResponses().values().forEach(ApiContract::everyResponseHeaders);
        }
        if (openAPI.getComponents().getSchemas() != null) {
            openAPI.getComponents().getSchemas().forEach((name, schema) -> {
                if (!HAND_WRITTEN.contains(name)) {
                    optionalMayBeNull(schema);
                }
            });
        }
        PathItem messages = openAPI.getPaths().getPathItem("/api/v1/messages");
        if (messages != null && messages.getPOST() != null && messages.getPOST().getRequestBody() != null) {
            MediaType json = messages.getPOST().getRequestBody().getContent().getMediaType("application/json");
            if (json != null) {
                json.setExamples(standardExamples());
            }
        }
    }

    private static void complete(Operation operation) {
        if (operation.getSecurity() != null && operation.getSecurity().stream()
                .allMatch(requirement -> requirement.getSchemes() == null || requirement.getSchemes().isEmpty())) {
            // public (@SecurityRequirementsSet without requirements): no token, as "security: []" says
            operation.setSecurity(new ArrayList<>());
        }
        boolean authenticated = operation.getSecurity() == null || !operation.getSecurity().isEmpty();
        APIResponses responses = operation.getResponses();
        if (operation.getRequestBody() != null) {
            add(responses, "400", "BadRequest");
            add(responses, "413", "PayloadTooLarge");
            add(responses, "415", "UnsupportedMediaType");
        }
        if (authenticated) {
            add(responses, "401", "Unauthorized");
            add(responses, "403", "Forbidden");
            add(responses, "503", "ServiceUnavailable");
        }
        add(responses, "429", "TooManyRequests");
        add(responses, "500", "InternalError");
        responses.getAPIResponses().values().forEach(ApiContract::everyResponseHeaders);
    }

    private static void add(APIResponses responses, String status, String component) {
        if (!responses.hasAPIResponse(status)) {
            responses.addAPIResponse(status, OASFactory.createAPIResponse().ref(RESPONSES + component));
        }
    }

    private static void everyResponseHeaders(APIResponse response) {
        if (response.getRef() != null) {
            return;
        }
        for (String header : EVERY_RESPONSE_HEADERS) {
            if (response.getHeaders() == null || !response.getHeaders().containsKey(header)) {
                response.addHeader(header, OASFactory.createHeader().ref(HEADERS + header));
            }
        }
    }

    /** A field that is not required may be left out or be null. */
    private static void optionalMayBeNull(Schema schema) {
        if (schema.getProperties() == null) {
            return;
        }
        List<String> required = schema.getRequired() == null ? List.of() : schema.getRequired();
        Map<String, Schema> properties = new LinkedHashMap<>(schema.getProperties());
        properties.forEach((name, property) -> {
            if (required.contains(name)) {
                return;
            }
            if (property.getRef() != null) {
                schema.addProperty(name, OASFactory.createSchema().anyOf(new ArrayList<>(List.of(
                        OASFactory.createSchema().ref(property.getRef()),
                        OASFactory.createSchema().addType(Schema.SchemaType.NULL)))));
            } else if (property.getType() != null && !property.getType().isEmpty()
                    && !property.getType().contains(Schema.SchemaType.NULL)) {
                property.addType(Schema.SchemaType.NULL);
            }
        });
    }

    /**
     * Every message type of the standard as a submission: its example payload, to the demo creditor by OIN or to the
     * demo counsellor by participant id, in reply to a message when the type answers one.
     */
    private static Map<String, Example> standardExamples() {
        ObjectMapper mapper = new ObjectMapper();
        Map<String, Example> examples = new LinkedHashMap<>();
        for (var module : Catalogue.standard().modules()) {
            for (MessageType type : module.messageTypes()) {
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("module", type.module());
                body.put("type", type.type());
                body.put("recipient", type.recipients().contains(ParticipantKind.CREDITOR) ? CREDITOR_OIN
                        : COUNSELLOR_ID);
                if (!type.answersTo().isEmpty()) {
                    body.put("inReplyTo", ANSWERED_ID);
                }
                body.put("payload", mapper.convertValue(type.example(), Object.class));
                examples.put(type.module() + "." + type.type(), OASFactory.createExample()
                        .summary(type.title() + " (" + type.module() + ")").value(body));
            }
        }
        return examples;
    }
}
