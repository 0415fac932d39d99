package nl.knooppunt.portal.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import nl.knooppunt.standard.catalogue.Catalogue;

/** The forms generated from the standard's JSON Schemas. */
class SchemaFormTest {

    private static JsonNode schema(String type) {
        return Catalogue.standard().messageType("schuldinventarisatie", type).orElseThrow().schema();
    }

    @Test
    void everyFieldIsNamedByItsPointerAndLabelledFromItsDescription() {
        SchemaForm form = SchemaForm.of(schema("saldoverzoek"));
        SchemaForm.Item bsn = form.items().stream().filter(i -> "/client/bsn".equals(i.pointer())).findFirst()
                .orElseThrow();
        assertEquals("Burgerservicenummer", bsn.label());
        assertTrue(bsn.required());
        assertEquals("text", bsn.input());
        assertTrue(form.pointers().containsAll(List.of("/referentieSchuldhulpverlener", "/peildatum",
                "/client/adres/postcode", "/client/adres/huisnummer", "/partner/bsn")));
        assertFalse(form.pointers().stream().anyMatch(p -> p.startsWith("/bijlagen")));
        assertEquals("date", form.items().stream().filter(i -> "/peildatum".equals(i.pointer())).findFirst()
                .orElseThrow().input());
    }

    @Test
    void requiredArraysGetARowAndEnumsAChoice() {
        SchemaForm form = SchemaForm.of(schema("saldoverzoek-antwoord"));
        SchemaForm.Item soort = form.items().stream().filter(i -> "/vorderingen/0/soortSchuld".equals(i.pointer()))
                .findFirst().orElseThrow();
        assertEquals("select", soort.input());
        assertEquals(List.of("Zorg", "Publiek", "Nuts", "Overig"), soort.options());
    }

    @Test
    void payloadLeavesOutBlanksConvertsNumbersAndKeepsWhatIsNotANumber() {
        SchemaForm form = SchemaForm.of(schema("saldoverzoek-antwoord"));
        JsonNode payload = form.payload(Map.of("/referentieSchuldhulpverlener", " SHV-1 ",
                "/totaalSaldoInCenten", "89525", "/vorderingen/0/hoofdsomInCenten", "veel",
                "/vorderingen/0/soortSchuld", "Nuts", "/contactpersoon/naam", "", "/toelichting", "  "));
        assertEquals("SHV-1", payload.get("referentieSchuldhulpverlener").asText());
        assertTrue(payload.get("totaalSaldoInCenten").isIntegralNumber());
        assertEquals("veel", payload.at("/vorderingen/0/hoofdsomInCenten").asText());
        assertEquals("Nuts", payload.at("/vorderingen/0/soortSchuld").asText());
        assertFalse(payload.has("contactpersoon"));
        assertFalse(payload.has("toelichting"));
    }

    @Test
    void valuesOfARequestPrefillTheFieldsTheAnswerShares() {
        JsonNode request = Catalogue.standard().messageType("schuldinventarisatie", "saldoverzoek").orElseThrow()
                .example();
        Map<String, String> values = SchemaForm.of(schema("saldoverzoek-antwoord")).valuesOf(request);
        assertEquals(request.get("referentieSchuldhulpverlener").asText(), values.get("/referentieSchuldhulpverlener"));
        assertEquals(request.get("peildatum").asText(), values.get("/peildatum"));
        assertFalse(values.containsKey("/client/bsn"));
    }
}
