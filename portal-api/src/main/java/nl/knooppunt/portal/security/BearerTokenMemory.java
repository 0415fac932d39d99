package nl.knooppunt.portal.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.TimeUnit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;

/**
 * What was learnt from verifying a bearer token, kept until the token expires. Only the exact token string that
 * verified is found again (the key is its SHA-256, so the memory holds no raw token as a key): a token that differs in
 * one character is another key. An entry lives until the token's {@code exp} and at most {@code maxAge}, whichever
 * comes first, and is never returned once that moment has passed. At most {@code maxEntries} are kept; beyond that
 * the least used are forgotten first.
 *
 * @param <V> what is remembered of a verified token
 */
final class BearerTokenMemory<V> {

    private final Clock clock;
    private final Duration maxAge;
    private final Cache<String, Entry<V>> entries;

    BearerTokenMemory(Clock clock, int maxEntries, Duration maxAge) {
        if (maxEntries < 1 || maxAge.isNegative() || maxAge.isZero()) {
            throw new IllegalArgumentException("the token memory needs at least one entry and a positive maximum age");
        }
        this.clock = clock;
        this.maxAge = maxAge;
        this.entries = Caffeine.newBuilder()
                .maximumSize(maxEntries)
                .expireAfter(Expiry.creating((String key, Entry<V> entry) -> Duration
                        .ofMillis(Math.max(0, entry.expiresAtMillis() - clock.millis()))))
                .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
                .executor(Runnable::run)
                .build();
    }

    /** What was remembered of this exact token, or null when it is unknown or its time has passed. */
    V recall(String token) {
        String key = key(token);
        Entry<V> entry = entries.getIfPresent(key);
        if (entry == null) {
            return null;
        }
        if (clock.millis() >= entry.expiresAtMillis()) {
            entries.asMap().remove(key, entry);
            return null;
        }
        return entry.value();
    }

    /**
     * Remembers a token that passed every check, until its expiry and at most the maximum age.
     *
     * @param expiresAt the token's {@code exp} in seconds since the epoch; a token already expired is not remembered
     */
    void remember(String token, long expiresAt, V value) {
        long now = clock.millis();
        long until = Math.min(TimeUnit.SECONDS.toMillis(expiresAt), now + maxAge.toMillis());
        if (until > now) {
            entries.put(key(token), new Entry<>(value, until));
        }
    }

    /** How many tokens are remembered now. */
    long size() {
        entries.cleanUp();
        return entries.estimatedSize();
    }

    private static String key(String token) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private record Entry<V>(V value, long expiresAtMillis) {
    }
}
