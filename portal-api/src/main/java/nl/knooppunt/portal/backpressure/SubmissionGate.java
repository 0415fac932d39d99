package nl.knooppunt.portal.backpressure;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import nl.knooppunt.kit.problem.Problem;
import nl.knooppunt.kit.problem.ProblemException;

/**
 * Bounds the submissions in flight, fails fast while Kafka cannot take them and refuses while routing-service's
 * delivery backlog is above its bound, so a slow or absent Kafka, validation-service or routing-service turns into
 * quick 503 answers with Retry-After instead of piled-up requests, memory and undelivered messages.
 */
@ApplicationScoped
public class SubmissionGate {

    private static final Logger LOG = Logger.getLogger(SubmissionGate.class);

    private final BackPressureConfig config;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicLong refuseUntilNanos = new AtomicLong(System.nanoTime());
    private final DeliveryBacklog deliveryBacklog;
    private final Counter shedKafka;
    private final Counter shedInFlight;
    private final Counter shedBacklog;

    public SubmissionGate(BackPressureConfig config, DeliveryBacklog deliveryBacklog, MeterRegistry metrics) {
        this.config = config;
        this.deliveryBacklog = deliveryBacklog;
        metrics.gauge("knooppunt.portal.submissions.in-flight", inFlight);
        this.shedKafka = metrics.counter("knooppunt.portal.submissions.shed", "reason", "kafka");
        this.shedInFlight = metrics.counter("knooppunt.portal.submissions.shed", "reason", "in-flight");
        this.shedBacklog = metrics.counter("knooppunt.portal.submissions.shed", "reason", "delivery-backlog");
    }

    /** Runs the submission when there is room, else fails with a 503 problem at once. */
    public <T> Uni<T> guard(Supplier<Uni<T>> submission) {
        return Uni.createFrom().deferred(() -> {
            if (System.nanoTime() - refuseUntilNanos.get() < 0) {
                shedKafka.increment();
                return Uni.createFrom().failure(unavailable("the hub cannot hand messages on right now; retry later"));
            }
            if (deliveryBacklog.overBound()) {
                shedBacklog.increment();
                return Uni.createFrom().failure(unavailable("the hub is behind with delivering messages; "
                        + "retry later"));
            }
            if (inFlight.incrementAndGet() > config.maxInFlightSubmissions()) {
                inFlight.decrementAndGet();
                shedInFlight.increment();
                return Uni.createFrom().failure(unavailable("the hub is handling too many messages at once; "
                        + "retry later"));
            }
            Uni<T> work;
            try {
                work = submission.get();
            } catch (RuntimeException e) {
                inFlight.decrementAndGet();
                return Uni.createFrom().failure(e);
            }
            return work.onTermination().invoke(inFlight::decrementAndGet);
        });
    }

    /** How long a send to Kafka may take. */
    public java.time.Duration sendTimeout() {
        return config.sendTimeout();
    }

    /** Records that Kafka did not take a submission: refuse new ones at once for a short while. */
    public void sendFailed(Throwable failure) {
        LOG.warnf("Kafka did not take a submission (%s); refusing new submissions for %s",
                failure.getClass().getSimpleName(), config.failFastAfterSendFailure());
        refuseUntilNanos.set(System.nanoTime() + config.failFastAfterSendFailure().toNanos());
    }

    /** Submissions in flight now. */
    public int inFlight() {
        return inFlight.get();
    }

    /** A 503 problem with this gate's Retry-After. */
    public ProblemException unavailable(String detail) {
        return new ProblemException(Problem.of(503, "unavailable", "Service unavailable", detail),
                Map.of("Retry-After", Long.toString(Math.max(1, config.retryAfter().toSeconds()))));
    }
}
