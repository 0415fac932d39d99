package nl.knooppunt.routing.idempotency.service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import nl.knooppunt.routing.config.RoutingConfig;
import nl.knooppunt.routing.idempotency.repository.IdempotencyRepository;
import nl.knooppunt.routing.idempotency.repository.IdempotencyRepository.Claim;

/**
 * Idempotency keys of submissions: claim (or take over an abandoned claim after its lease), complete with the first
 * result, release when nothing was sent. A key is forgotten after {@code knooppunt.routing.expiry.idempotency-key-ttl}.
 */
@ApplicationScoped
public class IdempotencyKeys {

    private final IdempotencyRepository repository;
    private final Clock clock;
    private final RoutingConfig.Expiry config;

    public IdempotencyKeys(IdempotencyRepository repository, Clock clock, RoutingConfig config) {
        this.repository = repository;
        this.clock = clock;
        this.config = config.routing().expiry();
    }

    /** Claims the key for the body's digest; an open claim older than {@code lease} (when given) is taken over. */
    public Uni<Claim> claim(UUID sender, String key, String digest, Duration lease) {
        Instant now = clock.instant();
        return repository.claim(sender, key, digest, now, now.minus(config.idempotencyKeyTtl()),
                lease == null ? null : now.minus(lease));
    }

    /** Stores the first result of an open claim; false when there is no open claim for this key and body. */
    public Uni<Boolean> complete(UUID sender, String key, String digest, String result) {
        return repository.complete(sender, key, digest, result);
    }

    /** Drops an open claim of a submission that failed. */
    public Uni<Void> release(UUID sender, String key, String digest) {
        return repository.release(sender, key, digest);
    }
}
