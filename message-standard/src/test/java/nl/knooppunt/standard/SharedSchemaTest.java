package nl.knooppunt.standard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import nl.knooppunt.standard.catalogue.Catalogue;
import nl.knooppunt.standard.catalogue.MessageType;
import nl.knooppunt.standard.catalogue.SchemaBundler;

/**
 * The standard's shared definitions are written once (standard/schemas/common.schema.json), and every message schema
 * the catalogue hands out is bundled: self-contained, with only local references that all resolve.
 */
class SharedSchemaTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Set<String> SHARED = Set.of("adres", "betaalgegevens", "bijlagen", "contactpersoon",
            "organisatie", "periode", "persoon", "vordering");

    @Test
    void theSharedDefinitionsAreWrittenOnlyInTheSharedSchema() throws IOException {
        JsonNode shared = Catalogue.standard().sharedSchema();
        assertEquals(SchemaBundler.SHARED_ID, shared.path("$id").asText());
        Set<String> names = new TreeSet<>();
        shared.path("$defs").fieldNames().forEachRemaining(names::add);
        assertEquals(new TreeSet<>(SHARED), names);
        for (MessageType type : types()) {
            JsonNode source = source(type);
            source.path("$defs").fieldNames().forEachRemaining(name -> assertFalse(SHARED.contains(name),
                    type.module() + "/" + type.type() + " defines " + name + " again"));
        }
    }

    @Test
    void everyBundledSchemaHasOnlyLocalReferencesThatResolve() {
        int shared = 0;
        for (MessageType type : types()) {
            List<String> refs = new ArrayList<>();
            refs(type.schema(), refs);
            for (String ref : refs) {
                assertTrue(ref.startsWith("#/"), type.type() + ": " + ref);
                assertFalse(type.schema().at(ref.substring(1)).isMissingNode(), type.type() + ": " + ref);
            }
            shared += refs.stream().filter(r -> SHARED.contains(r.substring(r.lastIndexOf('/') + 1))).count();
        }
        assertTrue(shared > 0, "no message uses a shared definition");
    }

    @Test
    void aSaldoverzoekCarriesPersoonAdresAndBijlagen() {
        JsonNode schema = Catalogue.standard().messageType("schuldinventarisatie", "saldoverzoek").orElseThrow()
                .schema();
        assertEquals(List.of("adres", "bijlagen", "persoon"), names(schema.path("$defs")));
        assertEquals("#/$defs/persoon", schema.at("/properties/client/$ref").asText());
        assertEquals("#/$defs/adres", schema.at("/$defs/persoon/properties/adres/$ref").asText());
    }

    private static List<MessageType> types() {
        return Catalogue.standard().modules().stream().flatMap(m -> m.messageTypes().stream()).toList();
    }

    private static JsonNode source(MessageType type) throws IOException {
        String resource = "standard/schemas/" + type.module() + "/" + type.type() + ".schema.json";
        try (InputStream in = SharedSchemaTest.class.getClassLoader().getResourceAsStream(resource)) {
            return MAPPER.readTree(in);
        }
    }

    private static List<String> names(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static void refs(JsonNode node, List<String> into) {
        if (node.isObject()) {
            if (node.path("$ref").isTextual()) {
                into.add(node.get("$ref").asText());
            }
            node.elements().forEachRemaining(child -> refs(child, into));
        } else if (node.isArray()) {
            node.forEach(child -> refs(child, into));
        }
    }
}
