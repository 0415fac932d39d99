package nl.knooppunt.portal.web;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.qute.TemplateData;

/**
 * An HTML form generated from a message type's JSON Schema: one input per leaf field, named by its JSON pointer into
 * the payload (so a violation's pointer names its input), labelled with the field's Dutch description; nested objects
 * become fieldsets. Arrays of objects get as many rows as they require (at least one when required); attachments
 * ({@code bijlagen}) are not offered in the portal yet.
 */
public final class SchemaForm {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final Set<String> SKIPPED = Set.of("bijlagen");

    private final JsonNode root;
    private final List<Item> items = new ArrayList<>();
    private final List<Item> fields = new ArrayList<>();

    /**
     * One line of the flattened form: the start or end of a fieldset, or an input.
     *
     * @param kind        {@code start}, {@code end} or {@code field}
     * @param pointer     JSON pointer of the field in the payload, also the input's name
     * @param id          the input's HTML id
     * @param label       the label: the field's name, readable
     * @param hint        the field's description from the standard
     * @param input       {@code text}, {@code number}, {@code date}, {@code email}, {@code select}, {@code textarea}
     *                    or {@code checkbox}
     * @param jsonType    the schema type: string, integer, number or boolean
     * @param required    whether the schema requires it (within its parent)
     * @param options     the allowed values of an enum
     * @param value       the value to show (the user's input, or a pre-filled reference)
     * @param errors      violations reported for this field
     */
    @TemplateData
    public record Item(String kind, String pointer, String id, String label, String hint, String input,
            String jsonType, boolean required, List<String> options, String value, List<String> errors) {

        public boolean isStart() {
            return "start".equals(kind);
        }

        public boolean isEnd() {
            return "end".equals(kind);
        }

        public boolean hasErrors() {
            return errors != null && !errors.isEmpty();
        }

        /** Whether the description adds to the label. */
        public boolean showHint() {
            return hint != null && !hint.isBlank() && !hint.replaceAll("\\.$", "").equals(label);
        }

        /** The ids of the hint and error messages that describe the input, for {@code aria-describedby}. */
        public String describedBy() {
            StringBuilder ids = new StringBuilder(showHint() ? id + "-hint" : "");
            for (int i = 1; errors != null && i <= errors.size(); i++) {
                ids.append(ids.isEmpty() ? "" : " ").append(id).append("-fout-").append(i);
            }
            return ids.toString();
        }

        public boolean isSelected(String option) {
            return option.equals(value);
        }

        Item with(String newValue, List<String> newErrors) {
            return new Item(kind, pointer, id, label, hint, input, jsonType, required, options, newValue, newErrors);
        }
    }

    private SchemaForm(JsonNode schema) {
        this.root = schema;
        walk(schema, "", true, null, null, null);
    }

    /** The form of a type's schema. */
    public static SchemaForm of(JsonNode schema) {
        return new SchemaForm(schema);
    }

    /** The flattened form, without values. */
    public List<Item> items() {
        return List.copyOf(items);
    }

    /** The form with the given values (by pointer) and errors (by pointer) filled in. */
    public List<Item> render(Map<String, String> values, Map<String, List<String>> errors) {
        return items.stream().map(item -> item.kind().equals("field")
                ? item.with(values.getOrDefault(item.pointer(), ""), errors.getOrDefault(item.pointer(), List.of()))
                : item).toList();
    }

    /** Pointers of every input of the form. */
    public Set<String> pointers() {
        Set<String> pointers = new HashSet<>();
        fields.forEach(f -> pointers.add(f.pointer()));
        return pointers;
    }

    /**
     * The payload from the submitted values: blank inputs are left out, numbers become JSON numbers (or stay text
     * when they are not numbers, so validation names the field), and objects or arrays left wholly empty are omitted.
     */
    public ObjectNode payload(Map<String, String> values) {
        ObjectNode payload = JSON.objectNode();
        for (Item field : fields) {
            String raw = values.get(field.pointer());
            if (raw == null || raw.isBlank()) {
                continue;
            }
            put(payload, field.pointer(), convert(field, raw.trim()));
        }
        return payload;
    }

    /** The values of a payload by pointer, for pre-filling the form (e.g. the references of a request). */
    public Map<String, String> valuesOf(JsonNode payload) {
        Map<String, String> values = new java.util.HashMap<>();
        for (Item field : fields) {
            JsonNode node = payload.at(field.pointer());
            if (!node.isMissingNode() && node.isValueNode() && !node.isNull()) {
                values.put(field.pointer(), node.asText());
            }
        }
        return values;
    }

    private void walk(JsonNode schema, String pointer, boolean required, String name, String description) {
        walk(schema, pointer, required, name, description, null);
    }

    private void walk(JsonNode schema, String pointer, boolean required, String name, String description,
            String rowLabel) {
        JsonNode resolved = resolve(schema);
        String type = resolved.path("type").asText("");
        String hint = description != null ? description : resolved.path("description").asText("");
        if ("object".equals(type) || resolved.has("properties")) {
            if (name != null || rowLabel != null) {
                items.add(new Item("start", pointer, id(pointer), rowLabel != null ? rowLabel : shortLabel(hint, name),
                        rowLabel != null ? null : hint, null, null, required, List.of(),
                        null, List.of()));
            }
            Set<String> requiredProps = new HashSet<>();
            resolved.path("required").forEach(r -> requiredProps.add(r.asText()));
            Iterator<Map.Entry<String, JsonNode>> props = resolved.path("properties").fields();
            while (props.hasNext()) {
                Map.Entry<String, JsonNode> prop = props.next();
                if (SKIPPED.contains(prop.getKey())) {
                    continue;
                }
                String propDescription = prop.getValue().has("description")
                        ? prop.getValue().get("description").asText() : null;
                walk(prop.getValue(), pointer + "/" + escape(prop.getKey()), requiredProps.contains(prop.getKey()),
                        prop.getKey(), propDescription);
            }
            if (name != null || rowLabel != null) {
                items.add(new Item("end", pointer, id(pointer), null, null, null, null, required, List.of(), null,
                        List.of()));
            }
            return;
        }
        if ("array".equals(type)) {
            int rows = Math.max(resolved.path("minItems").asInt(0), required ? 1 : 0);
            for (int i = 0; i < rows; i++) {
                JsonNode itemSchema = resolved.path("items");
                String itemDescription = itemSchema.has("description") ? itemSchema.get("description").asText()
                        : hint;
                walk(itemSchema, pointer + "/" + i, true, null, itemDescription, label(name) + " " + (i + 1));
            }
            return;
        }
        List<String> options = new ArrayList<>();
        resolved.path("enum").forEach(o -> options.add(o.asText()));
        String input = input(resolved, type, options);
        Item field = new Item("field", pointer, id(pointer), shortLabel(hint, name), hint, input, type, required,
                List.copyOf(options), null, List.of());
        items.add(field);
        fields.add(field);
    }

    private JsonNode resolve(JsonNode schema) {
        JsonNode current = schema;
        for (int depth = 0; current.has("$ref") && depth < 10; depth++) {
            String ref = current.get("$ref").asText();
            if (!ref.startsWith("#")) {
                break;
            }
            current = root.at(ref.substring(1));
        }
        return current;
    }

    private static String input(JsonNode schema, String type, List<String> options) {
        if (!options.isEmpty()) {
            return "select";
        }
        return switch (type) {
            case "integer", "number" -> "number";
            case "boolean" -> "checkbox";
            default -> {
                String format = schema.path("format").asText("");
                if ("date".equals(format)) {
                    yield "date";
                }
                if ("email".equals(format)) {
                    yield "email";
                }
                yield schema.path("maxLength").asInt(0) > 500 ? "textarea" : "text";
            }
        };
    }

    private static JsonNode convert(Item field, String raw) {
        try {
            return switch (field.jsonType()) {
                case "integer" -> JSON.numberNode(Long.parseLong(raw));
                case "number" -> JSON.numberNode(new BigDecimal(raw.replace(',', '.')));
                case "boolean" -> JSON.booleanNode("true".equals(raw));
                default -> JSON.textNode(raw);
            };
        } catch (NumberFormatException e) {
            return JSON.textNode(raw);
        }
    }

    private static void put(ObjectNode payload, String pointer, JsonNode value) {
        String[] parts = pointer.substring(1).split("/");
        JsonNode parent = payload;
        for (int i = 0; i < parts.length - 1; i++) {
            String part = unescape(parts[i]);
            boolean nextIsIndex = parts[i + 1].matches("\\d+");
            parent = child(parent, part, nextIsIndex);
        }
        String last = unescape(parts[parts.length - 1]);
        if (parent instanceof ObjectNode object) {
            object.set(last, value);
        } else if (parent instanceof ArrayNode array) {
            setIndex(array, Integer.parseInt(last), value);
        }
    }

    private static JsonNode child(JsonNode parent, String part, boolean array) {
        if (parent instanceof ObjectNode object) {
            JsonNode existing = object.get(part);
            if (existing == null) {
                existing = array ? object.putArray(part) : object.putObject(part);
            }
            return existing;
        }
        ArrayNode list = (ArrayNode) parent;
        int index = Integer.parseInt(part);
        JsonNode existing = index < list.size() ? list.get(index) : null;
        if (existing == null || existing.isNull()) {
            existing = array ? JSON.arrayNode() : JSON.objectNode();
            setIndex(list, index, existing);
        }
        return existing;
    }

    private static void setIndex(ArrayNode array, int index, JsonNode value) {
        while (array.size() <= index) {
            array.addNull();
        }
        array.set(index, value);
    }

    /** A readable Dutch label from a camelCase field name: {@code referentieSchuldhulpverlener} to "Referentie schuldhulpverlener". */
    static String label(String name) {
        if (name == null) {
            return "";
        }
        String spaced = name.replaceAll("InCenten$", " (in centen)").replaceAll("([a-z0-9])([A-Z])", "$1 $2")
                .toLowerCase(java.util.Locale.ROOT);
        spaced = spaced.replace("bsn", "BSN").replace("iban", "IBAN");
        return Character.toUpperCase(spaced.charAt(0)) + spaced.substring(1);
    }

    /** The label of a field: the first phrase of its description in the standard, else its readable name. */
    static String shortLabel(String description, String name) {
        if (description == null || description.isBlank()) {
            return label(name);
        }
        String phrase = description.split("[:;]|\\.( |$)", 2)[0].trim();
        return phrase.isEmpty() ? label(name) : phrase;
    }

    static String id(String pointer) {
        return "veld" + pointer.replace('/', '-').replace('~', '_');
    }

    private static String escape(String key) {
        return key.replace("~", "~0").replace("/", "~1");
    }

    private static String unescape(String part) {
        return part.replace("~1", "/").replace("~0", "~");
    }
}
