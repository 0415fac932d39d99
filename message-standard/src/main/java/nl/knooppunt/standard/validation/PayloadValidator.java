package nl.knooppunt.standard.validation;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.PathType;

import nl.knooppunt.standard.catalogue.MessageType;
import nl.knooppunt.standard.envelope.Violation;

/**
 * Checks a payload against its message type's JSON Schema (2020-12, formats asserted). Every violation carries a
 * stable code ({@code schema.<keyword>}), the JSON pointer of the offending field and a message built only from
 * the schema, never from the payload's values.
 */
public final class PayloadValidator {

    private final SchemaRegistry registry;
    private final Map<String, Schema> schemas = new ConcurrentHashMap<>();

    public PayloadValidator() {
        SchemaRegistryConfig config = SchemaRegistryConfig.builder()
                .formatAssertionsEnabled(true)
                .pathType(PathType.JSON_POINTER)
                .build();
        this.registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
                builder -> builder.schemaRegistryConfig(config));
    }

    /** All violations of the payload against the type's schema; empty when it conforms. */
    public List<Violation> validate(MessageType type, JsonNode payload) {
        if (payload == null || !payload.isObject()) {
            return List.of(new Violation("schema.type", "", "the payload must be a JSON object"));
        }
        Schema schema = schemas.computeIfAbsent(type.module() + "/" + type.type(),
                k -> registry.getSchema(type.schema()));
        List<Violation> violations = new ArrayList<>();
        for (Error error : schema.validate(payload)) {
            violations.add(toViolation(error));
        }
        violations.sort(Comparator.comparing(Violation::pointer).thenComparing(Violation::code));
        return List.copyOf(violations);
    }

    private static Violation toViolation(Error error) {
        String keyword = error.getKeyword() == null ? "invalid" : error.getKeyword();
        String location = error.getInstanceLocation() == null ? "" : error.getInstanceLocation().toString();
        if (location.equals("/")) {
            location = "";
        }
        String pointer = location;
        if (("required".equals(keyword) || "additionalProperties".equals(keyword)
                || "unevaluatedProperties".equals(keyword)) && error.getProperty() != null) {
            pointer = location + "/" + escape(error.getProperty());
        }
        return new Violation("schema." + keyword, pointer, describe(keyword, error.getSchemaNode()));
    }

    private static String describe(String keyword, JsonNode schemaValue) {
        String value = schemaValue == null ? "" : schemaValue.isTextual() ? schemaValue.asText()
                : schemaValue.toString();
        return switch (keyword) {
            case "required" -> "is required";
            case "additionalProperties", "unevaluatedProperties" -> "is not a field of this message type";
            case "type" -> "must be of type " + value;
            case "enum" -> "must be one of " + value;
            case "const" -> "must be " + value;
            case "pattern" -> "does not have the required format";
            case "format" -> "must be a valid " + value;
            case "minLength" -> "must be at least " + value + " characters long";
            case "maxLength" -> "must be at most " + value + " characters long";
            case "minimum" -> "must be at least " + value;
            case "maximum" -> "must be at most " + value;
            case "exclusiveMinimum" -> "must be more than " + value;
            case "exclusiveMaximum" -> "must be less than " + value;
            case "minItems" -> "must have at least " + value + " items";
            case "maxItems" -> "must have at most " + value + " items";
            case "uniqueItems" -> "must not contain duplicate items";
            default -> "does not conform to the standard (" + keyword + ")";
        };
    }

    private static String escape(String property) {
        return property.replace("~", "~0").replace("/", "~1");
    }
}
