package nl.knooppunt.portal.message;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.smallrye.common.annotation.Identifier;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Default;
import nl.knooppunt.standard.envelope.Verdict;

/**
 * The reply half of portal-api's request-reply over Kafka: every replica reads all verdicts (its own consumer
 * group, starting at the end) and completes the submissions it is waiting for. Not ready until its partitions
 * are assigned and positioned, so no verdict can slip past a fresh replica.
 */
@Readiness
@ApplicationScoped
@Default
@Identifier("verdicts-rebalance")
public class VerdictAwaiter implements KafkaConsumerRebalanceListener, HealthCheck {

    private final Map<String, Waiting> pending = new ConcurrentHashMap<>();
    private final AtomicBoolean assigned = new AtomicBoolean();

    /**
     * Registers interest in a verdict before the submission is sent. Several requests may wait for one message id
     * (retries of one Idempotency-Key); each is answered by its verdict and each stops waiting on its own.
     */
    public Uni<Verdict> await(String messageId, Duration timeout) {
        Waiting waiting = pending.compute(messageId, (id, w) -> (w == null ? new Waiting() : w).join());
        AtomicBoolean done = new AtomicBoolean();
        return Uni.createFrom().completionStage(waiting.future)
                .ifNoItem().after(timeout).fail()
                .onTermination().invoke(() -> {
                    if (done.compareAndSet(false, true)) {
                        leave(messageId);
                    }
                });
    }

    /** Gives up waiting (the submission could not be sent, so the awaited verdict was never subscribed to). */
    public void forget(String messageId) {
        leave(messageId);
    }

    private void leave(String messageId) {
        pending.computeIfPresent(messageId, (id, w) -> w.leave() ? null : w);
    }

    /** The requests waiting for one message's verdict. */
    private static final class Waiting {
        final CompletableFuture<Verdict> future = new CompletableFuture<>();
        int waiters;

        Waiting join() {
            waiters++;
            return this;
        }

        /** One waiter fewer; whether none is left. */
        boolean leave() {
            return --waiters <= 0;
        }
    }

    @Incoming(Channels.VERDICTS)
    public void onVerdict(Verdict verdict) {
        if (verdict == null || verdict.messageId() == null) {
            return;
        }
        Waiting waiting = pending.get(verdict.messageId());
        if (waiting != null) {
            waiting.future.complete(verdict);
        }
    }

    public boolean ready() {
        return assigned.get();
    }

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        partitions.forEach(consumer::position);
        assigned.set(true);
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("verdicts-consumer-assigned").status(assigned.get()).build();
    }
}
