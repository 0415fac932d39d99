package nl.knooppunt.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * JFR on the running services, without restarting them: {@code jcmd <pid> JFR.start} with a delay of the warm-up and the
 * measured window as duration (the JVM writes the file itself); then the top frames of the CPU samples ({@code jdk.ExecutionSample}), both
 * the very top (where the CPU is) and the first frame of the hub's own code ({@code nl.knooppunt}) on the stack.
 */
final class Profiler {

    private final Map<String, Long> services;
    private final Path dir;
    private final Consumer<String> log;

    Profiler(Map<String, Long> pids, Path dir, Consumer<String> log) {
        this.services = new LinkedHashMap<>();
        pids.forEach((name, pid) -> {
            if (name.matches("[a-z]+-service(-\\d+)?|portal-api(-\\d+)?")) {
                services.put(name, pid);
            }
        });
        this.dir = dir;
        this.log = log;
    }

    /** Starts a recording on every service that begins after {@code delay} and ends after {@code duration}. */
    void start(java.time.Duration delay, java.time.Duration duration) {
        services.forEach((name, pid) -> jcmd(pid, "JFR.start", "name=load", "settings=profile",
                "delay=" + Math.max(1, delay.toSeconds()) + "s", "duration=" + Math.max(1, duration.toSeconds()) + "s",
                "filename=" + dir.resolve(name + ".jfr")));
    }

    /** The top frames per service of the finished recordings. */
    Map<String, List<String>> read() {
        Map<String, List<String>> tops = new LinkedHashMap<>();
        services.forEach((name, pid) -> {
            Path file = dir.resolve(name + ".jfr");
            if (Files.isRegularFile(file)) {
                tops.put(name, top(file));
            } else {
                tops.put(name, List.of("no recording at " + file));
            }
        });
        return tops;
    }

    private List<String> top(Path file) {
        Map<String, Integer> leaf = new HashMap<>();
        Map<String, Integer> own = new HashMap<>();
        int samples = 0;
        try (RecordingFile recording = new RecordingFile(file)) {
            while (recording.hasMoreEvents()) {
                RecordedEvent event = recording.readEvent();
                if (!event.getEventType().getName().equals("jdk.ExecutionSample") || event.getStackTrace() == null) {
                    continue;
                }
                List<RecordedFrame> frames = event.getStackTrace().getFrames();
                if (frames.isEmpty()) {
                    continue;
                }
                samples++;
                leaf.merge(name(frames.get(0)), 1, Integer::sum);
                for (RecordedFrame frame : frames) {
                    if (frame.getMethod().getType().getName().startsWith("nl.knooppunt")) {
                        own.merge(name(frame), 1, Integer::sum);
                        break;
                    }
                }
            }
        } catch (IOException e) {
            return List.of("cannot read " + file + ": " + e.getMessage());
        }
        List<String> lines = new ArrayList<>();
        int total = Math.max(1, samples);
        lines.add(samples + " CPU samples; top frames:");
        leaf.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(12)
                .forEach(e -> lines.add(String.format("  %5.1f%%  %s", 100.0 * e.getValue() / total, e.getKey())));
        lines.add("first hub frame on the stack (nl.knooppunt):");
        own.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(8)
                .forEach(e -> lines.add(String.format("  %5.1f%%  %s", 100.0 * e.getValue() / total, e.getKey())));
        return lines;
    }

    private static String name(RecordedFrame frame) {
        return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
    }

    private void jcmd(long pid, String... args) {
        List<String> command = new ArrayList<>();
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        command.add(Files.isExecutable(jcmd) ? jcmd.toString() : "jcmd");
        command.add(Long.toString(pid));
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                log.accept("jcmd " + String.join(" ", args) + " on " + pid + " failed: " + out.trim());
            }
        } catch (IOException e) {
            log.accept("jcmd not available: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
