package nl.knooppunt.load;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;

/**
 * The run's clock. Every second it samples the processes' CPU and the services' JIT compiler threads, takes the
 * second's counts and latency histograms from {@link Metrics}, writes a CSV row (and, in a step, the interval
 * histograms to the .hlog), and puts the second into its phase: the warm-up, a step (and a minute of it), or the
 * drain after the load. It also drives the phases through the {@link Schedule}: the warm-up ends after
 * {@code load.warmup} or, in a stepped run, after the first {@code load.warmup-window} in which the JIT compilers took
 * under {@code load.warmup-jit-share} of the services' CPU (at most {@code load.warmup-max}); then each step runs for
 * its duration at its rate, one after another.
 */
final class Monitor implements Runnable {

    private static final long SECOND = 1_000_000_000L;

    /** One second's figures. */
    private record Second(double seconds, long offered, long accepted, long delivered, long duplicates,
            Map<String, Long> errors, Histogram submit, Histogram e2e) {

        long errorCount() {
            return errors.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private final LoadConfig config;
    private final Schedule schedule;
    private final Path dir;
    private final Metrics metrics;
    private final Tracker tracker;
    private final StackProcesses processes;
    private final JitSampler jit;
    private final Consumer<String> log;
    private final Runnable onFirstStep;
    private final long start;
    private final List<Double> rates;
    private final int stepSeconds;
    private final Histogram submitTotal = new Histogram(Metrics.HIGHEST, 3);
    private final Histogram e2eTotal = new Histogram(Metrics.HIGHEST, 3);
    private final List<double[]> rows = new ArrayList<>();
    private final List<StepResult> steps = new ArrayList<>();
    private volatile WarmupResult warmup;
    private volatile boolean running = true;
    private volatile boolean done;

    private StepAccumulator current;
    private Map<String, Double> cpu = Map.of();

    Monitor(LoadConfig config, Schedule schedule, Path dir, Metrics metrics, Tracker tracker,
            StackProcesses processes, JitSampler jit, Consumer<String> log, Runnable onFirstStep, long start) {
        this.config = config;
        this.schedule = schedule;
        this.dir = dir;
        this.metrics = metrics;
        this.tracker = tracker;
        this.processes = processes;
        this.jit = jit;
        this.log = log;
        this.onFirstStep = onFirstStep;
        this.start = start;
        this.rates = config.stepped() ? config.steps() : List.of(config.maxRate() ? 0.0 : config.rate());
        this.stepSeconds = (int) Math.max(1, (config.stepped() ? config.stepDuration() : config.duration())
                .toSeconds());
    }

    /** The offered rate of the warm-up and the first step. */
    static double firstRate(LoadConfig config) {
        return config.stepped() ? config.steps().get(0) : config.maxRate() ? 0 : config.rate();
    }

    /** Stops the clock (after the drain). */
    void stop() {
        running = false;
    }

    /** Whether every step has ended. */
    boolean done() {
        return done;
    }

    synchronized List<StepResult> steps() {
        return List.copyOf(steps);
    }

    WarmupResult warmup() {
        return warmup;
    }

    /** Submit latency of every measured second. */
    synchronized Histogram submitTotal() {
        return submitTotal.copy();
    }

    /** End-to-end latency of the deliveries in every measured second. */
    synchronized Histogram e2eTotal() {
        return e2eTotal.copy();
    }

    /** Per second: second, offered/s, accepted/s, delivered/s, submit p50, submit p99, e2e p50, e2e p99 (ms). */
    synchronized List<double[]> rows() {
        return List.copyOf(rows);
    }

    @Override
    public void run() {
        try (PrintStream hlog = new PrintStream(dir.resolve("latency.hlog").toFile());
                PrintStream csv = new PrintStream(dir.resolve("latency.csv").toFile())) {
            HistogramLogWriter writer = new HistogramLogWriter(hlog);
            long baseMillis = System.currentTimeMillis() + (start - System.nanoTime()) / 1_000_000;
            writer.outputLogFormatVersion();
            writer.setBaseTime(baseMillis);
            writer.outputBaseTime(baseMillis);
            writer.outputStartTime(baseMillis);
            writer.outputLegend();
            csv.println("second,phase,offered_per_s,accepted_per_s,delivered_per_s,errors,duplicates,outstanding,"
                    + "submit_p50_ms,submit_p99_ms,submit_max_ms,e2e_p50_ms,e2e_p99_ms,e2e_max_ms,cpu_cores_all,"
                    + "jit_share_services");
            loop(writer, csv);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            log.accept("monitor failed: " + e);
            throw new IllegalStateException("monitor failed", e);
        } finally {
            done = true;
            // a monitor that stops early (a failure) stops the load too
            schedule.end(Math.min(System.nanoTime(), schedule.end()));
        }
    }

    private void loop(HistogramLogWriter writer, PrintStream csv) throws InterruptedException {
        long wait = start - System.nanoTime();
        if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
        }
        cpu = processes.sample();
        jit.sample();
        take(0);  // what came before the start belongs to nothing
        boolean jitGated = config.stepped();
        int warmupCap = (int) Math.max(1, (jitGated ? config.warmupMax() : config.warmup()).toSeconds());
        int window = (int) Math.max(1, config.warmupWindow().toSeconds());
        List<Double> windowShares = new ArrayList<>();
        long[] windowStart = { jit.compilerTicks(), jit.serviceTicks() };
        long[] warmupStart = { jit.compilerTicks(), jit.serviceTicks() };
        int warmupSeconds = 0;
        if (!jitGated && config.warmup().isZero()) {
            warmup = new WarmupResult(false, firstRate(config), 0, List.of(), Double.NaN, 0, false);
            startStep(0, start);
        }
        Histogram submit = null;
        Histogram e2e = null;
        long last = start;
        for (long tick = start + SECOND; running; tick += SECOND) {
            wait = tick - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            long now = System.nanoTime();
            Map<String, Double> cpuNow = processes.sample();
            double cores = (sum(cpuNow) - sum(cpu)) / Math.max(1e-9, (now - last) / 1e9);
            long jitC = jit.compilerTicks();
            long jitS = jit.serviceTicks();
            jit.sample();
            double jitSecond = JitSampler.share(jit.compilerTicks() - jitC, jit.serviceTicks() - jitS);
            cpu = cpuNow;
            submit = metrics.submit.getIntervalHistogram(submit);
            e2e = metrics.e2e.getIntervalHistogram(e2e);
            Second second = take((now - last) / 1e9, submit, e2e);
            last = now;
            String phase = current != null ? "step" + (current.index + 1) : warmup == null ? "warmup" : "drain";
            if (current != null) {
                submit.setTag("submit");
                e2e.setTag("e2e");
                writer.outputIntervalHistogram(submit);
                writer.outputIntervalHistogram(e2e);
                synchronized (this) {
                    submitTotal.add(submit);
                    e2eTotal.add(e2e);
                }
            }
            csv.printf(Locale.ROOT, "%d,%s,%.0f,%.0f,%.0f,%d,%d,%d,%.2f,%.2f,%.2f,%.2f,%.2f,%.2f,%.2f,%.3f%n",
                    (tick - start) / SECOND, phase, second.offered / second.seconds,
                    second.accepted / second.seconds, second.delivered / second.seconds, second.errorCount(),
                    second.duplicates, tracker.outstanding(), ms(submit, 50), ms(submit, 99),
                    submit.getMaxValue() / 1000.0, ms(e2e, 50), ms(e2e, 99), e2e.getMaxValue() / 1000.0, cores,
                    jitSecond);
            synchronized (this) {
                rows.add(new double[] { (tick - start) / (double) SECOND, second.offered / second.seconds,
                    second.accepted / second.seconds, second.delivered / second.seconds, ms(submit, 50),
                    ms(submit, 99), ms(e2e, 50), ms(e2e, 99) });
            }

            if (warmup == null) {
                warmupSeconds++;
                boolean end = false;
                boolean capped = false;
                if (jitGated && warmupSeconds % window == 0) {
                    double share = JitSampler.share(jit.compilerTicks() - windowStart[0],
                            jit.serviceTicks() - windowStart[1]);
                    windowShares.add(share);
                    log.accept(String.format(Locale.ROOT, "warm-up at %.0f msg/s, %d s: JIT compilers took %.1f%% of "
                            + "the services' CPU in the last %d s", firstRate(config), warmupSeconds, share * 100,
                            window));
                    windowStart[0] = jit.compilerTicks();
                    windowStart[1] = jit.serviceTicks();
                    end = share < config.warmupJitShare();
                }
                if (!end && warmupSeconds >= warmupCap) {
                    end = true;
                    capped = jitGated;
                    if (jitGated && warmupSeconds % window != 0) {
                        windowShares.add(JitSampler.share(jit.compilerTicks() - windowStart[0],
                                jit.serviceTicks() - windowStart[1]));
                    }
                }
                if (end) {
                    if (!jitGated) {
                        windowShares.add(JitSampler.share(jit.compilerTicks() - warmupStart[0],
                                jit.serviceTicks() - warmupStart[1]));
                    }
                    double last1 = windowShares.isEmpty() ? Double.NaN : windowShares.get(windowShares.size() - 1);
                    warmup = new WarmupResult(jitGated, firstRate(config), warmupSeconds, List.copyOf(windowShares),
                            last1, config.warmupJitShare(), capped);
                    log.accept(String.format(Locale.ROOT, "warm-up over after %d s%s; JIT share of the last window "
                            + "%.1f%%", warmupSeconds, capped ? " (load.warmup-max reached, compilers still busy)"
                                    : "", last1 * 100));
                    startStep(0, tick);
                }
            } else if (current != null) {
                current.add(second);
                if (current.seconds >= stepSeconds) {
                    StepResult result = current.finish(tick, cpu, jit.compilerTicks(), jit.serviceTicks());
                    synchronized (this) {
                        steps.add(result);
                    }
                    log.accept(String.format(Locale.ROOT, "step %d (%.0f msg/s offered) over: accepted %.1f/s, "
                            + "delivered %.1f/s, %d errors, e2e p99 %.0f ms, CPU %.2f ms per delivered message; %s",
                            result.index() + 1, result.offeredRate(), result.acceptedPerSec(),
                            result.deliveredPerSec(), result.errors(), result.e2eMs()[1], result.cpuMsPerDelivered(),
                            Steps.judge(result, config.e2eP99Bound().toMillis()).sustained() ? "sustained"
                                    : "not sustained: " + Steps.judge(result, config.e2eP99Bound().toMillis()).why()));
                    if (result.index() + 1 < rates.size()) {
                        startStep(result.index() + 1, tick);
                    } else {
                        current = null;
                        processes.end();
                        done = true;
                    }
                }
            }
        }
    }

    private void startStep(int index, long at) {
        double rate = rates.get(index);
        schedule.rate(rate > 0 ? rate : schedule.rate());
        if (index == 0) {
            schedule.measureFrom(at);
            processes.begin();
            onFirstStep.run();
        }
        if (index == rates.size() - 1) {
            schedule.end(at + stepSeconds * SECOND);
        }
        current = new StepAccumulator(index, rate, stepSeconds, cpu, jit.compilerTicks(), jit.serviceTicks());
        log.accept(String.format(Locale.ROOT, "step %d of %d: %s for %d s", index + 1, rates.size(),
                rate > 0 ? String.format(Locale.ROOT, "%.0f msg/s offered", rate)
                        : config.concurrency() + " closed-model clients", stepSeconds));
    }

    private Second take(double seconds) {
        metrics.submit.getIntervalHistogram();
        metrics.e2e.getIntervalHistogram();
        return take(seconds, null, null);
    }

    private Second take(double seconds, Histogram submit, Histogram e2e) {
        return new Second(Math.max(1e-9, seconds), metrics.offeredInterval.sumThenReset(),
                metrics.acceptedInterval.sumThenReset(), metrics.deliveredInterval.sumThenReset(),
                metrics.duplicatesInterval.sumThenReset(), metrics.errorsIntervalThenReset(), submit, e2e);
    }

    private static double sum(Map<String, Double> cpu) {
        return cpu.values().stream().mapToDouble(Double::doubleValue).sum();
    }

    private static double ms(Histogram h, double percentile) {
        return h == null || h.getTotalCount() == 0 ? 0 : h.getValueAtPercentile(percentile) / 1000.0;
    }

    private static double[] p50p99(Histogram h) {
        return new double[] { ms(h, 50), ms(h, 99) };
    }

    /** The counts of one step while it runs. */
    private static final class StepAccumulator {

        final int index;
        final double rate;
        final int stepSeconds;
        final Map<String, Double> cpuStart;
        final long jitCompilerStart;
        final long jitServiceStart;
        int seconds;
        double elapsed;
        long offered;
        long accepted;
        long delivered;
        long errors;
        long duplicates;
        final Map<String, Long> kinds = new TreeMap<>();
        final Histogram submit = new Histogram(Metrics.HIGHEST, 3);
        final Histogram e2e = new Histogram(Metrics.HIGHEST, 3);
        final List<StepResult.Minute> minutes = new ArrayList<>();
        int minute = -1;
        double mElapsed;
        long mOffered;
        long mAccepted;
        long mDelivered;
        long mErrors;
        long mDuplicates;
        final Histogram mSubmit = new Histogram(Metrics.HIGHEST, 3);
        final Histogram mE2e = new Histogram(Metrics.HIGHEST, 3);

        StepAccumulator(int index, double rate, int stepSeconds, Map<String, Double> cpuStart, long jitCompiler,
                long jitService) {
            this.index = index;
            this.rate = rate;
            this.stepSeconds = stepSeconds;
            this.cpuStart = new HashMap<>(cpuStart);
            this.jitCompilerStart = jitCompiler;
            this.jitServiceStart = jitService;
        }

        void add(Second s) {
            int m = Steps.minuteOf(seconds, stepSeconds);
            if (m != minute) {
                closeMinute();
                minute = m;
            }
            seconds++;
            elapsed += s.seconds;
            offered += s.offered;
            accepted += s.accepted;
            delivered += s.delivered;
            duplicates += s.duplicates;
            errors += s.errorCount();
            s.errors.forEach((k, v) -> kinds.merge(k, v, Long::sum));
            submit.add(s.submit);
            e2e.add(s.e2e);
            mElapsed += s.seconds;
            mOffered += s.offered;
            mAccepted += s.accepted;
            mDelivered += s.delivered;
            mDuplicates += s.duplicates;
            mErrors += s.errorCount();
            mSubmit.add(s.submit);
            mE2e.add(s.e2e);
        }

        private void closeMinute() {
            if (minute < 0) {
                return;
            }
            minutes.add(new StepResult.Minute(minute, mElapsed, mOffered, mAccepted, mDelivered, mErrors,
                    mDuplicates, p50p99(mSubmit), p50p99(mE2e)));
            mElapsed = 0;
            mOffered = 0;
            mAccepted = 0;
            mDelivered = 0;
            mErrors = 0;
            mDuplicates = 0;
            mSubmit.reset();
            mE2e.reset();
        }

        StepResult finish(long endNanos, Map<String, Double> cpuEnd, long jitCompiler, long jitService) {
            closeMinute();
            Map<String, Double> used = new LinkedHashMap<>();
            cpuEnd.forEach((name, end) -> used.put(name, Math.max(0, end - cpuStart.getOrDefault(name, end))));
            long service = jitService - jitServiceStart;
            return new StepResult(index, rate, elapsed, offered, accepted, delivered, errors, duplicates,
                    Map.copyOf(kinds), p50p99(submit), p50p99(e2e), List.copyOf(minutes), used,
                    service <= 0 ? Double.NaN : JitSampler.share(jitCompiler - jitCompilerStart, service));
        }
    }
}
