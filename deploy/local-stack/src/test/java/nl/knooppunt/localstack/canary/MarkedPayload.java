package nl.knooppunt.localstack.canary;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import nl.knooppunt.standard.catalogue.MessageType;
import nl.knooppunt.standard.catalogue.ParticipantKind;
import nl.knooppunt.standard.validation.MessageValidator;

/**
 * A message type's example with a marker in every field the standard lets one into (also optional fields): the BSN
 * marker in {@code bsn}, the IBAN marker in {@code iban}, the date marker in date fields, the amount marker in
 * {@code *InCenten} amounts and the text marker in every other text field. A marker stays only where the payload still
 * passes the standard's schema, field and attachment rules for the sender's kind.
 */
public final class MarkedPayload {

    private static final MessageValidator VALIDATOR = new MessageValidator();

    private final ObjectNode payload;
    private final Map<String, JsonNode> originals = new LinkedHashMap<>();
    private final Map<String, String> markerAt = new LinkedHashMap<>();

    private MarkedPayload(ObjectNode payload) {
        this.payload = payload;
    }

    /** Marks a copy of {@code example}, which must be valid for the type and sender kind. */
    public static MarkedPayload of(MessageType type, JsonNode example, ParticipantKind sender, Markers markers) {
        MarkedPayload marked = new MarkedPayload((ObjectNode) example.deepCopy());
        List<?> before = VALIDATOR.validate(type, marked.payload, sender);
        if (!before.isEmpty()) {
            throw new IllegalStateException(type.module() + "/" + type.type() + ": the example is invalid " + before);
        }
        marked.mark(type, sender, markers, marked.payload, "", type.schema());
        return marked;
    }

    /** The payload as it stands. */
    public ObjectNode payload() {
        return payload;
    }

    /** Per JSON pointer, the name of the marker there. */
    public Map<String, String> markerAt() {
        return Map.copyOf(markerAt);
    }

    /** How many fields carry each marker. */
    public Map<String, Integer> fieldsPerMarker() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        markerAt.values().forEach(name -> counts.merge(name, 1, Integer::sum));
        return counts;
    }

    /** Puts the example's value back where the hub refused the marker for a rule beyond the standard's fields. */
    public boolean restore(List<String> pointers) {
        boolean any = false;
        for (String pointer : pointers) {
            if (!originals.containsKey(pointer)) {
                continue;
            }
            JsonNode original = originals.remove(pointer);
            markerAt.remove(pointer);
            int slash = pointer.lastIndexOf('/');
            JsonNode parent = payload.at(pointer.substring(0, slash));
            String last = pointer.substring(slash + 1);
            if (parent instanceof ObjectNode object) {
                if (original == null) {
                    object.remove(last);
                } else {
                    object.set(last, original);
                }
            } else if (parent instanceof ArrayNode array) {
                array.set(Integer.parseInt(last), original);
            }
            any = true;
        }
        return any;
    }

    private void mark(MessageType type, ParticipantKind sender, Markers markers, JsonNode node, String path,
            JsonNode schema) {
        JsonNode resolved = resolve(schema, type.schema());
        if (node instanceof ObjectNode object) {
            JsonNode properties = resolved.path("properties");
            for (Iterator<String> names = properties.fieldNames(); names.hasNext();) {
                String field = names.next();
                String pointer = path + "/" + field;
                JsonNode fieldSchema = resolve(properties.path(field), type.schema());
                JsonNode value = object.get(field);
                List<Map.Entry<String, JsonNode>> candidates = candidates(field, fieldSchema, markers);
                if (!candidates.isEmpty() && (value == null || value.isValueNode())) {
                    for (Map.Entry<String, JsonNode> candidate : candidates) {
                        object.set(field, candidate.getValue());
                        if (VALIDATOR.validate(type, payload, sender).isEmpty()) {
                            originals.put(pointer, value);
                            markerAt.put(pointer, candidate.getKey());
                            break;
                        }
                        if (value == null) {
                            object.remove(field);
                        } else {
                            object.set(field, value);
                        }
                    }
                } else if (value != null && !value.isValueNode()) {
                    mark(type, sender, markers, value, pointer, fieldSchema);
                }
            }
        } else if (node instanceof ArrayNode array) {
            JsonNode items = resolve(resolved.path("items"), type.schema());
            for (int i = 0; i < array.size(); i++) {
                JsonNode value = array.get(i);
                String pointer = path + "/" + i;
                if (value.isTextual()) {
                    array.set(i, TextNode.valueOf(markers.text()));
                    if (VALIDATOR.validate(type, payload, sender).isEmpty()) {
                        originals.put(pointer, value);
                        markerAt.put(pointer, "text");
                    } else {
                        array.set(i, value);
                    }
                } else {
                    mark(type, sender, markers, value, pointer, items);
                }
            }
        }
    }

    /** The markers to try in a field, best first: the one its name or format calls for, then free text. */
    private static List<Map.Entry<String, JsonNode>> candidates(String field, JsonNode schema, Markers markers) {
        String jsonType = schema.path("type").asText();
        List<Map.Entry<String, JsonNode>> candidates = new ArrayList<>();
        if (field.endsWith("InCenten") && ("integer".equals(jsonType) || "number".equals(jsonType))) {
            candidates.add(Map.entry("amount", LongNode.valueOf(markers.amount())));
        }
        if (!"string".equals(jsonType)) {
            return candidates;
        }
        if (field.equals("bsn")) {
            candidates.add(Map.entry("bsn", TextNode.valueOf(markers.bsn())));
        } else if (field.equals("iban")) {
            candidates.add(Map.entry("iban", TextNode.valueOf(markers.iban())));
        } else if ("date".equals(schema.path("format").asText()) || field.endsWith("datum") || field.endsWith("Tot")) {
            candidates.add(Map.entry("date", TextNode.valueOf(markers.date())));
        }
        candidates.add(Map.entry("text", TextNode.valueOf(markers.text())));
        return candidates;
    }

    private static JsonNode resolve(JsonNode schema, JsonNode rootSchema) {
        JsonNode current = schema;
        while (current.has("$ref") && current.path("$ref").asText().startsWith("#/")) {
            current = rootSchema.at(current.path("$ref").asText().substring(1));
        }
        return current;
    }
}
