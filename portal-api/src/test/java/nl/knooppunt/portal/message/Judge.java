package nl.knooppunt.portal.message;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.OctJwkGenerator;
import org.jose4j.jwk.OctetSequenceJsonWebKey;

import nl.knooppunt.standard.crypto.VerdictSeals;
import nl.knooppunt.standard.envelope.Verdict;
import nl.knooppunt.standard.envelope.Violation;

/**
 * Stands in for validation-service over real Kafka: notes the message id of every submission and, while answering,
 * accepts it (rejects it when addressed to {@link #REJECTING}) with a verdict sealed like validation-service's.
 * Silent, it is a validation-service that is down. Forging, it is an intruder who can write to the verdicts topic:
 * it answers "accepted" unsealed, sealed with a key of its own under the real key id, and with a genuine seal of
 * another verdict.
 */
final class Judge implements AutoCloseable {

    /** Submissions to this recipient are rejected. */
    static final String REJECTING = "00000000-0000-4000-8000-00000000dead";

    /** The message id of every submission read, in order. */
    final List<String> submitted = new CopyOnWriteArrayList<>();
    /** The envelope's recipient of every submission read, by message id. */
    final Map<String, String> recipients = new ConcurrentHashMap<>();
    /** The record key of every submission read, by message id. */
    final Map<String, String> keys = new ConcurrentHashMap<>();
    volatile boolean answering = true;
    volatile boolean forging;

    private final ObjectMapper mapper = new ObjectMapper();
    private final SubmissionTap tap;
    private final VerdictSeals foreignSeals;

    Judge(String bootstrap, Path secretsDir) {
        tap = new SubmissionTap(bootstrap, secretsDir, "judge");
        try {
            OctetSequenceJsonWebKey foreign = OctJwkGenerator.generateJwk(256);
            foreign.setKeyId(nl.knooppunt.standard.crypto.HubSecrets.SUBMISSION_LINK_KEY_ID);
            foreignSeals = new VerdictSeals(new JsonWebKeySet(foreign));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        tap.start(this::onSubmission);
    }

    private void onSubmission(String key, String value) throws Exception {
        JsonNode envelope = mapper.readTree(value).path("envelope");
        String messageId = envelope.path("messageId").asText();
        keys.put(messageId, key);
        recipients.put(messageId, envelope.path("recipient").asText());
        submitted.add(messageId);
        String conversationId = envelope.path("conversationId").asText(messageId);
        if (forging) {
            forge(messageId, conversationId);
            return;
        }
        if (!answering) {
            return;
        }
        tap.sendSealed(REJECTING.equals(envelope.path("recipient").asText())
                ? Verdict.rejected(messageId, List.of(new Violation("schema.required", "/x", "missing")))
                : Verdict.accepted(messageId, conversationId));
    }

    private void forge(String messageId, String conversationId) throws Exception {
        String accepted = mapper.writeValueAsString(Verdict.accepted(messageId, conversationId));
        String rejected = mapper.writeValueAsString(Verdict.rejected(messageId,
                List.of(new Violation("schema.required", "/x", "missing"))));
        tap.send(messageId, accepted, null);
        tap.send(messageId, accepted, foreignSeals.seal(messageId, accepted));
        tap.send(messageId, accepted, tap.seals().seal(messageId, rejected));
    }

    /** How often a message id was submitted. */
    long times(String messageId) {
        return submitted.stream().filter(messageId::equals).count();
    }

    @Override
    public void close() throws InterruptedException {
        tap.close();
    }
}
