package nl.knooppunt.localstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessesTest {

    @TempDir
    Path dir;

    private Process process;

    @AfterEach
    void killLeftovers() {
        if (process != null) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }

    @Test
    void pidFileNamesTheRunningProcess() throws Exception {
        process = new ProcessBuilder("sleep", "300").start();
        Path file = dir.resolve("pids/sleep.pid");

        Processes.writePidFile(file, List.of(process.toHandle()));

        assertEquals(List.of(process.toHandle()), Processes.livePidFileProcesses(file));
    }

    @Test
    void pidReusedByAnotherProgramIsNeverNamed() throws Exception {
        process = new ProcessBuilder("sleep", "300").start();
        Path file = dir.resolve("sleep.pid");
        Files.writeString(file, process.pid() + " 1000\n");

        assertTrue(Processes.livePidFileProcesses(file).isEmpty());
        assertTrue(process.isAlive());
    }

    @Test
    void exitedProcessIsNotNamed() throws Exception {
        process = new ProcessBuilder("true").start();
        Path file = dir.resolve("true.pid");
        Processes.writePidFile(file, List.of(process.toHandle()));
        process.waitFor(10, TimeUnit.SECONDS);

        assertTrue(Processes.livePidFileProcesses(file).isEmpty());
    }

    @Test
    void terminateTreeStopsTheChildrenOfAScript() throws Exception {
        process = new ProcessBuilder("sh", "-c", "sleep 300 & sleep 300 & wait").start();
        awaitChildren(process.toHandle(), 2);
        List<ProcessHandle> children = process.toHandle().children().toList();

        boolean graceful = Processes.terminateTree(process.toHandle(), Duration.ofSeconds(1));

        Exited.assertExited(process);
        assertTrue(children.stream().noneMatch(ProcessHandle::isAlive), "children survived: " + children);
        assertFalse(graceful, "SIGTERM reaches only the script, so its background children need SIGKILL");
    }

    @Test
    void terminateTreeEndsAGracefulProcessWithSigterm() throws Exception {
        process = new ProcessBuilder("sleep", "300").start();

        assertTrue(Processes.terminateTree(process.toHandle(), Duration.ofSeconds(5)));
        Exited.assertExited(process);
    }

    private static void awaitChildren(ProcessHandle parent, int count) {
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5))
                .until(() -> parent.children().count() >= count);
        assertEquals(count, parent.children().count());
    }
}
