package nl.knooppunt.portal.hostile;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import nl.knooppunt.portal.message.SubmissionTap;
import nl.knooppunt.standard.catalogue.Catalogue;
import nl.knooppunt.standard.catalogue.MessageType;
import nl.knooppunt.standard.catalogue.ParticipantKind;
import nl.knooppunt.standard.crypto.TransitRatchet;
import nl.knooppunt.standard.envelope.Verdict;
import nl.knooppunt.standard.envelope.Violation;
import nl.knooppunt.standard.validation.MessageValidator;

/**
 * Stands in for validation-service over real Kafka: opens each submission with the transit key, judges the payload
 * with the standard's own {@link MessageValidator}, allows a reply only to a message addressed to its sender (the
 * protocol rule {@code protocol.in-reply-to-unknown}) and answers a verdict. Keeps every record value it read.
 */
final class FakeValidator implements AutoCloseable {

    /** Every submission record value read, as it was on the topic. */
    final List<String> records = new CopyOnWriteArrayList<>();

    private final ObjectMapper mapper = new ObjectMapper();
    private final MessageValidator validator = new MessageValidator();
    private final TransitRatchet transit;
    private final Map<String, String> recipients = new ConcurrentHashMap<>(
            Map.of(HostileFakes.TO_A, HostileFakes.A, HostileFakes.TO_B, HostileFakes.B));
    private final SubmissionTap tap;

    FakeValidator(String bootstrap, Path secretsDir) {
        tap = new SubmissionTap(bootstrap, secretsDir, "fake-validator");
        transit = tap.transit();
        tap.start((key, value) -> onSubmission(value));
    }

    private void onSubmission(String value) throws Exception {
        records.add(value);
        tap.sendSealed(judge(value));
    }

    private Verdict judge(String value) throws Exception {
        JsonNode submission = mapper.readTree(value);
        JsonNode envelope = submission.path("envelope");
        String messageId = envelope.path("messageId").asText();
        String sender = envelope.path("sender").asText();
        String inReplyTo = envelope.path("inReplyTo").isTextual() ? envelope.path("inReplyTo").asText() : null;
        MessageType type = Catalogue.standard().messageType(envelope.path("module").asText(),
                envelope.path("type").asText()).orElse(null);
        if (type == null) {
            return Verdict.rejected(messageId, List.of(new Violation("standard.unknown-type", "", "unknown type")));
        }
        if (inReplyTo != null && !sender.equals(recipients.get(inReplyTo))) {
            return Verdict.rejected(messageId, List.of(new Violation("protocol.in-reply-to-unknown", "",
                    "inReplyTo names no message addressed to the sender")));
        }
        JsonNode payload = mapper.readTree(transit.decrypt(submission.path("payload").asText()));
        ParticipantKind kind = HostileFakes.A.equals(sender) ? ParticipantKind.COUNSELLOR_PHASE_1
                : ParticipantKind.CREDITOR;
        List<Violation> violations = validator.validate(type, payload, kind);
        if (!violations.isEmpty()) {
            return Verdict.rejected(messageId, violations);
        }
        recipients.put(messageId, envelope.path("recipient").asText());
        return Verdict.accepted(messageId, inReplyTo == null ? messageId : inReplyTo);
    }

    @Override
    public void close() throws InterruptedException {
        tap.close();
    }
}
