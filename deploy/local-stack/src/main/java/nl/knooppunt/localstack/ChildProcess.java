package nl.knooppunt.localstack;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A server the stack runs as a child process: output appended to {@code logs/<name>.log}, pid recorded in
 * {@code pids/<name>.pid}, stopped with its whole process tree. Where {@code setsid} exists the child gets its own
 * session, so a Ctrl-C in the terminal reaches only the launcher, which then stops the children in order.
 */
final class ChildProcess {

    private static final Path DEV_NULL = Path.of("/dev/null");
    private static final boolean SETSID = findOnPath("setsid");

    private final String name;
    private final Process process;
    private final Path log;
    private final Path pidFile;
    private volatile boolean stopping;

    private ChildProcess(String name, Process process, Path log, Path pidFile) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.pidFile = pidFile;
    }

    /**
     * Starts a child process.
     *
     * @param name       component name: log and pid file name
     * @param command    the command line
     * @param env        environment added to the launcher's own
     * @param workDir    working directory
     * @param layout     where logs and pid files go
     * @param onDeath    told when the process exits without being stopped
     */
    static ChildProcess start(String name, List<String> command, Map<String, String> env, Path workDir,
            StackLayout layout, Consumer<String> onDeath) {
        Path log = layout.log(name);
        List<String> fullCommand = new ArrayList<>();
        if (SETSID) {
            fullCommand.add("setsid");
        }
        fullCommand.addAll(command);
        ProcessBuilder builder = new ProcessBuilder(fullCommand)
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        if (Files.exists(DEV_NULL)) {
            builder.redirectInput(ProcessBuilder.Redirect.from(DEV_NULL.toFile()));
        }
        builder.environment().putAll(env);
        try {
            Files.createDirectories(log.getParent());
            Files.writeString(log, System.lineSeparator() + "=== " + LocalDateTime.now() + " local stack starts "
                    + name + ": " + describe(command) + System.lineSeparator(), StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            Process process = builder.start();
            ChildProcess child = new ChildProcess(name, process, log, layout.pidFile(name));
            Processes.writePidFile(child.pidFile, List.of(process.toHandle()));
            process.onExit().thenAccept(p -> {
                if (!child.stopping) {
                    onDeath.accept(name + " exited unexpectedly (exit code " + p.exitValue() + "); see " + log);
                }
            });
            return child;
        } catch (IOException e) {
            throw new LocalStackException("cannot start " + name + ": " + e.getMessage(), e);
        }
    }

    /** Component name. */
    String name() {
        return name;
    }

    /** The log file. */
    Path log() {
        return log;
    }

    /** The root process. */
    ProcessHandle handle() {
        return process.toHandle();
    }

    /** Whether the root process still runs. */
    boolean isAlive() {
        return process.isAlive();
    }

    /** Adds the current descendants (e.g. the JVM a start script launched) to the pid file. */
    void recordTree() {
        Processes.writePidFile(pidFile, new ArrayList<>(Processes.treeOf(process.toHandle())));
    }

    /** Fails with the tail of the log when the process has exited. */
    void requireAlive(String waitingFor) {
        if (!process.isAlive()) {
            throw new LocalStackException(name + " exited (exit code " + process.exitValue() + ") while waiting for "
                    + waitingFor + ". Last lines of " + log + ":" + System.lineSeparator() + tail());
        }
    }

    /** The last 40 lines of the log. */
    String tail() {
        return Processes.tail(log, 40);
    }

    /**
     * Stops the process tree (SIGTERM, then SIGKILL after {@code grace}) and removes the pid file.
     *
     * @return true when it exited within the grace period (a graceful stop)
     */
    boolean stop(Duration grace) {
        stopping = true;
        boolean graceful = Processes.terminateTree(process.toHandle(), grace);
        deletePidFile();
        return graceful;
    }

    /** Kills the process tree at once (SIGKILL: no shutdown hook, no flush), as a crash would, and removes the pid file. */
    void kill() {
        stopping = true;
        Processes.killTree(process.toHandle());
        deletePidFile();
    }

    private void deletePidFile() {
        try {
            Files.deleteIfExists(pidFile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The command line for the log, with a long classpath abbreviated. */
    private static String describe(List<String> command) {
        return command.stream()
                .map(arg -> arg.length() > 200 && arg.contains(File.pathSeparator)
                        ? "<classpath of " + arg.split(File.pathSeparator).length + " entries>" : arg)
                .collect(java.util.stream.Collectors.joining(" "));
    }

    private static boolean findOnPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }
}
