package nl.knooppunt.localstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalStackDownTest {

    @TempDir
    Path state;

    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void killLeftovers() {
        started.forEach(Process::destroyForcibly);
    }

    @Test
    void downStopsEveryRecordedLeftoverAndRemovesThePidFiles() throws Exception {
        StackLayout layout = new StackLayout(state, state);
        Process kafka = start("sleep", "300");
        Process service = start("sleep", "300");
        Processes.writePidFile(layout.pidFile("kafka"), List.of(kafka.toHandle()));
        Processes.writePidFile(layout.pidFile("routing-service"), List.of(service.toHandle()));

        List<String> stopped = LocalStack.down(layout, message -> { });

        assertEquals(List.of("routing-service", "kafka"), stopped);
        Exited.assertExited(kafka);
        Exited.assertExited(service);
        try (var files = Files.list(layout.pidsDir())) {
            assertEquals(0, files.count());
        }
    }

    @Test
    void downLeavesAProcessAloneWhosePidWasReused() throws Exception {
        StackLayout layout = new StackLayout(state, state);
        Process stranger = start("sleep", "300");
        Files.createDirectories(layout.pidsDir());
        Files.writeString(layout.pidFile("keycloak"), stranger.pid() + " 1000\n");

        assertTrue(LocalStack.down(layout, message -> { }).isEmpty());
        assertTrue(stranger.isAlive());
    }

    private Process start(String... command) throws Exception {
        Process process = new ProcessBuilder(command).start();
        started.add(process);
        return process;
    }
}
