package nl.knooppunt.routing.security;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.smallrye.jwt.auth.principal.ParseException;

/**
 * Remembers the tokens that verified, until they expire. Only the exact token string that passed every check is
 * remembered: a changed token is another key and is verified in full, a token that failed is never remembered, and a
 * remembered token is verified again once its {@code exp} has passed (and then refused). At most
 * {@value #MAX_ENTRIES} tokens are kept; beyond that the memory starts afresh.
 */
final class TokenMemory {

    /** Upper bound of remembered tokens. */
    static final int MAX_ENTRIES = 1024;

    /** The full verification of a token. */
    @FunctionalInterface
    interface Verification {
        JsonWebToken verify(String token) throws ParseException;
    }

    private final Clock clock;
    private final Map<String, JsonWebToken> verified = new ConcurrentHashMap<>();

    TokenMemory(Clock clock) {
        this.clock = clock;
    }

    JsonWebToken parse(String token, Verification verification) throws ParseException {
        long now = clock.instant().getEpochSecond();
        JsonWebToken known = token == null ? null : verified.get(token);
        if (known != null) {
            if (known.getExpirationTime() > now) {
                return known;
            }
            verified.remove(token, known);
        }
        JsonWebToken fresh = verification.verify(token);
        if (token != null && fresh != null && fresh.getExpirationTime() > now) {
            if (verified.size() >= MAX_ENTRIES) {
                verified.clear();
            }
            verified.put(token, fresh);
        }
        return fresh;
    }

    int size() {
        return verified.size();
    }
}
