package nl.knooppunt.validation.standard;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
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
import nl.knooppunt.standard.catalogue.MessageType;
import nl.knooppunt.standard.catalogue.Module;
import nl.knooppunt.standard.catalogue.ParticipantKind;
import nl.knooppunt.standard.envelope.Envelope;
import nl.knooppunt.standard.envelope.Violation;
import nl.knooppunt.standard.validation.MessageValidator;
import nl.knooppunt.standard.validation.PayloadValidator;
import nl.knooppunt.standard.validation.ViolationCodes;
import nl.knooppunt.validation.registry.Participant;
import nl.knooppunt.validation.routing.Conversation;
import nl.knooppunt.validation.routing.MessageMetadata;

/** The question-and-answer protocol and who may send what to whom, judged from metadata alone. */
class ProtocolTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Catalogue CATALOGUE = Catalogue.standard();
    private static final String KREDIETBANK = "1a1a1a1a-0000-4000-8000-000000000001";
    private static final String ENERGIE = "2b2b2b2b-0000-4000-8000-000000000002";
    private static final String WONEN = "3c3c3c3c-0000-4000-8000-000000000003";

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
    void answerToTheRightRequestFromItsRecipientIsAccepted() {
        MessageMetadata kennisgeving = request("kennisgeving", KREDIETBANK, ENERGIE);
        assertEquals(List.of(), codes(answer("kennisgeving-antwoord", kennisgeving, ENERGIE, KREDIETBANK,
                conversation(kennisgeving))));
    }

    @Test
    void answerToAWrongTypeIsRefused() {
        MessageMetadata saldoverzoek = request("saldoverzoek", KREDIETBANK, ENERGIE);
        assertEquals(List.of(ViolationCodes.NOT_AN_ANSWER), codes(answer("kennisgeving-antwoord", saldoverzoek,
                ENERGIE, KREDIETBANK, conversation(saldoverzoek))));
        MessageMetadata statusverzoek = request("statusverzoek", ENERGIE, KREDIETBANK);
        MessageMetadata statusbericht = answerTo(statusverzoek, "statusbericht");
        assertEquals(List.of(ViolationCodes.NOT_AN_ANSWER), codes(answer("geen-medewerking", statusbericht,
                ENERGIE, KREDIETBANK, conversation(statusverzoek, statusbericht))));
    }

    @Test
    void answerFromAnotherPartyThanTheRecipientIsRefusedAsUnknown() {
        MessageMetadata saldoverzoek = request("saldoverzoek", KREDIETBANK, ENERGIE);
        List<Violation> fromWonen = answer("saldoverzoek-antwoord", saldoverzoek, WONEN, KREDIETBANK,
                conversation(saldoverzoek));
        assertEquals(List.of(ViolationCodes.IN_REPLY_TO_UNKNOWN), codes(fromWonen));
        assertEquals("the answered message is not one the recipient sent to the sender", fromWonen.get(0).message());
        MessageMetadata toWonen = request("saldoverzoek", KREDIETBANK, WONEN);
        assertEquals(List.of(ViolationCodes.IN_REPLY_TO_UNKNOWN), codes(answer("saldoverzoek-antwoord", toWonen,
                ENERGIE, KREDIETBANK, conversation(toWonen))));
    }

    @Test
    void secondAnswerToARequestThatTakesOneIsRefused() {
        MessageMetadata saldoverzoek = request("saldoverzoek", KREDIETBANK, ENERGIE);
        MessageMetadata first = answerTo(saldoverzoek, "saldoverzoek-antwoord");
        List<Violation> second = answer("saldoverzoek-antwoord-vooraf-akkoord", saldoverzoek, ENERGIE, KREDIETBANK,
                conversation(saldoverzoek, first));
        assertEquals(List.of(ViolationCodes.ALREADY_ANSWERED), codes(second));
        assertEquals("the saldoverzoek was answered before; it takes one answer only", second.get(0).message());
    }

    @Test
    void aRedeliveredAnswerIsNotItsOwnSecondAnswer() {
        MessageMetadata saldoverzoek = request("saldoverzoek", KREDIETBANK, ENERGIE);
        MessageMetadata first = answerTo(saldoverzoek, "saldoverzoek-antwoord");
        Envelope again = new Envelope(first.id(), null, saldoverzoek.id(), "schuldregeling", "saldoverzoek-antwoord",
                ENERGIE, KREDIETBANK, Instant.now());
        assertEquals(List.of(), codes(checks.check(new CheckInput(again, example("saldoverzoek-antwoord"),
                participant(ENERGIE, ParticipantKind.CREDITOR), participant(KREDIETBANK,
                        ParticipantKind.COUNSELLOR_PHASE_2), conversation(saldoverzoek, first)))));
    }

    @Test
    void statusRequestTakesManyAnswersUntilTheConversationIsClosed() {
        MessageMetadata statusverzoek = request("statusverzoek", KREDIETBANK, ENERGIE);
        List<MessageMetadata> conversation = new ArrayList<>(List.of(statusverzoek));
        for (int i = 0; i < 3; i++) {
            assertEquals(List.of(), codes(answer("statusbericht", statusverzoek, ENERGIE, KREDIETBANK,
                    conversation(conversation.toArray(MessageMetadata[]::new)))));
            conversation.add(answerTo(statusverzoek, "statusbericht"));
        }
        conversation.add(answerTo(statusverzoek, "geen-medewerking"));
        List<Violation> afterClose = answer("statusbericht", statusverzoek, ENERGIE, KREDIETBANK,
                conversation(conversation.toArray(MessageMetadata[]::new)));
        assertEquals(List.of(ViolationCodes.CONVERSATION_CLOSED), codes(afterClose));
        assertEquals("the conversation was closed by a geen-medewerking and accepts no more answers",
                afterClose.get(0).message());
    }

    @Test
    void statusMessagesGoBothWays() {
        MessageMetadata fromCreditor = request("statusverzoek", ENERGIE, KREDIETBANK);
        assertEquals(List.of(), codes(answer("statusbericht", fromCreditor, KREDIETBANK, ENERGIE,
                conversation(fromCreditor))));
    }

    @Test
    void twoAnswersJudgedAtTheSameMomentCannotBothPass() throws Exception {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 200; round++) {
                MessageMetadata saldoverzoek = request("saldoverzoek", KREDIETBANK, ENERGIE);
                java.util.concurrent.CyclicBarrier together = new java.util.concurrent.CyclicBarrier(2);
                List<java.util.concurrent.Future<List<Violation>>> verdicts = pool.invokeAll(List.of(
                        () -> {
                            together.await();
                            return judge("saldoverzoek-antwoord", saldoverzoek);
                        },
                        () -> {
                            together.await();
                            return judge("geen-medewerking", saldoverzoek);
                        }));
                long passed = 0;
                for (var verdict : verdicts) {
                    passed += verdict.get().isEmpty() ? 1 : 0;
                }
                assertEquals(1, passed, "round " + round + ": exactly one answer to a request that takes one");
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private List<Violation> judge(String type, MessageMetadata answered) {
        Envelope envelope = new Envelope(UUID.randomUUID().toString(), null, answered.id(), "schuldregeling", type,
                ENERGIE, KREDIETBANK, Instant.now());
        return checks.checkAndRemember(new CheckInput(envelope, example(type),
                participant(ENERGIE, ParticipantKind.CREDITOR), participant(KREDIETBANK,
                        ParticipantKind.COUNSELLOR_PHASE_2), conversation(answered)));
    }

    @Test
    void answerAcceptedMomentsAgoCountsBeforeRoutingListsIt() {
        MessageMetadata saldoverzoek = request("saldoverzoek", KREDIETBANK, ENERGIE);
        Envelope first = new Envelope(UUID.randomUUID().toString(), saldoverzoek.conversationId(), saldoverzoek.id(),
                "schuldregeling", "saldoverzoek-antwoord", ENERGIE, KREDIETBANK, Instant.now());
        checks.accepted(first);
        assertEquals(List.of(ViolationCodes.ALREADY_ANSWERED), codes(answer("geen-medewerking", saldoverzoek, ENERGIE,
                KREDIETBANK, conversation(saldoverzoek))));
    }

    @Test
    void requestToAKindThatMayNotReceiveItIsRefused() {
        Envelope envelope = envelope("schuldregeling", "saldoverzoek", null, KREDIETBANK, WONEN);
        List<Violation> violations = checks.check(new CheckInput(envelope, example("saldoverzoek"),
                participant(KREDIETBANK, ParticipantKind.COUNSELLOR_PHASE_2),
                participant(WONEN, ParticipantKind.COUNSELLOR_PHASE_2), Optional.empty()));
        assertEquals(List.of(ViolationCodes.RECIPIENT_NOT_ALLOWED), codes(violations));
        assertEquals("a saldoverzoek goes only to participants of kind [creditor]", violations.get(0).message());
    }

    /** MISSION.md's table: for every request type and every kind, the kind may send it exactly when it is listed. */
    @Test
    void whoMaySendWhatFollowsTheCatalogueForEveryKindAndRequestType() {
        int judged = 0;
        for (Module module : CATALOGUE.modules()) {
            for (MessageType type : module.messageTypes()) {
                if (!type.isRequest()) {
                    continue;
                }
                for (ParticipantKind kind : ParticipantKind.values()) {
                    Envelope envelope = envelope(module.id(), type.type(), null, KREDIETBANK, ENERGIE);
                    List<String> codes = codes(checks.check(new CheckInput(envelope, exampleFor(type, kind),
                            participant(KREDIETBANK, kind), participant(ENERGIE, type.recipients().get(0)),
                            Optional.empty())));
                    List<String> expected = type.senders().contains(kind) ? List.of()
                            : List.of(ViolationCodes.SENDER_NOT_ALLOWED);
                    assertEquals(expected, codes, kind.apiName() + " sends " + module.id() + "/" + type.type());
                    judged++;
                }
            }
        }
        assertEquals(ParticipantKind.values().length * 17, judged);
    }

    @Test
    void otherCounsellorWithoutConsentIsRefusedWithThePointerToTheAttachments() {
        Envelope envelope = envelope("schuldinventarisatie", "saldoverzoek", null, KREDIETBANK, ENERGIE);
        List<Violation> violations = checks.check(new CheckInput(envelope,
                Optional.of(CATALOGUE.messageType("schuldinventarisatie", "saldoverzoek").orElseThrow().example()),
                participant(KREDIETBANK, ParticipantKind.OTHER_COUNSELLOR, "schuldinventarisatie"),
                participant(ENERGIE, ParticipantKind.CREDITOR, "schuldinventarisatie"), Optional.empty()));
        assertEquals(List.of(new Violation("attachment.required", "/bijlagen", "a saldoverzoek from a participant of "
                + "kind other-counsellor must have an attachment of soort toestemmingsverklaring")), violations);
    }

    private List<Violation> answer(String type, MessageMetadata answered, String sender, String recipient,
            Optional<Conversation> conversation) {
        Envelope envelope = envelope("schuldregeling", type, answered.id(), sender, recipient);
        ParticipantKind senderKind = sender.equals(KREDIETBANK) ? ParticipantKind.COUNSELLOR_PHASE_2
                : ParticipantKind.CREDITOR;
        ParticipantKind recipientKind = recipient.equals(KREDIETBANK) ? ParticipantKind.COUNSELLOR_PHASE_2
                : ParticipantKind.CREDITOR;
        return checks.check(new CheckInput(envelope, example(type), participant(sender, senderKind),
                participant(recipient, recipientKind), conversation));
    }

    private static MessageMetadata request(String type, String sender, String recipient) {
        String id = UUID.randomUUID().toString();
        return new MessageMetadata(id, id, null, "schuldregeling", type, sender, recipient);
    }

    private static MessageMetadata answerTo(MessageMetadata request, String type) {
        return new MessageMetadata(UUID.randomUUID().toString(), request.conversationId(), request.id(),
                request.module(), type, request.recipient(), request.sender());
    }

    private static Optional<Conversation> conversation(MessageMetadata... messages) {
        return Optional.of(new Conversation(messages[0].conversationId(), List.of(messages)));
    }

    private static Envelope envelope(String module, String type, String inReplyTo, String sender, String recipient) {
        String id = UUID.randomUUID().toString();
        return new Envelope(id, inReplyTo == null ? id : null, inReplyTo, module, type, sender, recipient,
                Instant.now());
    }

    private static Optional<JsonNode> example(String type) {
        return Optional.of(CATALOGUE.messageType("schuldregeling", type).orElseThrow().example().deepCopy());
    }

    /** The type's example, with the attachments a sender of this kind must include. */
    private static Optional<JsonNode> exampleFor(MessageType type, ParticipantKind kind) {
        ObjectNode payload = type.example().deepCopy();
        for (String soort : type.requiredAttachmentsFor(kind)) {
            payload.withArray("bijlagen").addObject().put("soort", soort).put("naam", soort + ".pdf")
                    .put("mediaType", "application/pdf").put("inhoud", "JVBERi0xLjcK");
        }
        return Optional.of(payload);
    }

    private static Optional<Participant> participant(String id, ParticipantKind kind) {
        return participant(id, kind, CATALOGUE.modules().stream().map(Module::id).toArray(String[]::new));
    }

    private static Optional<Participant> participant(String id, ParticipantKind kind, String... modules) {
        return Optional.of(new Participant(id, "Deelnemer", kind.apiName(), "active", List.of(modules),
                List.of(publicKey)));
    }

    private static List<String> codes(List<Violation> violations) {
        return violations.stream().map(Violation::code).toList();
    }
}
