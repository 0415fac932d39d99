package nl.knooppunt.validation.submission;

import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Acknowledgment;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.TracingMetadata;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import nl.knooppunt.standard.kafka.InFlightLimit;
import nl.knooppunt.validation.config.KnooppuntConfig;
import nl.knooppunt.validation.dependency.DependencyUnavailableException;

/**
 * Consumes {@code knooppunt.submissions} at least once, up to {@link SubmissionIntakeConfig#concurrency()} records at
 * a time (ADR 0027): submissions are keyed by message id and need no order, so a record does not wait for the one
 * before it. A record is acknowledged when its verdict (and delivery) or dead letter is on the broker; the throttled
 * commit strategy commits a partition only up to its oldest record not acknowledged yet, so a stop or rebalance
 * processes unfinished records again (judging is idempotent by message id). While a dependency (registry, routing,
 * Kafka) stays unavailable a record is processed again in place with a growing backoff, for as long as it takes (ADR
 * 0024): nothing is judged on missing data, dropped or dead-lettered, and once the limit of waiting records is
 * reached the channel takes no more, so the consumer resumes by itself when the dependency is back, with no restart.
 */
@ApplicationScoped
public class SubmissionConsumer {

    private static final Logger LOG = Logger.getLogger(SubmissionConsumer.class);

    private final SubmissionProcessor processor;
    private final KnooppuntConfig.Redelivery redelivery;
    private final InFlightLimit inFlight;
    private final AtomicLong waiting = new AtomicLong();
    private final Tracer tracer;

    public SubmissionConsumer(SubmissionProcessor processor, KnooppuntConfig config, SubmissionIntakeConfig intake,
            Tracer tracer) {
        this.processor = processor;
        this.tracer = tracer;
        this.redelivery = config.validation().redelivery();
        this.inFlight = new InFlightLimit(intake.concurrency());
    }

    /**
     * Starts judging the record and completes as soon as there is room for the next one; the record itself is
     * acknowledged (or, on a defect, nacked, which stops the channel) when its judging ends.
     */
    @Incoming(Channels.SUBMISSIONS)
    @Acknowledgment(Acknowledgment.Strategy.MANUAL)
    @SuppressWarnings("unchecked")
    public Uni<Void> consume(Message<String> record) {
        IncomingKafkaRecordMetadata<String, String> origin = record.getMetadata(IncomingKafkaRecordMetadata.class)
                .orElseThrow(() -> new IllegalStateException("not a Kafka record"));
        // the trace portal-api started (ADR 0047): the messaging connector's receive span, child of the record's
        // traceparent header, is the parent of the judging span, whose context goes on the delivery and the verdict
        Context received = TracingMetadata.fromMessage(record).map(TracingMetadata::getCurrentContext)
                .orElseGet(Context::current);
        Span judging = tracer.spanBuilder("validation judge").setParent(received).startSpan();
        return Uni.createFrom().completionStage(inFlight::acquire)
                .invoke(() -> judge(origin, record.getPayload(), received.with(judging)).subscribe().with(
                        done -> {
                            judging.end();
                            inFlight.release();
                            record.ack();
                        },
                        failure -> {
                            judging.recordException(failure, io.opentelemetry.api.common.Attributes.empty());
                            judging.end();
                            inFlight.release();
                            LOG.errorf("submission record %s-%d@%d could not be processed: %s", origin.getTopic(),
                                    origin.getPartition(), origin.getOffset(), failure.getClass().getName());
                            record.nack(failure);
                        }));
    }

    private Uni<Void> judge(IncomingKafkaRecordMetadata<String, String> origin, String value, Context trace) {
        return Uni.createFrom().deferred(() -> processor.process(origin.getPartition(), origin.getOffset(),
                        origin.getKey(), value, trace))
                .onFailure(DependencyUnavailableException.class).invoke(e -> {
                    waiting.incrementAndGet();
                    LOG.warnf("submission record %s-%d@%d waits for a dependency and is processed again: %s",
                            origin.getTopic(), origin.getPartition(), origin.getOffset(), e.getMessage());
                })
                .onFailure(DependencyUnavailableException.class).retry()
                .withBackOff(redelivery.initialBackoff(), redelivery.maxBackoff())
                .withJitter(0.2)
                .indefinitely();
    }

    /** How many times a record had to wait for a dependency since start (for tests and diagnostics). */
    public long waits() {
        return waiting.get();
    }

    /** How many records are being judged now (for tests and diagnostics). */
    public int inFlight() {
        return inFlight.running();
    }
}
