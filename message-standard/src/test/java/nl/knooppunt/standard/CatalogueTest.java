package nl.knooppunt.standard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import nl.knooppunt.standard.catalogue.Catalogue;
import nl.knooppunt.standard.catalogue.MessageType;
import nl.knooppunt.standard.envelope.Violation;
import nl.knooppunt.standard.validation.PayloadValidator;

class CatalogueTest {

    private final Catalogue catalogue = Catalogue.standard();
    private final PayloadValidator validator = new PayloadValidator();

    @Test
    void everyExampleValidatesAgainstItsSchema() {
        catalogue.modules().forEach(m -> m.messageTypes().forEach(t ->
                assertEquals(List.of(), validator.validate(t, t.example()), t.module() + "/" + t.type())));
    }

    @Test
    void answersAndRequestsReferToEachOther() {
        catalogue.modules().forEach(m -> m.messageTypes().forEach(t -> {
            t.answers().forEach(a -> assertTrue(catalogue.messageType(m.id(), a).orElseThrow().answersTo()
                    .contains(t.type()), a + " answers " + t.type()));
        }));
    }

    @Test
    void violationsNamePointerAndCodeButNeverTheValue() {
        MessageType saldoverzoek = catalogue.messageType("schuldinventarisatie", "saldoverzoek").orElseThrow();
        ObjectNode payload = saldoverzoek.example().deepCopy();
        ((ObjectNode) payload.get("client")).put("bsn", "GEHEIM-12");
        ((ObjectNode) payload.get("client")).remove("achternaam");
        payload.put("onbekendVeld", "x");
        payload.put("peildatum", "2026-13-45");

        List<Violation> violations = validator.validate(saldoverzoek, payload);

        assertTrue(violations.contains(new Violation("schema.pattern", "/client/bsn",
                "does not have the required format")), violations::toString);
        assertTrue(violations.contains(new Violation("schema.required", "/client/achternaam", "is required")),
                violations::toString);
        assertTrue(violations.contains(new Violation("schema.additionalProperties", "/onbekendVeld",
                "is not a field of this message type")), violations::toString);
        assertTrue(violations.stream().anyMatch(v -> v.pointer().equals("/peildatum")
                && v.code().equals("schema.format")), violations::toString);
        assertTrue(violations.stream().noneMatch(v -> v.message().contains("GEHEIM")), violations::toString);
    }

    @Test
    void kindOfDebtIsAnEnumeration() {
        MessageType antwoord = catalogue.messageType("schuldinventarisatie", "saldoverzoek-antwoord").orElseThrow();
        ObjectNode payload = antwoord.example().deepCopy();
        ((ObjectNode) payload.get("vorderingen").get(0)).put("soortSchuld", "Hypotheek");
        List<Violation> violations = validator.validate(antwoord, payload);
        assertEquals(1, violations.size(), violations::toString);
        assertEquals("schema.enum", violations.get(0).code());
        assertEquals("/vorderingen/0/soortSchuld", violations.get(0).pointer());
    }
}
