package nl.knooppunt.load;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import org.HdrHistogram.Histogram;

/**
 * One load run against a running stack: seed, warm up, measure one window or each step, drain, then raw Kafka (the
 * relay of the hub's shape, and Kafka's perf tools), and write the report. Used by {@link LoadMain} and, as a library,
 * by the CI smoke test of the local stack.
 */
public final class LoadRun {

    private LoadRun() {
    }

    /** Runs the benchmark with {@code config}; progress goes to {@code log}. */
    public static LoadResult run(LoadConfig config, boolean profile, Consumer<String> log) throws Exception {
        String mode = config.stepped()
                ? "stepped open model, " + config.steps().stream().map(r -> String.format("%.0f", r))
                        .collect(Collectors.joining(", ")) + " msg/s offered, " + config.stepDuration().toSeconds()
                        + " s each"
                : config.maxRate() ? "closed, " + config.concurrency() + " clients (maximum rate)"
                        : String.format("open, %.0f msg/s offered", config.rate());
        Path runDir = config.reportDir().resolve(LocalDateTime.now().format(DateTimeFormatter.ofPattern(
                "yyyyMMdd-HHmmss")) + (config.stepped() ? "-steps" : config.maxRate() ? "-max"
                        : "-rate" + (int) config.rate()));
        Files.createDirectories(runDir);
        Api api = new Api(config);
        Metrics metrics = new Metrics(log);
        Schedule schedule = new Schedule(Monitor.firstRate(config));
        Tracker tracker = new Tracker(metrics, schedule::measured);
        PayloadCheck check = new PayloadCheck(metrics, config.decryptSample(), schedule::measured);
        try (PushReceiver receiver = new PushReceiver(config.receiverPort(), tracker, check, metrics)) {
            Population population = new Seeder(api, receiver.baseUrl(), log).seed();
            population.all().stream().filter(Population.Member::webhook)
                    .forEach(member -> receiver.trust(member.id(), member.webhookSecret()));
            Traffic traffic = new Traffic(population, config.answerShare());
            tracker.onDelivered(traffic::delivered);
            population.vendors().forEach(v -> api.token(v.clientId(), v.secret()));
            StackProcesses processes = new StackProcesses(config.stateDir());
            JitSampler jit = new JitSampler(processes.pids().entrySet().stream()
                    .filter(e -> JitSampler.isService(e.getKey())).map(Map.Entry::getValue).toList());
            Map<String, Long> offsetsBefore = KafkaPerf.endOffsets(config);

            long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200);
            Profiler profiler = profile ? new Profiler(processes.pids(), runDir, log) : null;
            Duration measuredLength = (config.stepped() ? config.stepDuration() : config.duration())
                    .multipliedBy(config.stepped() ? config.steps().size() : 1);
            Runnable onFirstStep = profiler == null ? () -> { } : () -> {
                Thread t = new Thread(() -> profiler.start(Duration.ZERO, measuredLength), "load-jfr-start");
                t.setDaemon(true);
                t.start();
            };
            List<Population.Member> pullMailboxes = population.all().stream().filter(m -> !m.webhook()).toList();
            MailboxConsumer pull = new MailboxConsumer(api, tracker, metrics, check, schedule::measured,
                    config.fetch(), config.pollInterval().toMillis(), 16, pullMailboxes, config.mailboxSweep());
            Submitter submitter = new Submitter(api, traffic, tracker, metrics, pull, schedule::measured);
            Monitor monitor = new Monitor(config, schedule, runDir, metrics, tracker, processes, jit, log,
                    onFirstStep, start);
            Thread monitorThread = new Thread(monitor, "load-monitor");
            monitorThread.setDaemon(true);
            monitorThread.start();
            log.accept(String.format("%s; %s; mix %s", mode, config.stepped()
                    ? String.format("warm-up at the first step's rate until the JIT compilers take under %.0f%% of "
                            + "the services' CPU in %d s (at most %s)", config.warmupJitShare() * 100,
                            config.warmupWindow().toSeconds(), config.warmupMax())
                    : config.warmup() + " warm-up, " + config.duration() + " measured", traffic.describe()));
            if (config.maxRate()) {
                submitter.runClosed(config.concurrency(), schedule::over);
            } else {
                submitter.runOpen(schedule::rate, schedule::over, start, Math.max(1000, config.concurrency()));
            }
            long drainUntil = System.nanoTime() + config.drainTimeout().toNanos();
            while ((!monitor.done() || tracker.outstanding() > 0) && System.nanoTime() < drainUntil) {
                Thread.sleep(50);
            }
            monitor.stop();
            monitorThread.join();
            pull.close();
            Map<String, Long> offsetsAfter = KafkaPerf.endOffsets(config);
            log.accept(String.format("accepted %d (measured %d), arrived %d (measured %d), outstanding %d, "
                    + "duplicates %d, pushes %d (%d verified), listings %d (%d by the sweep), acknowledged %d, "
                    + "answers sent %d, payloads decrypted and compared %d", tracker.accepted(),
                    tracker.acceptedMeasured(), tracker.arrived(), tracker.arrivedMeasured(), tracker.outstanding(),
                    tracker.duplicates(), receiver.pushes(), receiver.verified(), pull.listings(), pull.sweeps(),
                    pull.acknowledged(), traffic.answersSent(), metrics.payloadsChecked.sum()));

            KafkaRelay.Result relay = null;
            if (config.kafkaRelay()) {
                try {
                    relay = new KafkaRelay(config, log).run(processes);
                } catch (Exception e) {
                    log.accept("raw Kafka relay failed: " + e);
                }
            }
            KafkaPerf.Result kafka = null;
            if (config.kafkaPerf()) {
                try {
                    kafka = new KafkaPerf(config, log).run(runDir);
                } catch (Exception e) {
                    log.accept("raw Kafka measurement failed: " + e);
                }
            }
            Map<String, List<String>> tops = profiler == null ? Map.of() : profiler.read();
            List<StepResult> steps = monitor.steps();
            double seconds = steps.stream().mapToDouble(StepResult::seconds).sum();
            Histogram submit = monitor.submitTotal();
            Histogram e2e = metrics.e2eOfMeasured();
            LoadResult result = new LoadResult(mode, seconds,
                    seconds <= 0 ? 0 : steps.stream().mapToLong(StepResult::accepted).sum() / seconds,
                    tracker.acceptedMeasured(), tracker.arrivedMeasured(), metrics.errors(), percentiles(submit),
                    percentiles(e2e), processes.usage(), kafka, tops, runDir, monitor.warmup(), steps, relay,
                    config.e2eP99Bound().toMillis());
            Report.write(config, result, population, traffic, recordsPerMessage(offsetsBefore, offsetsAfter,
                    tracker.accepted()), monitor.rows());
            if (config.stepped()) {
                result.sustainable().ifPresentOrElse(
                        s -> log.accept(String.format("sustainable rate: %.0f msg/s offered (%.1f delivered/s, "
                                + "end-to-end p99 %.0f ms, %d errors)", s.offeredRate(), s.deliveredPerSec(),
                                s.e2eMs()[1], s.errors())),
                        () -> log.accept("sustainable rate: none of the steps was sustained"));
            }
            log.accept("report: " + runDir.resolve("report.md"));
            return result;
        }
    }

    private static Map<String, Double> recordsPerMessage(Map<String, Long> before, Map<String, Long> after,
            long accepted) {
        Map<String, Double> perMessage = new java.util.LinkedHashMap<>();
        after.forEach((topic, end) -> perMessage.put(topic,
                accepted == 0 ? 0 : (end - before.getOrDefault(topic, 0L)) / (double) accepted));
        return perMessage;
    }

    private static double[] percentiles(Histogram h) {
        return new double[] { h.getValueAtPercentile(50) / 1000.0, h.getValueAtPercentile(95) / 1000.0,
            h.getValueAtPercentile(99) / 1000.0, h.getMaxValue() / 1000.0 };
    }

    static Duration seconds(double s) {
        return Duration.ofMillis((long) (s * 1000));
    }
}
