package nl.knooppunt.standard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import nl.knooppunt.standard.catalogue.Catalogue;
import nl.knooppunt.standard.catalogue.MessageType;
import nl.knooppunt.standard.catalogue.Module;
import nl.knooppunt.standard.envelope.Violation;
import nl.knooppunt.standard.validation.MessageValidator;
import nl.knooppunt.standard.validation.PayloadValidator;

class CatalogueTest {

    private static void undescribedFields(JsonNode schema, String path, List<String> undescribed) {
        JsonNode properties = schema.path("properties");
        properties.fields().forEachRemaining(field -> {
            if (!field.getValue().hasNonNull("description")) {
                undescribed.add(path + "/" + field.getKey());
            }
            undescribedFields(field.getValue(), path + "/" + field.getKey(), undescribed);
        });
        schema.path("$defs").fields().forEachRemaining(def -> undescribedFields(def.getValue(), "#" + def.getKey(),
                undescribed));
        if (schema.has("items")) {
            undescribedFields(schema.get("items"), path + "[]", undescribed);
        }
    }

    private final Catalogue catalogue = Catalogue.standard();
    private final PayloadValidator validator = new PayloadValidator();
    private final MessageValidator rules = new MessageValidator(validator,
            Clock.fixed(Instant.parse("2026-11-28T12:00:00Z"), MessageValidator.ZONE));

    @Test
    void everyExampleValidatesAgainstItsSchema() {
        catalogue.modules().forEach(m -> m.messageTypes().forEach(t ->
                assertEquals(List.of(), validator.validate(t, t.example()), t.module() + "/" + t.type())));
    }

    @Test
    void everyExamplePassesEveryRuleForEachKindThatMaySendIt() {
        catalogue.modules().forEach(m -> m.messageTypes().forEach(t -> t.senders().forEach(kind -> {
            List<Violation> expected = new ArrayList<>();
            List<String> attached = t.example().path("bijlagen").findValuesAsText("soort");
            t.requiredAttachmentsFor(kind).stream().filter(soort -> !attached.contains(soort))
                    .forEach(soort -> expected.add(new Violation("attachment.required", "/bijlagen", "a " + t.type()
                            + " from a participant of kind " + kind.apiName() + " must have an attachment of soort "
                            + soort)));
            assertEquals(expected, rules.validate(t, t.example(), kind), t.module() + "/" + t.type() + " " + kind);
        })));
    }

    @Test
    void everyModuleAndMessageTypeOfTheIssueIsThere() {
        Map<String, List<String>> expected = Map.of(
                "schuldinventarisatie", List.of("saldoverzoek", "saldoverzoek-antwoord",
                        "saldoverzoek-antwoord-vooraf-akkoord", "geen-medewerking"),
                "betalingsregeling", List.of("betaalvoorstel", "heroverweging", "betaalvoorstel-antwoord"),
                "schuldregeling", List.of("kennisgeving", "kennisgeving-publiek", "kennisgeving-antwoord",
                        "geen-medewerking", "saldoverzoek", "saldoverzoek-antwoord",
                        "saldoverzoek-antwoord-vooraf-akkoord", "betaalvoorstel", "heroverweging",
                        "betaalvoorstel-antwoord", "schuldregeling-akkoord", "schuldregeling-beeindigd", "statusverzoek",
                        "statusbericht"),
                "waarborgfonds", List.of("aanvraag-borgstelling", "beeindiging-borgstelling",
                        "uitbetaling-borgstelling", "besluit-borgstelling"),
                "meldingen-bewindvoering", List.of("melding-bewind", "melding-wsnp", "ontvangstbevestiging"),
                "landelijke-pauzeknop", List.of("kennisgeving", "pauze-bevestiging"));
        assertEquals(expected.keySet(), catalogue.modules().stream().map(Module::id).collect(Collectors.toSet()));
        expected.forEach((module, types) -> assertEquals(Set.copyOf(types), catalogue.module(module).orElseThrow()
                .messageTypes().stream().map(MessageType::type).collect(Collectors.toSet()), module));
    }

    @Test
    void everyFieldOfEverySchemaIsDescribed() {
        catalogue.modules().forEach(m -> m.messageTypes().forEach(t -> {
            List<String> undescribed = new ArrayList<>();
            undescribedFields(t.schema(), "", undescribed);
            assertEquals(List.of(), undescribed, t.module() + "/" + t.type());
            assertEquals("https://json-schema.org/draft/2020-12/schema", t.schema().path("$schema").asText());
        }));
    }

    @Test
    void kindsOfSendersAndRecipientsMayUseTheModule() {
        catalogue.modules().forEach(m -> m.messageTypes().forEach(t -> {
            assertTrue(m.participantKinds().containsAll(t.senders()), t.module() + "/" + t.type());
            assertTrue(m.participantKinds().containsAll(t.recipients()), t.module() + "/" + t.type());
            assertFalse(t.senders().isEmpty(), t.type());
            assertFalse(t.recipients().isEmpty(), t.type());
            t.answers().forEach(a -> {
                MessageType answer = catalogue.messageType(m.id(), a).orElseThrow();
                assertTrue(answer.recipients().stream().anyMatch(t.senders()::contains), a + " reaches " + t.type());
                assertTrue(t.recipients().stream().anyMatch(answer.senders()::contains), a + " sent by a recipient");
            });
            t.senders().forEach(kind -> assertTrue(t.answers().isEmpty() || t.answers().stream().anyMatch(a -> catalogue
                    .messageType(m.id(), a).orElseThrow().recipients().contains(kind)), kind + " gets an answer"));
            if (t.isRequest() && !t.answers().isEmpty()) {
                assertNotNull(t.replyPeriodWorkingDays(), "reply period of " + t.type());
            }
            assertFalse(t.multipleAnswers() && !t.isRequest(), t.type());
        }));
    }

    @Test
    void answersAndRequestsReferToEachOther() {
        catalogue.modules().forEach(m -> m.messageTypes().forEach(t -> {
            t.answers().forEach(a -> assertTrue(catalogue.messageType(m.id(), a).orElseThrow().answersTo()
                    .contains(t.type()), a + " answers " + t.type()));
            t.answersTo().forEach(r -> assertTrue(catalogue.messageType(m.id(), r).orElseThrow().answers()
                    .contains(t.type()), t.type() + " is listed as answer of " + r));
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
