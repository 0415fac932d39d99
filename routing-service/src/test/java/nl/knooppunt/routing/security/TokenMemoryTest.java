package nl.knooppunt.routing.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import org.eclipse.microprofile.jwt.Claims;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.Test;

import io.smallrye.jwt.auth.principal.ParseException;

class TokenMemoryTest {

    private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");

    private final MovableClock clock = new MovableClock();
    private final TokenMemory memory = new TokenMemory(clock);
    private final AtomicInteger verifications = new AtomicInteger();

    private TokenMemory.Verification validUntil(Instant exp) {
        return token -> {
            verifications.incrementAndGet();
            return new Token(token, exp.getEpochSecond());
        };
    }

    private TokenMemory.Verification refusing() {
        return token -> {
            verifications.incrementAndGet();
            throw new ParseException("refused");
        };
    }

    @Test
    void aTokenThatVerifiedIsAnsweredFromMemoryUntilItExpires() throws Exception {
        JsonWebToken first = memory.parse("a", validUntil(NOW.plusSeconds(300)));
        assertSame(first, memory.parse("a", validUntil(NOW.plusSeconds(300))));
        assertEquals(1, verifications.get());

        clock.now = NOW.plusSeconds(300);
        assertThrows(ParseException.class, () -> memory.parse("a", refusing()), "expired: verified again, refused");
        assertEquals(2, verifications.get());
        assertEquals(0, memory.size());
    }

    @Test
    void aTokenThatFailedIsNeverRemembered() {
        assertThrows(ParseException.class, () -> memory.parse("bad", refusing()));
        assertThrows(ParseException.class, () -> memory.parse("bad", refusing()));
        assertEquals(2, verifications.get());
        assertEquals(0, memory.size());
    }

    @Test
    void anotherStringIsVerifiedInFull() throws Exception {
        memory.parse("a", validUntil(NOW.plusSeconds(300)));
        assertThrows(ParseException.class, () -> memory.parse("a ", refusing()));
        assertThrows(ParseException.class, () -> memory.parse(null, refusing()));
        assertEquals(3, verifications.get());
    }

    @Test
    void anAlreadyExpiredAnswerIsNotRemembered() throws Exception {
        memory.parse("old", validUntil(NOW));
        memory.parse("old", validUntil(NOW));
        assertEquals(2, verifications.get());
    }

    @Test
    void theMemoryIsBounded() throws Exception {
        for (int i = 0; i <= TokenMemory.MAX_ENTRIES * 2; i++) {
            memory.parse("t" + i, validUntil(NOW.plusSeconds(300)));
        }
        assertTrue(memory.size() <= TokenMemory.MAX_ENTRIES, "size " + memory.size());
    }

    private final class MovableClock extends Clock {
        Instant now = NOW;

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private record Token(String raw, long exp) implements JsonWebToken {
        @Override
        public String getName() {
            return "portal-api";
        }

        @Override
        public Set<String> getClaimNames() {
            return Set.of(Claims.raw_token.name(), Claims.exp.name());
        }

        @Override
        @SuppressWarnings("unchecked")
        public <T> T getClaim(String claimName) {
            if (Claims.exp.name().equals(claimName)) {
                return (T) Long.valueOf(exp);
            }
            return Claims.raw_token.name().equals(claimName) ? (T) raw : null;
        }
    }
}
