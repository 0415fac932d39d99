package nl.knooppunt.validation.submission;

import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import nl.knooppunt.standard.crypto.AssertionRejectedException;
import nl.knooppunt.standard.crypto.CryptoException;
import nl.knooppunt.standard.crypto.TransitRatchet;
import nl.knooppunt.standard.crypto.EnvelopeAssertions;
import nl.knooppunt.standard.crypto.RecipientCipher;
import nl.knooppunt.standard.envelope.Delivery;
import nl.knooppunt.standard.envelope.Envelope;
import nl.knooppunt.standard.kafka.Topics;
import nl.knooppunt.standard.envelope.Submission;
import nl.knooppunt.standard.envelope.Verdict;
import nl.knooppunt.standard.envelope.Violation;
import nl.knooppunt.validation.config.KnooppuntConfig;
import nl.knooppunt.kit.deadletter.DeadLetterPublisher;
import nl.knooppunt.kit.trace.TraceAttributes;
import nl.knooppunt.validation.dependency.DependencyUnavailableException;
import nl.knooppunt.validation.metrics.ValidationMetrics;
import nl.knooppunt.validation.registry.Participant;
import nl.knooppunt.validation.registry.ParticipantDirectory;
import nl.knooppunt.validation.routing.Conversation;
import nl.knooppunt.validation.routing.MessageDirectory;
import nl.knooppunt.validation.security.HubKeys;
import nl.knooppunt.validation.standard.CheckInput;
import nl.knooppunt.validation.standard.StandardChecks;

/**
 * Handles one submission record: verify portal-api's assertion, decrypt, check the standard, then either deliver
 * (re-encrypted for the recipient, signed by this service) and answer accepted, or answer rejected. A record that
 * cannot be trusted or read is dead-lettered without a verdict. The returned Uni fails only when a dependency
 * (registry, routing, Kafka) stays unavailable, so the record is nacked instead of judged on missing data.
 * Plaintext lives only in local variables of this class; it is never logged or put into an exception.
 */
@ApplicationScoped
public class SubmissionProcessor {

    private static final Logger LOG = Logger.getLogger(SubmissionProcessor.class);
    private static final String REFUSED_COUNTER = "knooppunt.validation.refused";
    private static final String VERDICT_COUNTER = "knooppunt.validation.verdicts";

    private final HubKeys keys;
    private final StandardChecks checks;
    private final ParticipantDirectory participants;
    private final MessageDirectory messages;
    private final RecordPublisher publisher;
    private final DeadLetterPublisher deadLetters;
    private final MeterRegistry meters;
    private final ObjectMapper mapper;
    private final ObjectReader payloadReader;
    private final KnooppuntConfig config;
    private final ValidationMetrics metrics;

    public SubmissionProcessor(HubKeys keys, StandardChecks checks, ParticipantDirectory participants,
            MessageDirectory messages, RecordPublisher publisher, DeadLetterPublisher deadLetters,
            MeterRegistry meters, ObjectMapper mapper, KnooppuntConfig config, ValidationMetrics metrics) {
        this.metrics = metrics;
        this.keys = keys;
        this.checks = checks;
        this.participants = participants;
        this.messages = messages;
        this.publisher = publisher;
        this.deadLetters = deadLetters;
        this.meters = meters;
        this.mapper = mapper;
        this.payloadReader = mapper.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        this.config = config;
    }

    /**
     * Processes one record of {@code partition} at {@code offset}; completes after every resulting record was
     * acknowledged by the broker.
     */
    public Uni<Void> process(int partition, long offset, String key, String value) {
        return process(partition, offset, key, value, Context.current());
    }

    /**
     * As {@link #process(int, long, String, String)}, in the given trace (ADR 0047): its span gets the message's
     * metadata, and the delivery and the verdict carry it on to routing-service and portal-api.
     */
    public Uni<Void> process(int partition, long offset, String key, String value, Context trace) {
        return Uni.createFrom().deferred(() -> {
                    try {
                        return Uni.createFrom().item(open(key, value));
                    } catch (RefusedException e) {
                        return Uni.createFrom().<Opened>failure(e);
                    }
                })
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .flatMap(opened -> judge(opened, trace))
                .onFailure(DependencyUnavailableException.class)
                .invoke(e -> LOG.errorf("submission record %s not judged, nacked: %s", key, e.getMessage()))
                .onFailure(e -> !(e instanceof DependencyUnavailableException))
                .recoverWithUni(e -> refuse(partition, offset, key, value, new RefusedException(e instanceof RefusedException r
                        ? r.code() : unexpected(key, e))));
    }

    private Opened open(String key, String value) throws RefusedException {
        Submission submission = readSubmission(key, value);
        try {
            keys.submissionAssertions().verify(submission.assertion(), submission.envelope(), submission.payload());
        } catch (AssertionRejectedException e) {
            throw new RefusedException(e.reason().code());
        }
        String plaintext;
        try {
            plaintext = keys.transit().decrypt(submission.payload());
        } catch (TransitRatchet.OpenFailedException e) {
            throw new RefusedException(e.failure() == TransitRatchet.Failure.KEY_DESTROYED
                    ? RefusedException.TRANSIT_KEY_DESTROYED : RefusedException.PAYLOAD_UNDECRYPTABLE);
        } catch (CryptoException e) {
            throw new RefusedException(RefusedException.PAYLOAD_UNDECRYPTABLE);
        }
        return new Opened(submission, plaintext, parsePayload(plaintext));
    }

    private Submission readSubmission(String key, String value) throws RefusedException {
        Submission submission;
        try {
            submission = value == null ? null : mapper.readValue(value, Submission.class);
        } catch (JsonProcessingException e) {
            throw new RefusedException(RefusedException.RECORD_MALFORMED);
        }
        Envelope envelope = submission == null ? null : submission.envelope();
        boolean complete = envelope != null && present(envelope.messageId()) && present(envelope.module())
                && present(envelope.type()) && present(envelope.sender()) && present(envelope.recipient())
                && present(submission.payload()) && Topics.isSubmissionKey(key, envelope);
        if (!complete) {
            throw new RefusedException(RefusedException.RECORD_MALFORMED);
        }
        return submission;
    }

    private Optional<JsonNode> parsePayload(String plaintext) {
        try {
            return Optional.ofNullable(payloadReader.readTree(plaintext)).filter(node -> !node.isMissingNode());
        } catch (java.io.IOException e) {
            return Optional.empty();
        }
    }

    private Uni<Void> judge(Opened opened, Context trace) {
        Envelope envelope = opened.submission().envelope();
        TraceAttributes.message(Span.fromContext(trace), envelope.messageId(), envelope.module(), envelope.type(),
                envelope.sender(), envelope.recipient());
        Uni<Optional<Participant>> sender = participants.find(envelope.sender());
        Uni<Optional<Participant>> recipient = participants.find(envelope.recipient());
        Uni<Optional<Conversation>> referenced = checks.needsConversation(envelope)
                ? messages.conversationOf(envelope.inReplyTo())
                : Uni.createFrom().item(Optional.empty());
        return Uni.combine().all().unis(sender, recipient, referenced).asTuple()
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .flatMap(found -> {
                    CheckInput input = new CheckInput(envelope, opened.payload(), found.getItem1(),
                            found.getItem2(), found.getItem3());
                    List<Violation> violations = checks.checkAndRemember(input);
                    return violations.isEmpty()
                            ? accept(opened.plaintext(), input, trace)
                            : reject(envelope, violations, trace);
                });
    }

    private Uni<Void> accept(String plaintext, CheckInput input, Context trace) {
        Envelope submitted = input.envelope();
        String conversationId = checks.conversationId(input);
        Envelope delivered = new Envelope(submitted.messageId(), conversationId, submitted.inReplyTo(),
                submitted.module(), submitted.type(), submitted.sender(), submitted.recipient(),
                submitted.submittedAt());
        String jwe = RecipientCipher.encrypt(plaintext, input.recipient().orElseThrow().encryptionKey().orElseThrow());
        String assertion = EnvelopeAssertions.sign(delivered, jwe, HubKeys.VALIDATION_SERVICE,
                config.validation().deliveryAssertionTtl(), keys.deliveryLink());
        return publisher.delivery(new Delivery(delivered, jwe, assertion), trace)
                .chain(() -> publisher.verdict(Verdict.accepted(submitted.messageId(), conversationId), trace))
                .invoke(() -> {
                    count(VERDICT_COUNTER, "outcome", "accepted");
                    metrics.accepted(submitted.module(), submitted.type());
                    LOG.debugf("message %s (%s/%s) accepted, conversation %s", submitted.messageId(),
                            submitted.module(), submitted.type(), conversationId);
                });
    }

    private Uni<Void> reject(Envelope envelope, List<Violation> violations, Context trace) {
        return publisher.verdict(Verdict.rejected(envelope.messageId(), violations), trace)
                .invoke(() -> {
                    count(VERDICT_COUNTER, "outcome", "rejected");
                    metrics.rejected(envelope.module(), envelope.type(),
                            violations.stream().map(Violation::code).toList());
                    LOG.debugf("message %s (%s/%s) rejected: %s", envelope.messageId(), envelope.module(),
                            envelope.type(), violations.stream().map(Violation::code).distinct().toList());
                });
    }

    private Uni<Void> refuse(int partition, long offset, String key, String value, RefusedException refusal) {
        return deadLetters.publish(Topics.SUBMISSIONS, partition, offset, key, value, refusal.code())
                .onFailure().transform(e -> new DependencyUnavailableException("kafka", e))
                .invoke(() -> {
                    count(REFUSED_COUNTER, "reason", refusal.code());
                    LOG.warnf("submission record %s refused (%s), dead-lettered", key, refusal.code());
                });
    }

    private static String unexpected(String key, Throwable e) {
        LOG.errorf("processing submission record %s failed unexpectedly: %s", key, e.getClass().getName());
        return RefusedException.PROCESSING_FAILED;
    }

    private void count(String name, String tag, String value) {
        Counter.builder(name).tag(tag, value).register(meters).increment();
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }

    private record Opened(Submission submission, String plaintext, Optional<JsonNode> payload) {
    }
}
