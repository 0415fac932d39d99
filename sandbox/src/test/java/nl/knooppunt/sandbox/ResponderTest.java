package nl.knooppunt.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import nl.knooppunt.standard.catalogue.Catalogue;
import nl.knooppunt.standard.catalogue.ParticipantKind;
import nl.knooppunt.standard.validation.MessageValidator;
import nl.knooppunt.standard.envelope.Violation;

/** The sandbox's answers pass the standard (checked with message-standard's validator), and its rules and markers. */
class ResponderTest {

    private static final Catalogue CATALOGUE = Catalogue.standard();
    private static final MessageValidator VALIDATOR = new MessageValidator();
    private final Responder responder = new Responder();

    private static ObjectNode example(String module, String type) {
        return (ObjectNode) CATALOGUE.messageType(module, type).orElseThrow().example().deepCopy();
    }

    private static List<Violation> violations(Responder.Outgoing out) {
        return VALIDATOR.validate(CATALOGUE.messageType(out.module(), out.type()).orElseThrow(), out.payload(),
                ParticipantKind.CREDITOR);
    }

    @ParameterizedTest
    @ValueSource(strings = { "SHV-2026-00417", "A", "dossier 12", "SHV-0001", "SHV-0002", "SHV-0003", "x-y-z" })
    void aSaldoverzoekGetsASaldoverzoekAntwoordThatPassesTheStandard(String reference) {
        ObjectNode request = example("schuldinventarisatie", "saldoverzoek").put("referentieSchuldhulpverlener",
                reference);
        Responder.Plan plan = responder.plan("m-1", "schuldinventarisatie", "saldoverzoek", "sender-1", request);
        assertEquals(1, plan.steps().size());
        Responder.Outgoing answer = plan.steps().get(0);
        assertEquals("saldoverzoek-antwoord", answer.type());
        assertEquals("m-1", answer.inReplyTo());
        assertEquals("sender-1", answer.recipient());
        assertEquals(reference, answer.payload().path("referentieSchuldhulpverlener").asText());
        assertEquals(List.of(), violations(answer));
        assertEquals(Duration.ZERO, plan.markers().delay());
        // deterministic per reference
        assertEquals(answer.payload(), responder.plan("m-2", "schuldinventarisatie", "saldoverzoek", "s", request)
                .steps().get(0).payload());
    }

    @Test
    void aBetaalvoorstelThatRepaysTheWholeClaimIsAccepted() {
        ObjectNode request = example("betalingsregeling", "betaalvoorstel");
        Responder.Outgoing answer = responder.plan("m", "betalingsregeling", "betaalvoorstel", "s", request).steps()
                .get(0);
        assertEquals("betaalvoorstel-antwoord", answer.type());
        assertEquals("akkoord", answer.payload().path("besluit").asText());
        assertEquals(List.of(), violations(answer));
    }

    @Test
    void aBetaalvoorstelBelowTheClaimIsRejectedAsTooLow() {
        ObjectNode request = example("betalingsregeling", "betaalvoorstel");
        ((ObjectNode) request.get("voorstel")).put("totaalBedragInCenten",
                request.path("vordering").path("saldoInCenten").asLong() - 1);
        Responder.Outgoing answer = responder.plan("m", "betalingsregeling", "betaalvoorstel", "s", request).steps()
                .get(0);
        assertEquals("afwijzing", answer.payload().path("besluit").asText());
        assertEquals("voorstel-te-laag", answer.payload().path("redenAfwijzing").asText());
        assertEquals(List.of(), violations(answer));
    }

    @Test
    void aBetaalvoorstelOverMoreThan36InstalmentsIsRejectedAsTooLong() {
        ObjectNode request = example("betalingsregeling", "betaalvoorstel");
        ((ObjectNode) request.get("voorstel")).put("aantalTermijnen", Responder.MAX_TERMIJNEN + 1);
        Responder.Outgoing answer = responder.plan("m", "betalingsregeling", "betaalvoorstel", "s", request).steps()
                .get(0);
        assertEquals("looptijd-te-lang", answer.payload().path("redenAfwijzing").asText());
        assertEquals(List.of(), violations(answer));
    }

    @Test
    void aHeroverwegingAndAStatusverzoekAreAnsweredWithinTheStandard() {
        Responder.Outgoing herover = responder.plan("m", "betalingsregeling", "heroverweging", "s",
                example("betalingsregeling", "heroverweging")).steps().get(0);
        assertEquals("betaalvoorstel-antwoord", herover.type());
        assertEquals(List.of(), violations(herover));
        Responder.Outgoing status = responder.plan("m", "schuldregeling", "statusverzoek", "s",
                example("schuldregeling", "statusverzoek")).steps().get(0);
        assertEquals("statusbericht", status.type());
        assertEquals(List.of(), VALIDATOR.validate(CATALOGUE.messageType("schuldregeling", "statusbericht")
                .orElseThrow(), status.payload(), ParticipantKind.COUNSELLOR_PHASE_2));
    }

    @Test
    void answersToTheSandboxsOwnRequestsNeedNoAnswer() {
        assertTrue(responder.plan("m", "schuldinventarisatie", "saldoverzoek-antwoord", "s",
                example("schuldinventarisatie", "saldoverzoek-antwoord")).steps().isEmpty());
    }

    @Test
    void markersAskForALateAnswerNoAnswerOrGeenMedewerking() {
        assertEquals(Duration.ofSeconds(30), Markers.of("SANDBOX-LATE").delay());
        assertEquals(Duration.ofSeconds(5), Markers.of("SANDBOX-LATE-5").delay());
        assertEquals(Duration.ofSeconds(600), Markers.of("SANDBOX-LATE-9999").delay());
        assertEquals(Markers.NONE, Markers.of("SHV-SANDBOX-LATE"));
        ObjectNode late = example("schuldinventarisatie", "saldoverzoek").put("referentieSchuldhulpverlener",
                "SANDBOX-LATE-20");
        Responder.Plan plan = responder.plan("m", "schuldinventarisatie", "saldoverzoek", "s", late);
        assertEquals(Duration.ofSeconds(20), plan.markers().delay());
        assertEquals(List.of(), violations(plan.steps().get(0)));
        ObjectNode none = late.deepCopy().put("referentieSchuldhulpverlener", "SANDBOX-NO-ANSWER");
        assertTrue(responder.plan("m", "schuldinventarisatie", "saldoverzoek", "s", none).steps().isEmpty());
        ObjectNode refuse = late.deepCopy().put("referentieSchuldhulpverlener", "SANDBOX-GEEN-MEDEWERKING");
        Responder.Outgoing geen = responder.plan("m", "schuldinventarisatie", "saldoverzoek", "s", refuse).steps()
                .get(0);
        assertEquals("geen-medewerking", geen.type());
        assertEquals(List.of(), violations(geen));
    }

    /** Each payload violation the marker asks for is one the standard's validator reports; then a valid answer. */
    @ParameterizedTest
    @ValueSource(strings = { "schema.required", "schema.enum", "field.iban", "field.total-mismatch",
            "field.date-in-future" })
    void aViolationMarkerSendsAnAnswerBreakingThatRuleThenTheValidOne(String code) {
        ObjectNode request = example("schuldinventarisatie", "saldoverzoek").put("referentieSchuldhulpverlener",
                "SANDBOX-VIOLATION-" + code);
        List<Responder.Outgoing> steps = responder.plan("m", "schuldinventarisatie", "saldoverzoek", "s", request)
                .steps();
        assertEquals(2, steps.size());
        assertTrue(steps.get(0).meantToBeRefused());
        List<Violation> found = violations(steps.get(0));
        assertTrue(found.stream().anyMatch(v -> v.code().equals(code)), code + " not among " + found);
        assertFalse(steps.get(1).meantToBeRefused());
        assertEquals(List.of(), violations(steps.get(1)));
    }

    @Test
    void protocolViolationMarkersBreakTheEnvelope() {
        ObjectNode request = example("betalingsregeling", "betaalvoorstel");
        request.put("referentieSchuldhulpverlener", "SANDBOX-VIOLATION-protocol.in-reply-to-required");
        List<Responder.Outgoing> steps = responder.plan("m", "betalingsregeling", "betaalvoorstel", "s", request)
                .steps();
        assertNull(steps.get(0).inReplyTo());
        assertEquals("m", steps.get(1).inReplyTo());
        request.put("referentieSchuldhulpverlener", "SANDBOX-VIOLATION-protocol.already-answered");
        steps = responder.plan("m", "betalingsregeling", "betaalvoorstel", "s", request).steps();
        assertFalse(steps.get(0).meantToBeRefused());
        assertTrue(steps.get(1).meantToBeRefused());
        assertEquals(steps.get(0).payload(), steps.get(1).payload());
    }

    @Test
    void aStatusverzoekWithTheSaldoverzoekMarkerAlsoStartsASaldoverzoekThatPassesTheStandard() {
        ObjectNode request = example("schuldregeling", "statusverzoek").put("referentieSchuldhulpverlener",
                "SANDBOX-SALDOVERZOEK");
        List<Responder.Outgoing> steps = responder.plan("m", "schuldregeling", "statusverzoek", "creditor", request)
                .steps();
        assertEquals(2, steps.size());
        Responder.Outgoing saldoverzoek = steps.get(1);
        assertEquals("saldoverzoek", saldoverzoek.type());
        assertNull(saldoverzoek.inReplyTo());
        assertEquals(List.of(), VALIDATOR.validate(CATALOGUE.messageType("schuldinventarisatie", "saldoverzoek")
                .orElseThrow(), saldoverzoek.payload(), ParticipantKind.COUNSELLOR_PHASE_2));
        JsonNode unused = saldoverzoek.payload();
        assertTrue(unused.has("client"));
    }
}
