package nl.knooppunt.portal.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

/** The memory of verified tokens on a clock the test turns: expiry, maximum age, exact strings and the bound. */
class BearerTokenMemoryTest {

    private static final Instant START = Instant.parse("2026-12-07T10:00:00Z");

    private final TurnedClock clock = new TurnedClock();

    @Test
    void aTokenIsRememberedUntilItsExpAndNotASecondLonger() {
        BearerTokenMemory<String> memory = new BearerTokenMemory<>(clock, 10, Duration.ofMinutes(5));
        memory.remember("token-a", START.getEpochSecond() + 60, "identity-a");

        clock.turn(Duration.ofSeconds(59).plusMillis(999));
        assertEquals("identity-a", memory.recall("token-a"));
        clock.turn(Duration.ofMillis(1));
        assertNull(memory.recall("token-a"), "at exp the token is no longer answered from memory");
        clock.turn(Duration.ofSeconds(-30));
        assertNull(memory.recall("token-a"), "an expired entry is gone, even if the clock steps back");
        assertEquals(0, memory.size());
    }

    @Test
    void aLongLivedTokenIsRememberedForTheMaximumAgeOnly() {
        BearerTokenMemory<String> memory = new BearerTokenMemory<>(clock, 10, Duration.ofMinutes(5));
        memory.remember("token-a", START.getEpochSecond() + 3600, "identity-a");

        clock.turn(Duration.ofMinutes(5).minusMillis(1));
        assertEquals("identity-a", memory.recall("token-a"));
        clock.turn(Duration.ofMillis(1));
        assertNull(memory.recall("token-a"));
    }

    @Test
    void anExpiredTokenIsNeverRemembered() {
        BearerTokenMemory<String> memory = new BearerTokenMemory<>(clock, 10, Duration.ofMinutes(5));
        memory.remember("past", START.getEpochSecond() - 1, "identity");
        memory.remember("now", START.getEpochSecond(), "identity");
        assertNull(memory.recall("past"));
        assertNull(memory.recall("now"));
        assertEquals(0, memory.size());
    }

    @Test
    void onlyTheExactTokenStringIsFound() {
        BearerTokenMemory<String> memory = new BearerTokenMemory<>(clock, 10, Duration.ofMinutes(5));
        memory.remember("header.payload.signature", START.getEpochSecond() + 60, "identity");
        assertEquals("identity", memory.recall("header.payload.signature"));
        assertNull(memory.recall("header.payload.signaturE"));
        assertNull(memory.recall("header.payload.signature "));
        assertNull(memory.recall("header.payload."));
    }

    @Test
    void twoTokensKeepTheirOwnValues() {
        BearerTokenMemory<String> memory = new BearerTokenMemory<>(clock, 10, Duration.ofMinutes(5));
        memory.remember("token-a", START.getEpochSecond() + 60, "identity-a");
        memory.remember("token-b", START.getEpochSecond() + 60, "identity-b");
        assertEquals("identity-a", memory.recall("token-a"));
        assertEquals("identity-b", memory.recall("token-b"));
    }

    @Test
    void theMemoryNeverHoldsMoreThanItsBound() {
        BearerTokenMemory<String> memory = new BearerTokenMemory<>(clock, 100, Duration.ofMinutes(5));
        for (int i = 0; i < 5_000; i++) {
            memory.remember("token-" + i, START.getEpochSecond() + 300, "identity-" + i);
            if (i % 500 == 0) {
                assertTrue(memory.size() <= 100, "at most 100 entries, found " + memory.size());
            }
        }
        assertEquals(100, memory.size());
        int found = 0;
        for (int i = 0; i < 5_000; i++) {
            String value = memory.recall("token-" + i);
            if (value != null) {
                assertEquals("identity-" + i, value);
                found++;
            }
        }
        assertEquals(100, found);
    }

    @Test
    void expiredEntriesLeaveTheMemoryWithoutBeingAskedFor() {
        BearerTokenMemory<String> memory = new BearerTokenMemory<>(clock, 100, Duration.ofMinutes(5));
        for (int i = 0; i < 50; i++) {
            memory.remember("token-" + i, START.getEpochSecond() + 60, "identity");
        }
        assertEquals(50, memory.size());
        clock.turn(Duration.ofSeconds(61));
        assertEquals(0, memory.size());
    }

    @Test
    void aMemoryWithoutRoomOrTimeIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new BearerTokenMemory<>(clock, 0, Duration.ofMinutes(5)));
        assertThrows(IllegalArgumentException.class, () -> new BearerTokenMemory<>(clock, 10, Duration.ZERO));
    }

    /** A clock that moves only when the test turns it. */
    private static final class TurnedClock extends Clock {

        private Instant now = START;

        void turn(Duration by) {
            now = now.plus(by);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
