package nl.knooppunt.load;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How much of the services' CPU the JIT compilers take: the CPU ticks of the C1 and C2 compiler threads of the
 * service JVMs (threads whose name starts with "C1 CompilerThre" or "C2 CompilerThre", as {@code /proc} truncates
 * "C2 CompilerThread0" to 15 characters), from {@code /proc/<pid>/task/<tid>/stat}, against the CPU ticks of those
 * processes from {@code /proc/<pid>/stat}. HotSpot starts and stops compiler threads as needed, so each thread is
 * followed by its tid from one sample to the next and only the ticks it gained count; sampled every second, the
 * ticks of a thread that ends between two samples are the only ones lost (an underestimate of at most a second per
 * ended thread).
 */
final class JitSampler {

    /** One task of {@code /proc/<pid>/task}: its name and CPU ticks (utime + stime). */
    record Task(String comm, long ticks) {
    }

    private final List<Long> roots;
    private final Map<Long, Long> compilerTicksByTid = new HashMap<>();
    private long compilerTicks;
    private long serviceTicks;
    private final Map<Long, Long> processTicks = new HashMap<>();
    private boolean first = true;

    /** @param servicePids the root pids of the service JVMs (their descendants are followed too) */
    JitSampler(List<Long> servicePids) {
        this.roots = List.copyOf(servicePids);
    }

    /** Whether a stack component (a name of the launcher's {@code pids/}) is one of the hub's services. */
    static boolean isService(String component) {
        return component.matches("[a-z]+-service(-\\d+)?|portal-api(-\\d+)?");
    }

    /** Whether a thread name (comm) is a JIT compiler thread's. */
    static boolean isCompiler(String comm) {
        return comm.startsWith("C1 CompilerThre") || comm.startsWith("C2 CompilerThre");
    }

    /**
     * Parses a {@code stat} line: the command between the first '(' and the last ')' (it may hold spaces and
     * parentheses), then utime and stime, fields 14 and 15 (the 12th and 13th after the command's closing paren).
     */
    static Task parseStat(String stat) {
        int open = stat.indexOf('(');
        int close = stat.lastIndexOf(')');
        if (open < 0 || close < open) {
            throw new IllegalArgumentException("not a stat line: " + stat);
        }
        String[] fields = stat.substring(close + 2).trim().split("\\s+");
        // fields after the command: state(0) ppid(1) pgrp(2) session(3) tty(4) tpgid(5) flags(6) minflt(7)
        // cminflt(8) majflt(9) cmajflt(10) utime(11) stime(12)
        return new Task(stat.substring(open + 1, close), Long.parseLong(fields[11]) + Long.parseLong(fields[12]));
    }

    /** Compiler ticks gained since the previous sample, per tid: a new thread counts all its ticks. */
    static long gained(Map<Long, Long> previous, Map<Long, Long> current) {
        long gained = 0;
        for (Map.Entry<Long, Long> e : current.entrySet()) {
            gained += Math.max(0, e.getValue() - previous.getOrDefault(e.getKey(), 0L));
        }
        return gained;
    }

    /** The compilers' share of {@code total} ticks; 0 when there were none. */
    static double share(long compiler, long total) {
        return total <= 0 ? 0 : Math.min(1.0, (double) compiler / total);
    }

    /** One sample of every service JVM; the first only sets the baseline. */
    synchronized void sample() {
        Map<Long, Long> compilers = new HashMap<>();
        long gainedProcess = 0;
        for (long pid : pids()) {
            Long before = processTicks.get(pid);
            long now = processTicks(pid);
            if (now >= 0) {
                gainedProcess += before == null ? 0 : Math.max(0, now - before);
                processTicks.put(pid, now);
            }
            compilerTasks(pid, compilers);
        }
        long gainedCompiler = gained(compilerTicksByTid, compilers);
        compilerTicksByTid.clear();
        compilerTicksByTid.putAll(compilers);
        if (first) {
            first = false;
            return;
        }
        compilerTicks += gainedCompiler;
        serviceTicks += gainedProcess;
    }

    /** Compiler ticks since the first sample. */
    synchronized long compilerTicks() {
        return compilerTicks;
    }

    /** Ticks of the service processes since the first sample. */
    synchronized long serviceTicks() {
        return serviceTicks;
    }

    private List<Long> pids() {
        List<Long> pids = new ArrayList<>();
        for (long root : roots) {
            ProcessHandle.of(root).ifPresent(p -> {
                pids.add(p.pid());
                p.descendants().forEach(d -> pids.add(d.pid()));
            });
        }
        return pids;
    }

    private static long processTicks(long pid) {
        try {
            return parseStat(Files.readString(Path.of("/proc/" + pid + "/stat"))).ticks();
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static void compilerTasks(long pid, Map<Long, Long> into) {
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/" + pid + "/task"))) {
            for (Path task : tasks) {
                try {
                    Task t = parseStat(Files.readString(task.resolve("stat")));
                    if (isCompiler(t.comm())) {
                        into.put(Long.parseLong(task.getFileName().toString()), t.ticks());
                    }
                } catch (IOException | RuntimeException e) {
                    // the thread ended while it was read
                }
            }
        } catch (IOException | RuntimeException e) {
            // the process ended
        }
    }
}
