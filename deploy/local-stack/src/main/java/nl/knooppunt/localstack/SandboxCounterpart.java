package nl.knooppunt.localstack;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The sandbox counterpart (module {@code sandbox}, ADR 0048) as a child JVM of the local stack: the own system of the
 * simulated participants Sandbox Schuldeiser and Sandbox Schuldhulpverlener. It onboards them with the demo operator
 * client, keeps their private keys in its own state ({@code <state>/sandbox/keys.json}, outside every service's
 * state) and answers over the public API as its API client {@value #CLIENT_ID}.
 */
final class SandboxCounterpart {

    /** Its log and pid file name. */
    static final String NAME = "sandbox-counterpart";
    /** Its API client in the local realm. */
    static final String CLIENT_ID = "sandbox-counterpart";
    static final String CLIENT_SECRET = "sandbox-counterpart-secret";
    /** What its log says once it polls. */
    static final String READY_MARKER = "sandbox counterpart ready";
    private static final String MAIN = "nl.knooppunt.sandbox.SandboxMain";

    private final ChildProcess process;
    private final long logOffset;

    private SandboxCounterpart(ChildProcess process, long logOffset) {
        this.process = process;
        this.logOffset = logOffset;
    }

    /** Its state directory: keys of the simulated participants. */
    static Path stateDir(StackLayout layout) {
        return layout.stateDir().resolve("sandbox");
    }

    /** Starts the counterpart's JVM against the stack's portal-api and Keycloak. */
    static SandboxCounterpart launch(StackLayout layout, Consumer<String> onDeath) {
        Path classes = layout.moduleTarget().resolve("classes");
        String classpath;
        try {
            classpath = classes + File.pathSeparator + Files.readString(layout.classpathFile()).trim();
            Files.createDirectories(stateDir(layout));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        long offset = KafkaBroker.size(layout.log(NAME));
        List<String> command = List.of(KafkaBroker.javaExecutable(), "-Xms32m", "-Xmx128m", "-XX:+UseSerialGC",
                "-Djava.awt.headless=true", "-cp", classpath, MAIN,
                "--api-url", Service.PORTAL_API.baseUrl().toString(),
                "--token-url", Keycloak.tokenEndpoint().toString(),
                "--client-id", CLIENT_ID, "--client-secret", CLIENT_SECRET,
                "--operator-client-id", Demo.OPERATOR_CLIENT_ID, "--operator-client-secret",
                Demo.OPERATOR_CLIENT_SECRET,
                "--state-dir", stateDir(layout).toString());
        return new SandboxCounterpart(ChildProcess.start(NAME, command, Map.of(), layout.stateDir(), layout, onDeath),
                offset);
    }

    /** Waits until it has onboarded its participants and polls. */
    void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            process.requireAlive("the sandbox counterpart");
            if (KafkaBroker.logSince(process.log(), logOffset).contains(READY_MARKER)) {
                return;
            }
            Processes.sleep(Duration.ofMillis(200));
        }
        throw new LocalStackException("the sandbox counterpart was not ready within " + timeout.toSeconds()
                + " s. Last lines of " + process.log() + ":" + System.lineSeparator() + process.tail());
    }

    void stop() {
        process.stop(Duration.ofSeconds(10));
    }

    boolean isAlive() {
        return process.isAlive();
    }
}
