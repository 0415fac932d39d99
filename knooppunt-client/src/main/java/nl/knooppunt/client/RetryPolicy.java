package nl.knooppunt.client;

import java.time.Duration;
import java.util.Optional;

/**
 * When the client tries a request again: after a {@code 429} or {@code 503} (and a {@code 409} that carries
 * {@code Retry-After}, a keyed submission still in progress) it waits as {@code Retry-After} says, after no answer
 * at all it waits {@code delayWithoutRetryAfter}; it gives up after {@code maxAttempts} attempts or when the next
 * wait would end more than {@code maxElapsed} after the first attempt began. A submission keeps its
 * {@code Idempotency-Key} on every attempt, so a retry never delivers a message twice.
 *
 * @param maxAttempts            attempts in all, at least 1 ({@link #singleAttempt()}: no retry)
 * @param maxElapsed             the time budget of all attempts and waits together
 * @param delayWithoutRetryAfter the wait when the answer named none (or none came)
 */
public record RetryPolicy(int maxAttempts, Duration maxElapsed, Duration delayWithoutRetryAfter) {

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
        if (maxElapsed.isNegative() || delayWithoutRetryAfter.isNegative()) {
            throw new IllegalArgumentException("durations must not be negative");
        }
    }

    /** 5 attempts within 60 seconds, 1 second apart unless the hub says otherwise. */
    public static RetryPolicy defaults() {
        return new RetryPolicy(5, Duration.ofSeconds(60), Duration.ofSeconds(1));
    }

    /** One attempt: every refusal and every failure reaches the caller as it happened (a load driver measures it). */
    public static RetryPolicy singleAttempt() {
        return new RetryPolicy(1, Duration.ZERO, Duration.ZERO);
    }

    /**
     * The wait before the next attempt, or empty when the policy gives up.
     *
     * @param attemptsMade attempts made so far (at least 1)
     * @param elapsed      time since the first attempt began
     * @param retryAfter   what the hub asked for, if anything
     */
    public Optional<Duration> nextDelay(int attemptsMade, Duration elapsed, Optional<Duration> retryAfter) {
        if (attemptsMade >= maxAttempts) {
            return Optional.empty();
        }
        Duration delay = retryAfter.orElse(delayWithoutRetryAfter);
        if (elapsed.plus(delay).compareTo(maxElapsed) > 0) {
            return Optional.empty();
        }
        return Optional.of(delay);
    }
}
