package nl.knooppunt.standard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

import javax.crypto.spec.SecretKeySpec;

import org.jose4j.jwe.JsonWebEncryption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import nl.knooppunt.standard.crypto.TransitRatchet;
import nl.knooppunt.standard.crypto.TransitRatchet.Failure;
import nl.knooppunt.standard.crypto.TransitRatchet.OpenFailedException;

/** The transit ratchet: keys shared through one state file, destroyed on disk and in memory once out of the window. */
class TransitRatchetTest {

    private static final String PLAINTEXT = "{\"client\":{\"bsn\":\"999993653\"}}";
    private static final TransitRatchet.Settings SETTINGS = new TransitRatchet.Settings(Duration.ofMinutes(5),
            Duration.ofMinutes(30));

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-06T10:00:00Z"));

    @Test
    void bothEndsOfTheLinkShareKeysThroughTheStateFile() {
        Path state = dir.resolve(TransitRatchet.STATE_FILE);
        TransitRatchet portal = TransitRatchet.open(state, SETTINGS, clock, false);
        TransitRatchet validation = TransitRatchet.open(state, SETTINGS, clock, false);
        String jwe = portal.encrypt(PLAINTEXT);
        assertFalse(jwe.contains("999993653"));
        assertEquals("transit-" + portal.currentEpoch(), kidOf(jwe));
        assertEquals(PLAINTEXT, validation.decrypt(jwe));

        TransitRatchet stranger = TransitRatchet.open(dir.resolve("other.json"), SETTINGS, clock, false);
        assertEquals(Failure.UNDECRYPTABLE, assertThrows(OpenFailedException.class,
                () -> stranger.decrypt(jwe)).failure());
    }

    @Test
    void aKeyOpensWithinTheWindowAndNothingOpensItAfterwards() throws Exception {
        Path state = dir.resolve(TransitRatchet.STATE_FILE);
        TransitRatchet portal = TransitRatchet.open(state, SETTINGS, clock, false);
        TransitRatchet validation = TransitRatchet.open(state, SETTINGS, clock, false);
        String old = portal.encrypt(PLAINTEXT);
        long oldEpoch = portal.currentEpoch();

        clock.advance(Duration.ofMinutes(29));
        assertEquals(PLAINTEXT, validation.decrypt(old), "still inside the window");
        String fresh = portal.encrypt(PLAINTEXT);
        assertNotEquals(kidOf(old), kidOf(fresh), "every epoch has its own key");

        clock.advance(Duration.ofMinutes(7));
        assertEquals(Failure.KEY_DESTROYED, assertThrows(OpenFailedException.class,
                () -> validation.decrypt(old)).failure());
        assertEquals(PLAINTEXT, validation.decrypt(fresh));
        assertTrue(validation.oldestEpoch() > oldEpoch);

        // the file on disk moved on: whatever it lets one derive opens the fresh payload, never the old one
        long current = portal.currentEpoch();
        Map<Long, byte[]> derivable = TransitRatchet.keysDerivableFrom(state, current + 1);
        assertTrue(derivable.keySet().stream().allMatch(epoch -> epoch > oldEpoch), derivable.keySet().toString());
        assertTrue(derivable.values().stream().anyMatch(key -> opens(fresh, key)), "control: the state opens new");
        assertTrue(derivable.values().stream().noneMatch(key -> opens(old, key)), "shredded: nothing opens old");
        // and a restarted holder cannot either
        TransitRatchet restarted = TransitRatchet.open(state, SETTINGS, clock, false);
        assertEquals(Failure.KEY_DESTROYED, assertThrows(OpenFailedException.class,
                () -> restarted.decrypt(old)).failure());
        assertEquals(PLAINTEXT, restarted.decrypt(fresh));
    }

    @Test
    void theStateFileMovesForwardEvenWhenOnlyOneHolderIsAround() {
        Path state = dir.resolve(TransitRatchet.STATE_FILE);
        TransitRatchet portal = TransitRatchet.open(state, SETTINGS, clock, false);
        String old = portal.encrypt(PLAINTEXT);
        clock.advance(Duration.ofHours(2));
        portal.encrypt(PLAINTEXT);
        TransitRatchet validation = TransitRatchet.open(state, SETTINGS, clock, false);
        assertEquals(Failure.KEY_DESTROYED, assertThrows(OpenFailedException.class,
                () -> validation.decrypt(old)).failure());
        assertEquals(portal.currentEpoch() - 6, validation.oldestEpoch(), "30 minutes of 5-minute epochs");
    }

    @Test
    void aHolderOneEpochAheadIsUnderstoodButNotAFarFutureOne() {
        Path state = dir.resolve(TransitRatchet.STATE_FILE);
        TransitRatchet validation = TransitRatchet.open(state, SETTINGS, clock, false);
        MutableClock ahead = new MutableClock(clock.instant().plus(Duration.ofMinutes(5)));
        TransitRatchet portal = TransitRatchet.open(state, SETTINGS, ahead, false);
        assertEquals(PLAINTEXT, validation.decrypt(portal.encrypt(PLAINTEXT)));
        ahead.advance(Duration.ofMinutes(10));
        String farAhead = portal.encrypt(PLAINTEXT);
        assertEquals(Failure.KEY_UNKNOWN, assertThrows(OpenFailedException.class,
                () -> validation.decrypt(farAhead)).failure());
    }

    @Test
    void tamperedOrForeignPayloadsAreRefused() {
        TransitRatchet ratchet = TransitRatchet.open(dir.resolve(TransitRatchet.STATE_FILE), SETTINGS, clock, false);
        String jwe = ratchet.encrypt(PLAINTEXT);
        String[] parts = jwe.split("\\.");
        parts[3] = parts[3].substring(0, parts[3].length() - 2) + (parts[3].endsWith("AA") ? "BB" : "AA");
        assertEquals(Failure.UNDECRYPTABLE, assertThrows(OpenFailedException.class,
                () -> ratchet.decrypt(String.join(".", parts))).failure());
        assertEquals(Failure.UNDECRYPTABLE, assertThrows(OpenFailedException.class,
                () -> ratchet.decrypt("not a jwe")).failure());
    }

    @Test
    void holdersStartingTogetherAgreeOnOneKey() throws Exception {
        Path state = dir.resolve("fresh").resolve(TransitRatchet.STATE_FILE);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<TransitRatchet>> opens = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                opens.add(() -> TransitRatchet.open(state, SETTINGS, clock, false));
            }
            List<TransitRatchet> holders = new ArrayList<>();
            for (Future<TransitRatchet> f : pool.invokeAll(opens)) {
                holders.add(f.get());
            }
            String jwe = holders.get(0).encrypt(PLAINTEXT);
            for (TransitRatchet holder : holders) {
                assertEquals(PLAINTEXT, holder.decrypt(jwe));
            }
            try (var files = Files.list(state.getParent())) {
                assertEquals(List.of(state), files.toList(), "no temporary files left behind");
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void settingsRefuseAWindowShorterThanAnEpoch() {
        assertThrows(IllegalArgumentException.class,
                () -> new TransitRatchet.Settings(Duration.ofMinutes(5), Duration.ofMinutes(1)));
    }

    private static boolean opens(String compactJwe, byte[] key) {
        try {
            JsonWebEncryption jwe = new JsonWebEncryption();
            jwe.setCompactSerialization(compactJwe);
            jwe.setKey(new SecretKeySpec(key, "AES"));
            return PLAINTEXT.equals(jwe.getPlaintextString());
        } catch (Exception e) {
            return false;
        }
    }

    private static String kidOf(String compactJwe) {
        try {
            JsonWebEncryption jwe = new JsonWebEncryption();
            jwe.setCompactSerialization(compactJwe);
            return jwe.getKeyIdHeaderValue();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A clock tests move by hand. */
    private static final class MutableClock extends Clock {

        private final AtomicLong millis;

        MutableClock(Instant start) {
            this.millis = new AtomicLong(start.toEpochMilli());
        }

        void advance(Duration by) {
            millis.addAndGet(by.toMillis());
        }

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
            return Instant.ofEpochMilli(millis.get());
        }
    }
}
