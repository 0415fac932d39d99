package nl.knooppunt.validation.standard;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import nl.knooppunt.standard.catalogue.Catalogue;
import nl.knooppunt.standard.catalogue.MessageType;
import nl.knooppunt.standard.catalogue.Module;
import nl.knooppunt.standard.validation.RuleCodes;
import nl.knooppunt.standard.validation.ViolationCodes;

/** docs/standard.md documents every module, every message type and every code a vendor can receive. */
class StandardDocumentationTest {

    private static final Set<String> ASSERTING_KEYWORDS = Set.of("type", "required", "additionalProperties", "enum",
            "const", "pattern", "format", "minLength", "maxLength", "minimum", "maximum", "minItems", "maxItems");

    @Test
    void everyCodeModuleAndTypeIsDocumented() throws Exception {
        String doc = Files.readString(Path.of("..", "docs", "standard.md"), StandardCharsets.UTF_8);
        List<String> missing = new ArrayList<>();
        ViolationCodes.all().keySet().stream().filter(code -> !doc.contains("`" + code + "`")).forEach(missing::add);
        RuleCodes.all().keySet().stream().filter(code -> !doc.contains("`" + code + "`")).forEach(missing::add);
        for (Module module : Catalogue.standard().modules()) {
            if (!doc.contains("`" + module.id() + "`, version " + module.version())) {
                missing.add(module.id());
            }
            for (MessageType type : module.messageTypes()) {
                if (!doc.contains("| `" + type.type() + "` | " + type.description())) {
                    missing.add(module.id() + "/" + type.type());
                }
            }
        }
        Set<String> keywords = new TreeSet<>();
        Catalogue.standard().modules().forEach(m -> m.messageTypes().forEach(t -> keywords(t.schema(), keywords)));
        keywords.stream().filter(k -> !doc.contains("`schema." + k + "`")).forEach(k -> missing.add("schema." + k));
        assertEquals(List.of(), missing);
    }

    private static void keywords(JsonNode schema, Set<String> found) {
        if (schema.isObject()) {
            schema.fields().forEachRemaining(field -> {
                if (ASSERTING_KEYWORDS.contains(field.getKey()) && !field.getValue().isObject()) {
                    found.add(field.getKey());
                }
                keywords(field.getValue(), found);
            });
        } else if (schema.isArray()) {
            schema.forEach(item -> keywords(item, found));
        }
    }
}
