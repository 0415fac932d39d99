package nl.knooppunt.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Process bookkeeping of the stack: pid files (one line {@code <pid> <start-epoch-millis>} per process, so a pid the
 * operating system reused for another program is never signalled) and stopping a whole process tree.
 */
final class Processes {

    private static final Duration START_TIME_TOLERANCE = Duration.ofSeconds(2);
    private static final Duration KILL_WAIT = Duration.ofSeconds(10);

    private Processes() {
    }

    /** Writes (replaces) a pid file listing the given processes. */
    static void writePidFile(Path file, List<ProcessHandle> processes) {
        String content = processes.stream()
                .map(p -> p.pid() + " " + p.info().startInstant().map(Instant::toEpochMilli).orElse(0L))
                .collect(Collectors.joining("\n", "", "\n"));
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(tmp, content);
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write pid file " + file, e);
        }
    }

    /** The processes of a pid file that are still running and are the very processes recorded (same start time). */
    static List<ProcessHandle> livePidFileProcesses(Path file) {
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            return List.of();
        }
        List<ProcessHandle> live = new ArrayList<>();
        for (String line : lines) {
            String[] parts = line.trim().split("\\s+");
            if (parts.length < 1 || parts[0].isEmpty()) {
                continue;
            }
            try {
                long pid = Long.parseLong(parts[0]);
                long started = parts.length > 1 ? Long.parseLong(parts[1]) : 0L;
                ProcessHandle.of(pid)
                        .filter(ProcessHandle::isAlive)
                        .filter(p -> p.pid() != ProcessHandle.current().pid())
                        .filter(p -> sameStart(p, started))
                        .ifPresent(live::add);
            } catch (NumberFormatException ignored) {
                // a damaged line names no process we could safely stop
            }
        }
        return live;
    }

    private static boolean sameStart(ProcessHandle process, long recordedMillis) {
        Optional<Instant> start = process.info().startInstant();
        if (recordedMillis == 0L || start.isEmpty()) {
            return false;
        }
        return Math.abs(start.get().toEpochMilli() - recordedMillis) <= START_TIME_TOLERANCE.toMillis();
    }

    /**
     * Stops a process and everything it started: SIGTERM to the root, then waits up to {@code grace} for the root and
     * all its descendants to exit, then SIGKILL for whatever is left.
     *
     * @return true when everything exited within the grace period
     */
    static boolean terminateTree(ProcessHandle root, Duration grace) {
        Set<ProcessHandle> tree = treeOf(root);
        root.destroy();
        boolean graceful = awaitExit(tree, root, grace);
        if (!graceful) {
            Set<ProcessHandle> left = treeOf(root);
            left.addAll(tree);
            left.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
            awaitExit(left, root, KILL_WAIT);
        }
        return graceful;
    }

    /**
     * Kills a process and everything it started at once (SIGKILL, as a crash or the OOM killer would), descendants
     * first so none is re-parented and missed, and waits until all have exited.
     *
     * @return true when everything exited within the wait
     */
    static boolean killTree(ProcessHandle root) {
        Set<ProcessHandle> tree = treeOf(root);
        tree.stream().filter(p -> !p.equals(root)).forEach(ProcessHandle::destroyForcibly);
        root.destroyForcibly();
        return awaitExit(tree, root, KILL_WAIT);
    }

    /** The process, its descendants now, and the ones seen before. */
    static Set<ProcessHandle> treeOf(ProcessHandle root) {
        Set<ProcessHandle> tree = new LinkedHashSet<>();
        tree.add(root);
        root.descendants().forEach(tree::add);
        return tree;
    }

    private static boolean awaitExit(Set<ProcessHandle> tree, ProcessHandle root, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (root.isAlive()) {
                root.descendants().forEach(tree::add);
            }
            if (tree.stream().noneMatch(ProcessHandle::isAlive)) {
                return true;
            }
            sleep(Duration.ofMillis(100));
        }
        return tree.stream().noneMatch(ProcessHandle::isAlive);
    }

    /** Sleeps, keeping the interrupt flag. */
    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LocalStackException("interrupted", e);
        }
    }

    /** The last {@code lines} lines of a log file, or a note that it does not exist. */
    static String tail(Path log, int lines) {
        if (!Files.isRegularFile(log)) {
            return "(no log at " + log + ")";
        }
        try {
            byte[] bytes = Files.readAllBytes(log);
            int from = Math.max(0, bytes.length - 256 * 1024);
            String text = new String(bytes, from, bytes.length - from, java.nio.charset.StandardCharsets.UTF_8);
            List<String> all = text.lines().toList();
            return String.join(System.lineSeparator(), all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e.getMessage() + ")";
        }
    }
}
