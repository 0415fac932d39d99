package nl.knooppunt.portal.message;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executor;
import io.smallrye.mutiny.TimeoutException;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.TracingMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.vertx.core.Vertx;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import nl.knooppunt.kit.problem.Problem;
import nl.knooppunt.kit.problem.ProblemException;
import nl.knooppunt.portal.backpressure.SubmissionGate;
import nl.knooppunt.portal.config.PortalConfig;
import nl.knooppunt.portal.identity.Caller;
import nl.knooppunt.portal.problem.Downstream;
import nl.knooppunt.portal.problem.Echo;
import nl.knooppunt.kit.trace.TraceAttributes;
import nl.knooppunt.standard.catalogue.Catalogue;
import nl.knooppunt.standard.crypto.EnvelopeAssertions;
import nl.knooppunt.standard.crypto.HubSecrets;
import nl.knooppunt.standard.crypto.LinkKeyRing;
import nl.knooppunt.standard.crypto.TransitRatchet;
import nl.knooppunt.standard.envelope.Envelope;
import nl.knooppunt.standard.kafka.Topics;
import nl.knooppunt.standard.envelope.Submission;
import nl.knooppunt.standard.envelope.Verdict;
import nl.knooppunt.standard.envelope.Violation;

/**
 * Takes a participant's submission: encrypts the payload for transit, signs the envelope assertion (HS256 with the
 * submission link's key, ADR 0029), sends it to validation-service over Kafka and waits for the verdict, so the
 * caller gets a synchronous answer.
 */
@ApplicationScoped
public class SubmissionService {

    private static final Logger LOG = Logger.getLogger(SubmissionService.class);
    private static final String ISSUER = "portal-api";

    private final MutinyEmitter<Submission> submissions;
    private final VerdictAwaiter verdicts;
    private final PortalConfig config;
    private final ObjectMapper mapper;
    private final MeterRegistry metrics;
    private final RecentlyAccepted recentlyAccepted;
    private final SubmissionGate gate;
    private final TransitRatchet transit;
    private final LinkKeyRing submissionLink;

    public SubmissionService(@Channel(Channels.SUBMISSIONS) MutinyEmitter<Submission> submissions,
            VerdictAwaiter verdicts, PortalConfig config, ObjectMapper mapper, MeterRegistry metrics,
            RecentlyAccepted recentlyAccepted, SubmissionGate gate) {
        this.submissions = submissions;
        this.gate = gate;
        this.verdicts = verdicts;
        this.config = config;
        this.mapper = mapper;
        this.metrics = metrics;
        this.recentlyAccepted = recentlyAccepted;
        this.transit = TransitRatchet.open(config.transit().stateFile()
                .orElse(config.secretsDir().resolve(TransitRatchet.STATE_FILE)),
                new TransitRatchet.Settings(config.transit().epoch(), config.transit().window()));
        this.submissionLink = LinkKeyRing.read(config.secretsDir().resolve(HubSecrets.SUBMISSION_LINK_KEYS));
    }

    /** Stops the transit ratchet's tick. */
    @PreDestroy
    void close() {
        transit.close();
    }

    public Uni<SubmissionResult> submit(Caller caller, SubmissionRequest request) {
        return submit(caller, request, null);
    }

    /**
     * Submits with the given message id (derived from an Idempotency-Key, so a retry submits the same id again), or
     * a fresh random one when {@code null}.
     */
    public Uni<SubmissionResult> submit(Caller caller, SubmissionRequest request, String messageId) {
        Envelope envelope = envelope(caller, request, messageId);
        io.vertx.core.Context requestContext = Vertx.currentContext();
        // the request's span (ADR 0047): metadata on it, and its context on the Kafka record, whose traceparent
        // header validation-service continues; captured here, as the record is sent from a worker thread
        Context trace = Context.current();
        TraceAttributes.message(Span.fromContext(trace), envelope.messageId(), envelope.module(), envelope.type(),
                envelope.sender(), envelope.recipient());
        if (!verdicts.ready()) {
            return Uni.createFrom().failure(ProblemException.unavailable("the hub is starting; retry shortly",
                    Downstream.RETRY_AFTER_SECONDS));
        }
        return gate.guard(() -> Uni.createFrom().item(() -> seal(envelope, request))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .chain(submission -> {
                    Uni<Verdict> verdict = verdicts.await(envelope.messageId(), config.portal().verdictTimeout());
                    // deferred: an emitter that cannot take the record may throw instead of failing the Uni
                    return Uni.createFrom().deferred(() -> submissions.sendMessage(Message.of(submission).addMetadata(
                            OutgoingKafkaRecordMetadata.<String>builder().withKey(Topics.submissionKey(envelope)).build())
                            .addMetadata(TracingMetadata.withCurrent(trace))))
                            .ifNoItem().after(gate.sendTimeout()).fail()
                            .onFailure().invoke(f -> {
                                verdicts.forget(envelope.messageId());
                                gate.sendFailed(f);
                            })
                            .onFailure().transform(f -> gate.unavailable(
                                    "the hub cannot take messages right now; retry later"))
                            .replaceWith(verdict.emitOn(backOn(requestContext)));
                })
                .onFailure(TimeoutException.class).transform(f -> {
                    LOG.warnf("no verdict for message %s in time", envelope.messageId());
                    return gate.unavailable("validation did not answer in time; the message may still "
                            + "be delivered: check GET /api/v1/messages/" + envelope.messageId());
                }))
                .map(verdict -> {
                    metrics.counter("knooppunt.portal.submissions", "module", envelope.module(), "type",
                            envelope.type(), "outcome", verdict.outcome().name().toLowerCase()).increment();
                    if (verdict.outcome() != Verdict.Outcome.ACCEPTED) {
                        throw ProblemException.violations(verdict.violations());
                    }
                    LOG.infof("accepted message %s (%s/%s) from %s to %s", envelope.messageId(), envelope.module(),
                            envelope.type(), envelope.sender(), envelope.recipient());
                    recentlyAccepted.remember(envelope, verdict.conversationId());
                    return new SubmissionResult(envelope.messageId(), verdict.conversationId(), "accepted");
                });
    }

    /**
     * Where the rest of a request continues once its verdict (or the wait's timeout) arrives: on the request's own
     * Vert.x context, with its request scope, not on the Kafka consumer or timer thread that completed the wait.
     */
    private static Executor backOn(io.vertx.core.Context context) {
        return context == null ? Runnable::run : task -> context.runOnContext(ignored -> task.run());
    }

    private Envelope envelope(Caller caller, SubmissionRequest request, String givenId) {
        if (request == null) {
            throw ProblemException.badRequest("a JSON body with module, type, recipient and payload is required");
        }
        require(request.module(), "module");
        require(request.type(), "type");
        require(request.recipient(), "recipient");
        if (request.payload() == null || request.payload().isNull()) {
            throw ProblemException.badRequest("field 'payload' is required");
        }
        uuid(request.recipient(), "recipient");
        if (request.inReplyTo() != null) {
            uuid(request.inReplyTo(), "inReplyTo");
        }
        if (Catalogue.standard().messageType(request.module(), request.type()).isEmpty()) {
            throw ProblemException.violations(List.of(new Violation("standard.unknown-type", "",
                    "the standard has no message type '" + Echo.safe(request.type()) + "' in module '"
                            + Echo.safe(request.module()) + "'; see GET /api/v1/standard")));
        }
        if (!request.payload().isObject()) {
            throw ProblemException.violations(List.of(new Violation("schema.type", "",
                    "the payload must be a JSON object")));
        }
        String messageId = givenId != null ? givenId : UUID.randomUUID().toString();
        String conversationId = request.inReplyTo() == null ? messageId : null;
        return new Envelope(messageId, conversationId, request.inReplyTo(), request.module(), request.type(),
                caller.participantId(), request.recipient(), Instant.now());
    }

    private Submission seal(Envelope envelope, SubmissionRequest request) {
        byte[] plaintext;
        try {
            plaintext = mapper.writeValueAsBytes(request.payload());
        } catch (JsonProcessingException e) {
            throw ProblemException.badRequest("the payload cannot be serialised as JSON");
        }
        if (plaintext.length > config.portal().maxPayloadBytes()) {
            throw new ProblemException(Problem.of(413, "payload-too-large",
                    "Payload too large", "the payload may be at most " + config.portal().maxPayloadBytes()
                            + " bytes of JSON"));
        }
        String ciphertext = transit.encrypt(new String(plaintext, StandardCharsets.UTF_8));
        String assertion = EnvelopeAssertions.sign(envelope, ciphertext, ISSUER, config.portal().assertionTtl(),
                submissionLink);
        return new Submission(envelope, ciphertext, assertion);
    }

    private static void require(String value, String field) {
        if (value == null || value.isBlank()) {
            throw ProblemException.badRequest("field '" + field + "' is required");
        }
    }

    private static void uuid(String value, String field) {
        try {
            if (!UUID.fromString(value).toString().equalsIgnoreCase(value)) {
                throw new IllegalArgumentException("not in canonical form");
            }
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("field '" + field + "' must be a participant or message id (UUID)");
        }
    }
}
