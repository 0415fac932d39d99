package nl.knooppunt.localstack;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;

/**
 * Asserts that a started process is gone. The operating system's view ({@link ProcessHandle#isAlive()}) changes the
 * moment the JDK's reaper collects the exit; {@link Process#isAlive()} only a little later, when the reaper has
 * recorded the exit code, so asserting on it right after a stop races on a busy machine.
 */
final class Exited {

    private Exited() {
    }

    /** The process no longer runs, and its {@link Process} object learns so within a few seconds. */
    static void assertExited(Process process) {
        assertFalse(process.toHandle().isAlive(), "process " + process.pid() + " still runs");
        try {
            assertTrue(process.waitFor(5, TimeUnit.SECONDS), "no exit recorded for " + process.pid());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
