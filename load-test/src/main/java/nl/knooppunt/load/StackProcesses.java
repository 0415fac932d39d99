package nl.knooppunt.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * CPU and memory of each process of the stack (and of this driver), from {@code /proc/<pid>/stat} and
 * {@code /proc/<pid>/status}. Pids come from the launcher's state dir ({@code pids/<component>.pid}); a component
 * counts with all its descendants (Keycloak's start script and JVM, PostgreSQL's backends).
 */
public final class StackProcesses {

    /** Clock ticks per second of {@code /proc/<pid>/stat} (USER_HZ, 100 on Linux). */
    private static final double TICKS = 100.0;

    /** What one component used during the window between {@link #begin()} and {@link #end()}. */
    public record Usage(String component, long rootPid, double cpuSeconds, double avgCores, long peakRssKb,
            long peakHwmKb) {
    }

    private static final class Component {
        final String name;
        final long root;
        long startTicks = -1;
        long lastTicks;
        long peakRssKb;
        long peakHwmKb;

        Component(String name, long root) {
            this.name = name;
            this.root = root;
        }
    }

    private final List<Component> components = new ArrayList<>();
    private long beginNanos;
    private boolean open;
    private long endNanos;

    StackProcesses(Path stateDir) {
        Path pids = stateDir.resolve("pids");
        if (Files.isDirectory(pids)) {
            try (Stream<Path> files = Files.list(pids)) {
                files.filter(f -> f.toString().endsWith(".pid")).sorted().forEach(f -> firstPid(f).ifPresent(pid ->
                        components.add(new Component(f.getFileName().toString().replace(".pid", ""), pid))));
            } catch (IOException e) {
                // no pids: the report says so
            }
        }
        components.add(new Component("load-driver", ProcessHandle.current().pid()));
    }

    private static Optional<Long> firstPid(Path file) {
        try {
            return Files.readAllLines(file).stream().filter(l -> !l.isBlank())
                    .map(l -> Long.parseLong(l.trim().split("\\s+")[0])).findFirst();
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** The component names and root pids. */
    Map<String, Long> pids() {
        Map<String, Long> pids = new LinkedHashMap<>();
        components.forEach(c -> pids.put(c.name, c.root));
        return pids;
    }

    /** Starts the window of {@link #usage()}: CPU counts from here. */
    synchronized void begin() {
        beginNanos = System.nanoTime();
        components.forEach(c -> c.startTicks = -1);
        open = true;
        sample();
    }

    /** Ends the window of {@link #usage()}. */
    synchronized void end() {
        sample();
        open = false;
        endNanos = System.nanoTime();
    }

    /**
     * One sample: CPU ticks and resident memory of every component's process tree.
     *
     * @return each component's CPU seconds so far (absolute, since its processes started)
     */
    synchronized Map<String, Double> sample() {
        Map<String, Double> cpu = new LinkedHashMap<>();
        for (Component c : components) {
            long ticks = 0;
            long rss = 0;
            for (long pid : tree(c.root)) {
                ticks += ticks(pid);
                rss += statusKb(pid, "VmRSS:");
            }
            cpu.put(c.name, ticks / TICKS);
            if (!open) {
                continue;
            }
            c.peakHwmKb = Math.max(c.peakHwmKb, statusKb(c.root, "VmHWM:"));
            if (c.startTicks < 0) {
                c.startTicks = ticks;
            }
            c.lastTicks = ticks;
            c.peakRssKb = Math.max(c.peakRssKb, rss);
        }
        return cpu;
    }

    /** Each component's CPU seconds so far (absolute), without touching the window of {@link #usage()}. */
    Map<String, Double> cpuNow() {
        Map<String, Double> cpu = new LinkedHashMap<>();
        for (Component c : components) {
            cpu.put(c.name, tree(c.root).stream().mapToLong(StackProcesses::ticks).sum() / TICKS);
        }
        return cpu;
    }

    synchronized List<Usage> usage() {
        double seconds = Math.max(1e-9, (endNanos - beginNanos) / 1e9);
        return components.stream().map(c -> {
            double cpu = (c.lastTicks - Math.max(0, c.startTicks)) / TICKS;
            return new Usage(c.name, c.root, cpu, cpu / seconds, c.peakRssKb, c.peakHwmKb);
        }).toList();
    }

    private static List<Long> tree(long root) {
        List<Long> pids = new ArrayList<>();
        ProcessHandle.of(root).ifPresent(p -> {
            pids.add(p.pid());
            p.descendants().forEach(d -> pids.add(d.pid()));
        });
        return pids;
    }

    private static long ticks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // fields after the command: state(0) ... utime(11) stime(12) cutime(13) cstime(14); the children's
            // times hold the descendants that ended and were waited for (PostgreSQL's backends), which have left
            // the tree, so nothing counts twice
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]) + Long.parseLong(fields[13])
                    + Long.parseLong(fields[14]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private static long statusKb(long pid, String key) {
        try (Stream<String> lines = Files.lines(Path.of("/proc/" + pid + "/status"))) {
            return lines.filter(l -> l.startsWith(key)).findFirst()
                    .map(l -> Long.parseLong(l.substring(key.length()).trim().split("\\s+")[0])).orElse(0L);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
