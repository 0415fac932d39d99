package nl.knooppunt.standard.catalogue;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

/**
 * Makes a message schema self-contained: every {@code $ref} into the shared schema ({@value #SHARED_ID}) becomes a
 * local {@code #/$defs/<name>}, and the shared definitions it reaches (directly or through each other) are copied into
 * the schema's own {@code $defs}, sorted by name. The standard defines persoon, adres, periode, organisatie, bijlagen
 * and the rest once (the shared schema), and every client of {@code GET /api/v1/standard}, the validator and the
 * portal's forms still read one schema with no reference to fetch.
 */
public final class SchemaBundler {

    /** The {@code $id} of the shared schema ({@code standard/schemas/common.schema.json}). */
    public static final String SHARED_ID = "https://knooppunt.nl/standard/common.schema.json";

    private static final String SHARED_REF = SHARED_ID + "#/$defs/";
    private static final String LOCAL_REF = "#/$defs/";

    private final JsonNode shared;

    /** A bundler that copies definitions from {@code shared}, the shared schema. */
    public SchemaBundler(JsonNode shared) {
        if (!SHARED_ID.equals(shared.path("$id").asText())) {
            throw new IllegalArgumentException("the shared schema must have $id " + SHARED_ID);
        }
        this.shared = shared;
    }

    /** The schema, bundled: a new tree, the argument is left as it is. */
    public JsonNode bundle(JsonNode schema) {
        ObjectNode bundled = schema.deepCopy();
        Map<String, JsonNode> defs = new TreeMap<>();
        bundled.path("$defs").fields().forEachRemaining(e -> defs.put(e.getKey(), e.getValue()));
        Deque<String> wanted = new ArrayDeque<>();
        rewrite(bundled, wanted);
        while (!wanted.isEmpty()) {
            String name = wanted.pop();
            if (defs.containsKey(name)) {
                continue;
            }
            JsonNode def = shared.path("$defs").get(name);
            if (def == null) {
                throw new IllegalStateException("the shared schema has no definition " + name);
            }
            JsonNode copy = def.deepCopy();
            defs.put(name, copy);
            rewrite(copy, wanted);
            localRefs(copy, wanted);
        }
        if (!defs.isEmpty()) {
            ObjectNode ordered = bundled.objectNode();
            defs.forEach(ordered::set);
            bundled.set("$defs", ordered);
        }
        return bundled;
    }

    /** Turns every shared reference below {@code node} into a local one, noting the definitions it needs. */
    private static void rewrite(JsonNode node, Deque<String> wanted) {
        if (node instanceof ObjectNode object) {
            JsonNode ref = object.get("$ref");
            if (ref != null && ref.isTextual() && ref.asText().startsWith(SHARED_REF)) {
                String name = ref.asText().substring(SHARED_REF.length());
                object.set("$ref", TextNode.valueOf(LOCAL_REF + name));
                wanted.push(name);
            }
            for (Iterator<JsonNode> it = object.elements(); it.hasNext();) {
                rewrite(it.next(), wanted);
            }
        } else if (node instanceof ArrayNode array) {
            array.forEach(item -> rewrite(item, wanted));
        }
    }

    /** Notes the definitions a shared definition reaches through local references (within the shared schema). */
    private static void localRefs(JsonNode node, Deque<String> wanted) {
        if (node instanceof ObjectNode object) {
            JsonNode ref = object.get("$ref");
            if (ref != null && ref.isTextual() && ref.asText().startsWith(LOCAL_REF)) {
                wanted.push(ref.asText().substring(LOCAL_REF.length()));
            }
            object.elements().forEachRemaining(child -> localRefs(child, wanted));
        } else if (node instanceof ArrayNode array) {
            array.forEach(item -> localRefs(item, wanted));
        }
    }
}
