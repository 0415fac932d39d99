package nl.knooppunt.routing.push;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.core.http.HttpClient;
import nl.knooppunt.kit.trace.TraceAttributes;
import nl.knooppunt.routing.config.RoutingConfig;
import nl.knooppunt.routing.message.repository.StoredMessage;
import nl.knooppunt.routing.push.repository.PushRepository;
import nl.knooppunt.routing.push.repository.PushTarget;
import nl.knooppunt.standard.envelope.Envelope;

/**
 * Pushes webhook messages to their receivers, signed as Standard Webhooks with the receiver's secrets (ADR 0037).
 * Due pushes are claimed from the database with a lease (safe across replicas and restarts), at most
 * {@code max-concurrency-per-receiver} per receiver at a time so a slow receiver only delays itself. 2xx: delivered
 * and payload deleted; 4xx other than 408 and 429: failed, no more attempts; anything else, and an attempt without a
 * valid secret (none issued, or the registry unreachable: nothing is sent unsigned), is retried with exponential
 * back-off and jitter until the retention ends (then the expiry job expires it).
 */
@ApplicationScoped
public class PushDispatcher {

    private static final Logger LOG = Logger.getLogger(PushDispatcher.class);
    private static final Duration LEASE_MARGIN = Duration.ofSeconds(30);

    private final PushRepository repository;
    private final PushSigner signer;
    private final SigningSecrets secrets;
    private final ObjectMapper mapper;
    private final Clock clock;
    private final Vertx vertx;
    private final MeterRegistry metrics;
    private final RoutingConfig.Push config;
    private final Map<UUID, AtomicInteger> inFlight = new ConcurrentHashMap<>();
    private final AtomicBoolean claiming = new AtomicBoolean();
    private final AtomicBoolean again = new AtomicBoolean();
    private final AtomicBoolean stopping = new AtomicBoolean();
    private HttpClient client;
    private long timer = -1;
    private final Tracer tracer;

    public PushDispatcher(PushRepository repository, PushSigner signer, SigningSecrets secrets,
            ObjectMapper mapper, Clock clock, Vertx vertx, MeterRegistry metrics, RoutingConfig config,
            Tracer tracer) {
        this.tracer = tracer;
        this.repository = repository;
        this.signer = signer;
        this.secrets = secrets;
        this.mapper = mapper;
        this.clock = clock;
        this.vertx = vertx;
        this.metrics = metrics;
        this.config = config.routing().push();
    }

    void start(@Observes StartupEvent event) {
        // untraced (ADR 0047): a webhook URL's path can hold the receiver's own secret, and a receiver outside the
        // hub gets no traceparent of ours; the attempt is the `routing push` span
        client = vertx.createHttpClient(new HttpClientOptions()
                .setTracingPolicy(io.vertx.core.tracing.TracingPolicy.IGNORE)
                .setConnectTimeout((int) config.timeout().toMillis())
                .setMaxPoolSize(Math.max(64, config.maxConcurrencyPerReceiver() * 16))
                .setKeepAlive(true));
        timer = vertx.setPeriodic(config.tick().toMillis(), id -> kick());
    }

    /**
     * Graceful shutdown: claims no new pushes and waits (at most one push timeout plus a margin) for the pushes in
     * flight to finish and record their outcome, so a receiver that took a push is not pushed it again after a
     * rolling restart.
     */
    void stop(@Observes ShutdownEvent event) {
        stopping.set(true);
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
        long deadline = System.nanoTime() + config.timeout().plusSeconds(2).toNanos();
        while (inFlight() > 0 && System.nanoTime() < deadline) {
            LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
        }
        if (inFlight() > 0) {
            LOG.warnf("%d pushes still in flight at shutdown; they are retried after their lease", inFlight());
        }
    }

    private int inFlight() {
        return inFlight.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    /** Looks for due pushes now (called after a new webhook message is stored, and on every tick). */
    public void kick() {
        if (stopping.get()) {
            return;
        }
        if (!claiming.compareAndSet(false, true)) {
            again.set(true);
            return;
        }
        Instant now = clock.instant();
        List<UUID> busy = inFlight.entrySet().stream()
                .filter(e -> e.getValue().get() >= config.maxConcurrencyPerReceiver())
                .map(Map.Entry::getKey).toList();
        repository.claimDuePushes(now, now.plus(config.timeout()).plus(LEASE_MARGIN), busy, config.batchSize())
                .subscribe().with(claimed -> {
                    claimed.forEach(this::startOrRelease);
                    finishClaim();
                }, failure -> {
                    LOG.warnf("claiming due pushes failed: %s", failure.getClass().getName());
                    finishClaim();
                });
    }

    private void finishClaim() {
        claiming.set(false);
        if (again.getAndSet(false)) {
            kick();
        }
    }

    private void startOrRelease(PushTarget target) {
        UUID receiver = target.message().recipient();
        AtomicInteger count = inFlight.computeIfAbsent(receiver, r -> new AtomicInteger());
        if (count.incrementAndGet() > config.maxConcurrencyPerReceiver()) {
            count.decrementAndGet();
            repository.releasePush(target.message().id(), clock.instant()).subscribe().with(i -> { }, f -> { });
            return;
        }
        push(target).onTermination().invoke(() -> {
            count.decrementAndGet();
            vertx.runOnContext(this::kick);
        }).subscribe().with(i -> { }, f -> LOG.errorf("push of message %s: %s", target.message().id(),
                f.getClass().getName()));
    }

    /**
     * One push attempt in a trace of its own (ADR 0047): the push is claimed from the table, not from the delivery's
     * record, so it cannot continue the submission's trace; {@code knooppunt.message.id} links the two.
     */
    private Uni<Void> push(PushTarget target) {
        StoredMessage message = target.message();
        Span span = tracer.spanBuilder("routing push").setNoParent().startSpan();
        TraceAttributes.message(span, message.id(), message.module(), message.type(), message.sender(),
                message.recipient());
        span.setAttribute("knooppunt.push.attempt", target.attempts() + 1);
        return attempt(target).onFailure().invoke(f -> span.setStatus(StatusCode.ERROR)).onTermination().invoke(span::end);
    }

    private Uni<Void> attempt(PushTarget target) {
        StoredMessage message = target.message();
        if (!allowed(target)) {
            LOG.warnf("message %s: webhook of %s is not https; marked failed", message.id(), message.recipient());
            return concluded(repository.pushFailed(message.id(), 0, clock.instant()));
        }
        int attempt = target.attempts() + 1;
        String body;
        try {
            body = mapper.writeValueAsString(new PushBody(envelope(message), message.payload(), attempt));
        } catch (JsonProcessingException e) {
            return Uni.createFrom().failure(e);
        }
        Instant at = clock.instant();
        return secrets.at(message.recipient(), at)
                .onFailure().recoverWithItem(failure -> {
                    LOG.warnf("message %s: the signing secrets of %s could not be read (%s); retried", message.id(),
                            message.recipient(), failure.getClass().getSimpleName());
                    return null;
                })
                .chain(keys -> {
                    if (keys == null) {
                        return unsigned(target, attempt, "unreadable");
                    }
                    if (keys.isEmpty()) {
                        LOG.warnf("message %s: %s has no webhook signing secret (issue one at the registry); retried",
                                message.id(), message.recipient());
                        return unsigned(target, attempt, "none");
                    }
                    return send(target, attempt, body, at, keys);
                });
    }

    private Uni<Void> send(PushTarget target, int attempt, String body, Instant at, List<byte[]> keys) {
        StoredMessage message = target.message();
        String id = message.id().toString();
        long timestamp = at.getEpochSecond();
        RequestOptions request = new RequestOptions().setMethod(HttpMethod.POST)
                .setAbsoluteURI(target.url().toString())
                .setTimeout(config.timeout().toMillis())
                .putHeader("Content-Type", "application/json")
                .putHeader(PushSigner.ID_HEADER, id)
                .putHeader(PushSigner.TIMESTAMP_HEADER, Long.toString(timestamp))
                .putHeader(PushSigner.SIGNATURE_HEADER, signer.sign(id, timestamp, body, keys));
        return client.request(request)
                .chain(req -> req.send(Buffer.buffer(body)))
                .chain(response -> response.body().replaceWith(response.statusCode()))
                .map(status -> (Integer) status)
                .onFailure().recoverWithItem(failure -> {
                    LOG.debugf("push of message %s failed: %s", message.id(), failure.getClass().getSimpleName());
                    return null;
                })
                .chain(status -> outcome(target, attempt, status));
    }

    /** Nothing was sent: without a valid secret a push would be unsigned. The attempt counts; retried with back-off. */
    private Uni<Void> unsigned(PushTarget target, int attempt, String reason) {
        metrics.counter("knooppunt.routing.pushes", "outcome", "unsigned-" + reason).increment();
        return repository.pushRetry(target.message().id(), null, clock.instant().plus(backoff(attempt)));
    }

    private Uni<Void> outcome(PushTarget target, int attempt, Integer status) {
        StoredMessage message = target.message();
        Instant now = clock.instant();
        metrics.counter("knooppunt.routing.pushes", "outcome", status == null ? "unreachable" : (status / 100) + "xx")
                .increment();
        if (status != null && status >= 200 && status < 300) {
            LOG.debugf("message %s pushed to %s (attempt %d), ciphertext removed", message.id(), message.recipient(),
                    attempt);
            return concluded(repository.pushDelivered(message.id(), status, now));
        }
        if (status != null && status >= 400 && status < 500 && status != 408 && status != 429) {
            LOG.warnf("message %s: receiver %s refused the push with %d; marked failed", message.id(),
                    message.recipient(), status);
            return concluded(repository.pushFailed(message.id(), status, now));
        }
        Instant next = now.plus(backoff(attempt));
        LOG.infof("message %s: push attempt %d to %s failed (%s); next at %s", message.id(), attempt,
                message.recipient(), status == null ? "no answer" : status, next);
        return repository.pushRetry(message.id(), status, next);
    }

    /** The push's outcome is recorded, with its feed event, in the row's own statement. */
    private Uni<Void> concluded(Uni<java.util.Optional<StoredMessage>> change) {
        return change.replaceWithVoid();
    }

    /** Exponential back-off with jitter: uniformly random in [d/2, d], d = initial * 2^(attempt-1), capped. */
    Duration backoff(int attempt) {
        long initial = config.initialBackoff().toMillis();
        long cap = config.maxBackoff().toMillis();
        long exponential = attempt >= 40 ? cap : Math.min(cap, initial * (1L << Math.max(0, attempt - 1)));
        long jittered = exponential / 2 + ThreadLocalRandom.current().nextLong(exponential / 2 + 1);
        return Duration.ofMillis(Math.max(1, jittered));
    }

    private boolean allowed(PushTarget target) {
        String scheme = target.url().getScheme();
        return "https".equalsIgnoreCase(scheme) || (config.allowHttp() && "http".equalsIgnoreCase(scheme));
    }

    private static Envelope envelope(StoredMessage m) {
        return new Envelope(m.id().toString(), m.conversationId().toString(),
                m.inReplyTo() == null ? null : m.inReplyTo().toString(), m.module(), m.type(),
                m.sender().toString(), m.recipient().toString(), m.submittedAt());
    }

    /**
     * What a receiver gets: the envelope in clear and the payload as the JWE to its own key.
     *
     * @param attempt 1 for the first push of this message, higher for retries
     */
    public record PushBody(Envelope envelope, String payload, int attempt) {
    }
}
