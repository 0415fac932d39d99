package nl.knooppunt.portal.message;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Default;
import nl.knooppunt.portal.config.PortalConfig;
import nl.knooppunt.standard.crypto.HubSecrets;
import nl.knooppunt.standard.crypto.Jwks;
import nl.knooppunt.standard.crypto.VerdictSeals;
import nl.knooppunt.standard.envelope.Verdict;

/**
 * The reply half of portal-api's request-reply over Kafka: every replica reads all verdicts (its own consumer
 * group, starting at the end) and completes the submissions it is waiting for. Not ready until its partitions
 * are assigned and positioned, so no verdict can slip past a fresh replica. Only verdicts sealed by validation-service
 * (ADR 0014) count: an unsealed, forged or malformed record is ignored, logged with its message id and counted in
 * {@code knooppunt.verdicts.refused}, so whoever else can write to the topic cannot answer a sender.
 */
@Readiness
@ApplicationScoped
@Default
@Identifier("verdicts-rebalance")
public class VerdictAwaiter implements KafkaConsumerRebalanceListener, HealthCheck {

    private static final Logger LOG = Logger.getLogger(VerdictAwaiter.class);

    private final Map<String, Waiting> pending = new ConcurrentHashMap<>();
    private final AtomicBoolean assigned = new AtomicBoolean();
    private final VerdictSeals seals;
    private final ObjectMapper mapper;
    private final MeterRegistry registry;

    public VerdictAwaiter(PortalConfig config, ObjectMapper mapper, MeterRegistry registry) {
        this.seals = new VerdictSeals(Jwks.readSet(config.secretsDir().resolve(HubSecrets.SUBMISSION_LINK_KEYS)));
        this.mapper = mapper;
        this.registry = registry;
    }

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
    public void onVerdict(ConsumerRecord<String, String> record) {
        Header header = record.headers().lastHeader(VerdictSeals.HEADER);
        if (header == null) {
            refuse(record, "unsealed");
            return;
        }
        if (!seals.verify(record.key(), record.value(), new String(header.value(), StandardCharsets.UTF_8))) {
            refuse(record, "forged");
            return;
        }
        Verdict verdict;
        try {
            verdict = record.value() == null ? null : mapper.readValue(record.value(), Verdict.class);
        } catch (IOException e) {
            verdict = null;
        }
        if (verdict == null || verdict.messageId() == null || !verdict.messageId().equals(record.key())
                || verdict.outcome() == null) {
            refuse(record, "malformed");
            return;
        }
        Waiting waiting = pending.get(verdict.messageId());
        if (waiting != null) {
            waiting.future.complete(verdict);
        }
    }

    /** The record key if it is a message id; anything else a writer put there is not logged. */
    private static String printable(String key) {
        if (key == null) {
            return "(none)";
        }
        try {
            return UUID.fromString(key).toString().equalsIgnoreCase(key) ? key : "(not a message id)";
        } catch (IllegalArgumentException e) {
            return "(not a message id)";
        }
    }

    private void refuse(ConsumerRecord<String, String> record, String reason) {
        LOG.warnf("verdict refused (%s): key %s at %s-%d@%d", reason, printable(record.key()),
                record.topic(), record.partition(), record.offset());
        Counter.builder("knooppunt.verdicts.refused")
                .description("Verdict records ignored because their seal was missing or wrong, or they were malformed")
                .tag("reason", reason)
                .register(registry).increment();
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
