package nl.knooppunt.load;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;

/**
 * One load run against a running stack: seed, warm up, measure, drain, then raw Kafka, and write the report. Used by
 * {@link LoadMain} and, as a library, by the CI smoke test of the local stack.
 */
public final class LoadRun {

    private LoadRun() {
    }

    /** Runs the benchmark with {@code config}; progress goes to {@code log}. */
    public static LoadResult run(LoadConfig config, boolean profile, Consumer<String> log) throws Exception {
        String mode = config.maxRate() ? "closed, " + config.concurrency() + " clients (maximum rate)"
                : String.format("open, %.0f msg/s offered", config.rate());
        Path runDir = config.reportDir().resolve(LocalDateTime.now().format(DateTimeFormatter.ofPattern(
                "yyyyMMdd-HHmmss")) + (config.maxRate() ? "-max" : "-rate" + (int) config.rate()));
        Files.createDirectories(runDir);
        Api api = new Api(config);
        Metrics metrics = new Metrics(log);
        Tracker tracker = new Tracker(metrics.e2e);
        try (PushReceiver receiver = new PushReceiver(config.receiverPort(), tracker, metrics)) {
            Population population = new Seeder(api, receiver.baseUrl(), log).seed();
            population.all().stream().filter(Population.Member::webhook)
                    .forEach(member -> receiver.trust(member.id(), member.webhookSecret()));
            Traffic traffic = new Traffic(population);
            population.vendors().forEach(v -> api.token(v.clientId(), v.secret()));
            StackProcesses processes = new StackProcesses(config.stateDir());
            Map<String, Long> offsetsBefore = KafkaPerf.endOffsets(config);

            long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200);
            long measureFrom = start + config.warmup().toNanos();
            long measureUntil = measureFrom + config.duration().toNanos();
            Profiler profiler = profile ? new Profiler(processes.pids(), runDir, log) : null;
            if (profiler != null) {
                profiler.start(config.warmup(), config.duration());
            }
            MailboxConsumer pull = new MailboxConsumer(api, tracker, metrics,
                    n -> n >= measureFrom && n < measureUntil, config.fetch(), config.pollInterval().toMillis(), 16);
            Submitter submitter = new Submitter(api, traffic, tracker, metrics, pull, measureFrom, measureUntil);
            Monitor monitor = new Monitor(runDir, metrics, tracker, processes, measureFrom, measureUntil);
            Thread monitorThread = new Thread(monitor, "load-monitor");
            monitorThread.setDaemon(true);
            monitorThread.start();
            log.accept(String.format("%s: %s warm-up, %s measured; mix %s", mode, config.warmup(), config.duration(),
                    traffic.describe()));
            if (config.maxRate()) {
                submitter.runClosed(config.concurrency());
            } else {
                submitter.runOpen(config.rate(), start, Math.max(1000, config.concurrency()));
            }
            processes.end();
            long drainUntil = System.nanoTime() + config.drainTimeout().toNanos();
            while (tracker.outstanding() > 0 && System.nanoTime() < drainUntil) {
                Thread.sleep(50);
            }
            monitor.stop();
            monitorThread.join();
            pull.close();
            Map<String, Long> offsetsAfter = KafkaPerf.endOffsets(config);
            log.accept(String.format("accepted %d (measured %d), arrived %d (measured %d), outstanding %d, "
                    + "pushes %d (%d verified), acknowledged %d", tracker.accepted(), tracker.acceptedMeasured(),
                    tracker.arrived(), tracker.arrivedMeasured(), tracker.outstanding(), receiver.pushes(),
                    receiver.verified(), pull.acknowledged()));

            KafkaPerf.Result kafka = null;
            if (config.kafkaPerf()) {
                try {
                    kafka = new KafkaPerf(config, log).run(runDir);
                } catch (Exception e) {
                    log.accept("raw Kafka measurement failed: " + e);
                }
            }
            Map<String, List<String>> tops = profiler == null ? Map.of() : profiler.read();
            double seconds = config.duration().toNanos() / 1e9;
            Histogram submit = monitor.submitTotal();
            Histogram e2e = monitor.e2eTotal();
            LoadResult result = new LoadResult(mode, seconds, tracker.acceptedMeasured() / seconds,
                    tracker.acceptedMeasured(), tracker.arrivedMeasured(), metrics.errors(), percentiles(submit),
                    percentiles(e2e), processes.usage(), kafka, tops, runDir);
            Report.write(config, result, population, traffic, recordsPerMessage(offsetsBefore, offsetsAfter,
                    tracker.accepted()), monitor.rows());
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

    /** Every second: interval histograms to the .hlog, a CSV row, a process sample. */
    static final class Monitor implements Runnable {

        private final Metrics metrics;
        private final Tracker tracker;
        private final StackProcesses processes;
        private final long measureFrom;
        private final long measureUntil;
        private final Histogram submitTotal = new Histogram(Metrics.HIGHEST, 3);
        private final Histogram e2eTotal = new Histogram(Metrics.HIGHEST, 3);
        private final List<double[]> rows = new ArrayList<>();
        private final Path dir;
        private volatile boolean running = true;

        Monitor(Path dir, Metrics metrics, Tracker tracker, StackProcesses processes, long measureFrom,
                long measureUntil) {
            this.dir = dir;
            this.metrics = metrics;
            this.tracker = tracker;
            this.processes = processes;
            this.measureFrom = measureFrom;
            this.measureUntil = measureUntil;
        }

        void stop() {
            running = false;
        }

        Histogram submitTotal() {
            return submitTotal;
        }

        Histogram e2eTotal() {
            return e2eTotal;
        }

        synchronized List<double[]> rows() {
            return List.copyOf(rows);
        }

        @Override
        public void run() {
            try (PrintStream hlog = new PrintStream(dir.resolve("latency.hlog").toFile());
                    PrintStream csv = new PrintStream(dir.resolve("latency.csv").toFile())) {
                HistogramLogWriter writer = new HistogramLogWriter(hlog);
                long baseMillis = System.currentTimeMillis() + (measureFrom - System.nanoTime()) / 1_000_000;
                writer.outputLogFormatVersion();
                writer.setBaseTime(baseMillis);
                writer.outputBaseTime(baseMillis);
                writer.outputStartTime(baseMillis);
                writer.outputLegend();
                csv.println("second,accepted_per_s,errors,outstanding,submit_p50_ms,submit_p99_ms,submit_max_ms,"
                        + "e2e_p50_ms,e2e_p99_ms,e2e_max_ms,cpu_cores_stack");
                Histogram submit = null;
                Histogram e2e = null;
                boolean begun = false;
                double lastCpu = 0;
                for (long tick = measureFrom; running; tick += 1_000_000_000L) {
                    long wait = tick - System.nanoTime();
                    if (wait > 0) {
                        TimeUnit.NANOSECONDS.sleep(wait);
                    }
                    if (!begun) {
                        processes.begin();
                        metrics.submit.getIntervalHistogram();
                        metrics.e2e.getIntervalHistogram();
                        metrics.acceptedInterval.sumThenReset();
                        metrics.errorsIntervalThenReset();
                        begun = true;
                        continue;
                    }
                    if (System.nanoTime() <= measureUntil + 1_000_000_000L) {
                        processes.sample();
                    }
                    submit = metrics.submit.getIntervalHistogram(submit);
                    e2e = metrics.e2e.getIntervalHistogram(e2e);
                    submit.setTag("submit");
                    e2e.setTag("e2e");
                    writer.outputIntervalHistogram(submit);
                    writer.outputIntervalHistogram(e2e);
                    submitTotal.add(submit);
                    e2eTotal.add(e2e);
                    double cpu = processes.cpuSecondsSoFar().entrySet().stream()
                            .filter(e -> !e.getKey().equals("load-driver")).mapToDouble(Map.Entry::getValue).sum();
                    double[] row = { (tick - measureFrom) / 1e9, metrics.acceptedInterval.sumThenReset(),
                        metrics.errorsIntervalThenReset(), tracker.outstanding(), ms(submit, 50), ms(submit, 99),
                        submit.getMaxValue() / 1000.0, ms(e2e, 50), ms(e2e, 99), e2e.getMaxValue() / 1000.0,
                        cpu - lastCpu };
                    lastCpu = cpu;
                    synchronized (this) {
                        rows.add(row);
                    }
                    csv.printf(java.util.Locale.ROOT, "%.0f,%.0f,%.0f,%.0f,%.2f,%.2f,%.2f,%.2f,%.2f,%.2f,%.2f%n",
                            row[0], row[1], row[2], row[3], row[4], row[5], row[6], row[7], row[8], row[9], row[10]);
                }
            } catch (Exception e) {
                throw new IllegalStateException("monitor failed", e);
            }
        }

        private static double ms(Histogram h, double percentile) {
            return h.getTotalCount() == 0 ? 0 : h.getValueAtPercentile(percentile) / 1000.0;
        }
    }

    static Duration seconds(double s) {
        return Duration.ofMillis((long) (s * 1000));
    }
}
