package nl.knooppunt.localstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The crash the fault injection inflicts: SIGKILL of a whole tree, even of a process that ignores SIGTERM. */
class KillTreeTest {

    private Process process;

    @AfterEach
    void killLeftovers() {
        if (process != null) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }

    @Test
    void killTreeEndsAProcessThatIgnoresSigtermAndItsChildrenAtOnce() {
        process = start("trap '' TERM; sleep 300 & sleep 300 & wait");
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> process.toHandle().children().count() >= 2);
        List<ProcessHandle> children = process.toHandle().children().toList();
        long begin = System.nanoTime();

        assertTrue(Processes.killTree(process.toHandle()));

        assertTrue(Duration.ofNanos(System.nanoTime() - begin).compareTo(Duration.ofSeconds(5)) < 0,
                "no grace period: SIGKILL at once");
        Exited.assertExited(process);
        assertTrue(children.stream().noneMatch(ProcessHandle::isAlive), "children survived: " + children);
    }

    @Test
    void terminateTreeWaitsForASigtermToBeHonoured() {
        process = start("trap 'exit 7' TERM; while true; do sleep 0.1; done");
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> process.toHandle().children().count() >= 1);

        assertTrue(Processes.terminateTree(process.toHandle(), Duration.ofSeconds(10)));
        Exited.assertExited(process);
        assertEquals(7, process.exitValue(), "the script's own SIGTERM handler ran");
    }

    private static Process start(String script) {
        try {
            return new ProcessBuilder("bash", "-c", script).start();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
