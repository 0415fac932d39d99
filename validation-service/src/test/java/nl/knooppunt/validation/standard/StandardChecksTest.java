package nl.knooppunt.validation.standard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.jose4j.jwk.EcJwkGenerator;
import org.jose4j.jwk.EllipticCurveJsonWebKey;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.keys.EllipticCurves;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import nl.knooppunt.standard.catalogue.Catalogue;
import nl.knooppunt.standard.envelope.Envelope;
import nl.knooppunt.standard.envelope.Violation;
import nl.knooppunt.standard.validation.MessageValidator;
import nl.knooppunt.standard.validation.PayloadValidator;
import nl.knooppunt.standard.validation.ViolationCodes;
import nl.knooppunt.validation.registry.Participant;
import nl.knooppunt.validation.routing.Conversation;
import nl.knooppunt.validation.routing.MessageMetadata;

class StandardChecksTest {

    private static final String MODULE = "schuldinventarisatie";
    private static final String GEMEENTE = "6a1f0c43-2d2b-4c55-9a0e-3f1f7a0d2a01";
    private static final String ENERGIE = "b7e2d154-3e3c-4d66-8b1f-4a2a8b1e3b02";
    private static final String OTHER = "0c9d6a3e-1111-4e2f-9a0e-5b5b5b5b5b5b";
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Catalogue CATALOGUE = Catalogue.standard();

    private static JsonNode publicKey;
    private final RecentAnswers recent = new RecentAnswers(Clock.systemUTC());
    private final StandardChecks checks = new StandardChecks(CATALOGUE, new MessageValidator(new PayloadValidator(),
            Clock.fixed(Instant.parse("2026-11-28T12:00:00Z"), MessageValidator.ZONE)), recent);

    @BeforeAll
    static void key() throws Exception {
        EllipticCurveJsonWebKey key = EcJwkGenerator.generateJwk(EllipticCurves.P256);
        key.setKeyId("test-1");
        publicKey = MAPPER.readTree(key.toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY));
    }

    @Test
    void validSaldoverzoekHasNoViolations() {
        CheckInput input = new CheckInput(request("saldoverzoek"), example("saldoverzoek"), gemeente(), energie(),
                Optional.empty());
        assertEquals(List.of(), checks.check(input));
        assertEquals(input.envelope().messageId(), checks.conversationId(input));
    }

    @Test
    void validAnswerTakesTheConversationOfTheAnsweredMessage() {
        MessageMetadata asked = saldoverzoekFromGemeente();
        CheckInput input = new CheckInput(answer("saldoverzoek-antwoord", asked.id()), example("saldoverzoek-antwoord"),
                energie(), gemeente(), conversation(asked));
        assertEquals(List.of(), checks.check(input));
        assertEquals(asked.conversationId(), checks.conversationId(input));
        assertTrue(checks.needsConversation(input.envelope()));
    }

    @Test
    void unknownTypeIsReportedAndSchemaIsSkipped() {
        Envelope envelope = envelope("saldo-onbekend", null, GEMEENTE, ENERGIE);
        assertEquals(List.of(ViolationCodes.UNKNOWN_TYPE),
                codes(checks.check(new CheckInput(envelope, example("saldoverzoek"), gemeente(), energie(),
                        Optional.empty()))));
        assertFalse(checks.needsConversation(envelope));
    }

    @Test
    void schemaViolationsCarryPointersAndNeverPayloadValues() {
        ObjectNode payload = (ObjectNode) example("saldoverzoek").orElseThrow();
        payload.remove("peildatum");
        ((ObjectNode) payload.get("client")).put("bsn", "GEHEIM-12");
        payload.put("onbekendVeld", "GEHEIM-34");
        List<Violation> violations = checks.check(new CheckInput(request("saldoverzoek"), Optional.of(payload),
                gemeente(), energie(), Optional.empty()));
        assertTrue(violations.contains(new Violation("schema.required", "/peildatum", "is required")), violations::toString);
        assertTrue(violations.stream().anyMatch(v -> v.code().equals("schema.pattern")
                && v.pointer().equals("/client/bsn")), violations::toString);
        assertTrue(violations.stream().anyMatch(v -> v.code().equals("schema.additionalProperties")
                && v.pointer().equals("/onbekendVeld")), violations::toString);
        assertTrue(violations.stream().noneMatch(v -> v.message().contains("GEHEIM")), violations::toString);
    }

    @Test
    void malformedPayloadIsReportedTogetherWithEnvelopeViolations() {
        List<Violation> violations = checks.check(new CheckInput(request("saldoverzoek"), Optional.empty(),
                energie(), Optional.empty(), Optional.empty()));
        assertEquals(List.of(ViolationCodes.SENDER_NOT_ALLOWED, ViolationCodes.RECIPIENT_UNKNOWN,
                ViolationCodes.PAYLOAD_MALFORMED), codes(violations));
        assertTrue(violations.stream().allMatch(v -> v.pointer().isEmpty()));
    }

    @Test
    void creditorMayNotSendASaldoverzoek() {
        Envelope envelope = envelope("saldoverzoek", null, ENERGIE, GEMEENTE);
        assertEquals(List.of(ViolationCodes.SENDER_NOT_ALLOWED, ViolationCodes.RECIPIENT_NOT_ALLOWED), codes(checks.check(
                new CheckInput(envelope, example("saldoverzoek"), energie(), gemeente(), Optional.empty()))));
    }

    @Test
    void inactiveOrUnknownSenderIsNotAllowed() {
        Participant suspended = participant(GEMEENTE, "counsellor-phase-1", "suspended", List.of(MODULE), true);
        assertEquals(List.of(ViolationCodes.SENDER_NOT_ALLOWED), codes(checks.check(new CheckInput(
                request("saldoverzoek"), example("saldoverzoek"), Optional.of(suspended), energie(),
                Optional.empty()))));
        assertEquals(List.of(ViolationCodes.SENDER_NOT_ALLOWED), codes(checks.check(new CheckInput(
                request("saldoverzoek"), example("saldoverzoek"), Optional.empty(), energie(), Optional.empty()))));
    }

    @Test
    void bothSidesMustHaveTheModuleSwitchedOn() {
        Participant sender = participant(GEMEENTE, "counsellor-phase-1", "active", List.of(), true);
        Participant recipient = participant(ENERGIE, "creditor", "active", List.of("iets-anders"), true);
        List<Violation> violations = checks.check(new CheckInput(request("saldoverzoek"), example("saldoverzoek"),
                Optional.of(sender), Optional.of(recipient), Optional.empty()));
        assertEquals(List.of(ViolationCodes.MODULE_NOT_ENABLED, ViolationCodes.MODULE_NOT_ENABLED), codes(violations));
        assertTrue(violations.get(0).message().contains("sender"));
        assertTrue(violations.get(1).message().contains("recipient"));
    }

    @Test
    void recipientMustBeKnownActiveAndHaveAKey() {
        assertEquals(List.of(ViolationCodes.RECIPIENT_UNKNOWN), codes(checks.check(new CheckInput(
                request("saldoverzoek"), example("saldoverzoek"), gemeente(), Optional.empty(), Optional.empty()))));
        Participant inactive = participant(ENERGIE, "creditor", "suspended", List.of(MODULE), true);
        assertEquals(List.of(ViolationCodes.RECIPIENT_INACTIVE), codes(checks.check(new CheckInput(
                request("saldoverzoek"), example("saldoverzoek"), gemeente(), Optional.of(inactive),
                Optional.empty()))));
        Participant keyless = participant(ENERGIE, "creditor", "active", List.of(MODULE), false);
        assertEquals(List.of(ViolationCodes.RECIPIENT_NO_KEY), codes(checks.check(new CheckInput(
                request("saldoverzoek"), example("saldoverzoek"), gemeente(), Optional.of(keyless),
                Optional.empty()))));
    }

    @Test
    void recipientKeyThatIsNotAPublicKeyCountsAsNoKey() throws Exception {
        JsonNode symmetric = MAPPER.readTree("{\"kty\":\"oct\",\"kid\":\"x\",\"k\":\"AAAAAAAAAAAAAAAAAAAAAA\"}");
        Participant recipient = new Participant(ENERGIE, "Energie", "creditor", "active", List.of(MODULE),
                List.of(symmetric));
        assertEquals(List.of(ViolationCodes.RECIPIENT_NO_KEY), codes(checks.check(new CheckInput(
                request("saldoverzoek"), example("saldoverzoek"), gemeente(), Optional.of(recipient),
                Optional.empty()))));
    }

    @Test
    void requestMustNotAnswerAMessage() {
        Envelope envelope = envelope("saldoverzoek", UUID.randomUUID().toString(), GEMEENTE, ENERGIE);
        assertFalse(checks.needsConversation(envelope));
        List<Violation> violations = checks.check(new CheckInput(envelope, example("saldoverzoek"), gemeente(),
                energie(), Optional.empty()));
        assertEquals(List.of(new Violation(ViolationCodes.UNEXPECTED_IN_REPLY_TO, "",
                "a saldoverzoek starts a conversation and answers no message")), violations);
    }

    @Test
    void answerMustNameTheMessageItAnswers() {
        Envelope envelope = envelope("saldoverzoek-antwoord", null, ENERGIE, GEMEENTE);
        assertFalse(checks.needsConversation(envelope));
        assertEquals(List.of(ViolationCodes.IN_REPLY_TO_REQUIRED), codes(checks.check(new CheckInput(envelope,
                example("saldoverzoek-antwoord"), energie(), gemeente(), Optional.empty()))));
    }

    @Test
    void answeredMessageMustBeKnown() {
        assertEquals(List.of(ViolationCodes.IN_REPLY_TO_UNKNOWN), codes(checks.check(new CheckInput(
                answer("geen-medewerking", UUID.randomUUID().toString()), example("geen-medewerking"), energie(),
                gemeente(), Optional.empty()))));
    }

    @Test
    void answeredMessageMustHaveBeenSentByTheRecipientToTheSender() {
        MessageMetadata toSomeoneElse = new MessageMetadata(UUID.randomUUID().toString(), "c-1", null, MODULE,
                "saldoverzoek", GEMEENTE, OTHER);
        MessageMetadata fromSomeoneElse = new MessageMetadata(UUID.randomUUID().toString(), "c-2", null, MODULE,
                "saldoverzoek", OTHER, ENERGIE);
        for (MessageMetadata referenced : List.of(toSomeoneElse, fromSomeoneElse)) {
            List<Violation> violations = checks.check(new CheckInput(answer("saldoverzoek-antwoord", referenced.id()),
                    example("saldoverzoek-antwoord"), energie(), gemeente(), conversation(referenced)));
            assertEquals(List.of(ViolationCodes.IN_REPLY_TO_UNKNOWN), codes(violations));
            assertEquals("the answered message is not one the recipient sent to the sender",
                    violations.get(0).message());
        }
    }

    @Test
    void answerMustAnswerATypeItAnswers() {
        MessageMetadata answerItself = new MessageMetadata(UUID.randomUUID().toString(), "c-3", null, MODULE,
                "geen-medewerking", GEMEENTE, ENERGIE);
        assertEquals(List.of(ViolationCodes.NOT_AN_ANSWER), codes(checks.check(new CheckInput(
                answer("saldoverzoek-antwoord", answerItself.id()), example("saldoverzoek-antwoord"), energie(),
                gemeente(), conversation(answerItself)))));
    }

    private static Optional<Conversation> conversation(MessageMetadata... messages) {
        return Optional.of(new Conversation(messages[0].conversationId(), List.of(messages)));
    }

    private static MessageMetadata saldoverzoekFromGemeente() {
        String id = UUID.randomUUID().toString();
        return new MessageMetadata(id, id, null, MODULE, "saldoverzoek", GEMEENTE, ENERGIE);
    }

    private static Envelope request(String type) {
        return envelope(type, null, GEMEENTE, ENERGIE);
    }

    private static Envelope answer(String type, String inReplyTo) {
        return envelope(type, inReplyTo, ENERGIE, GEMEENTE);
    }

    private static Envelope envelope(String type, String inReplyTo, String sender, String recipient) {
        String id = UUID.randomUUID().toString();
        return new Envelope(id, inReplyTo == null ? id : null, inReplyTo, MODULE, type, sender, recipient,
                Instant.now());
    }

    private static Optional<JsonNode> example(String type) {
        return Optional.of(CATALOGUE.messageType(MODULE, type).orElseThrow().example().deepCopy());
    }

    private static Optional<Participant> gemeente() {
        return Optional.of(participant(GEMEENTE, "counsellor-phase-1", "active", List.of(MODULE), true));
    }

    private static Optional<Participant> energie() {
        return Optional.of(participant(ENERGIE, "creditor", "active", List.of(MODULE), true));
    }

    private static Participant participant(String id, String kind, String status, List<String> modules,
            boolean withKey) {
        return new Participant(id, "Deelnemer", kind, status, modules, withKey ? List.of(publicKey) : List.of());
    }

    private static List<String> codes(List<Violation> violations) {
        return violations.stream().map(Violation::code).toList();
    }
}
