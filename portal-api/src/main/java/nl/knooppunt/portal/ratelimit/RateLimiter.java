package nl.knooppunt.portal.ratelimit;

import java.util.concurrent.TimeUnit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

/** Per-caller token buckets; memory is bounded by {@link RateLimitConfig#maxCallers()} and idle expiry. */
@ApplicationScoped
public class RateLimiter {

    private final RateLimitConfig config;
    private final MeterRegistry metrics;
    private final Cache<String, TokenBucket> buckets;

    public RateLimiter(RateLimitConfig config, MeterRegistry metrics) {
        this.config = config;
        this.metrics = metrics;
        this.buckets = Caffeine.newBuilder().expireAfterAccess(config.idleExpiry()).maximumSize(config.maxCallers())
                .build();
    }

    /**
     * What one request did to its caller's budget.
     *
     * @param retryAfter 0 when allowed, else the whole seconds to wait (at least 1)
     * @param limit      the caller's burst (requests at once); 0 when rate limits are off
     * @param remaining  requests the caller may still make at once
     */
    public record Decision(long retryAfter, int limit, int remaining) {

        /** Whether rate limits are on (and the headers worth sending). */
        public boolean limited() {
            return limit > 0;
        }
    }

    private static final Decision UNLIMITED = new Decision(0, 0, 0);

    /**
     * Takes one request from the caller's budget.
     *
     * @param caller    a stable key: {@code client:<id>}, {@code organisation:<oin>} or {@code address:<ip>}
     * @param anonymous whether the anonymous limits apply
     */
    public Decision acquire(String caller, boolean anonymous) {
        if (!config.enabled()) {
            return UNLIMITED;
        }
        long now = System.nanoTime();
        TokenBucket bucket = buckets.get(caller, key -> anonymous
                ? new TokenBucket(config.anonymousRequestsPerSecond(), config.anonymousBurst(), now)
                : new TokenBucket(config.requestsPerSecond(), config.burst(), now));
        long waitNanos = bucket.take(now);
        if (waitNanos == 0) {
            return new Decision(0, bucket.capacity(), bucket.remaining());
        }
        metrics.counter("knooppunt.portal.rate-limited", "caller", anonymous ? "anonymous" : "authenticated")
                .increment();
        return new Decision(Math.max(1, TimeUnit.NANOSECONDS.toSeconds(waitNanos + 999_999_999L)), bucket.capacity(),
                0);
    }
}
