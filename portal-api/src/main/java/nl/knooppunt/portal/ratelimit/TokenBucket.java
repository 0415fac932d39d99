package nl.knooppunt.portal.ratelimit;

/** A token bucket: {@code burst} tokens, refilled at {@code perSecond}; one request takes one token. */
final class TokenBucket {

    private final double perSecond;
    private final double capacity;
    private double tokens;
    private long refilledAt;

    TokenBucket(double perSecond, int burst, long nowNanos) {
        this.perSecond = perSecond;
        this.capacity = Math.max(1, burst);
        this.tokens = capacity;
        this.refilledAt = nowNanos;
    }

    /** Takes a token; answers 0 when taken, else the nanoseconds until the next token. */
    synchronized long take(long nowNanos) {
        long elapsed = Math.max(0, nowNanos - refilledAt);
        tokens = Math.min(capacity, tokens + elapsed * perSecond / 1_000_000_000d);
        refilledAt = nowNanos;
        if (tokens >= 1) {
            tokens -= 1;
            return 0;
        }
        return (long) Math.ceil((1 - tokens) / perSecond * 1_000_000_000d);
    }

    /** Whole requests left in the bucket after the last {@link #take(long)}. */
    synchronized int remaining() {
        return (int) Math.floor(tokens);
    }

    /** The bucket size: requests a caller may make at once. */
    int capacity() {
        return (int) capacity;
    }
}
