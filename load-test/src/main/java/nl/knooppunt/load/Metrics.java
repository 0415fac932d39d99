package nl.knooppunt.load;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Latency recorders (microseconds) and counts of a run. The recorders and the interval counters are read every second
 * by the {@link Monitor}, which puts each second into the phase it belongs to (warm-up, a step, the drain): they count
 * by event time (a submission when its answer came, a delivery when the recipient had it). Errors are also kept by
 * kind for the measured window (the {@code measured} flag of {@link #error}).
 */
final class Metrics {

    /** Highest latency the histograms track: 10 minutes in microseconds. */
    static final long HIGHEST = 600_000_000L;

    /** Submit latency from the intended start (open model) or the send (closed model). */
    final Recorder submit = new Recorder(HIGHEST, 3);
    /** Intended submit start to the recipient having the message, by the time it arrived. */
    final Recorder e2e = new Recorder(HIGHEST, 3);
    /** The same, for the messages accepted in the measured window, wherever they arrived (classic figure). */
    private final Histogram e2eOfMeasured = new Histogram(HIGHEST, 3);
    /** Submission slots the load had (open model) or requests sent (closed model). */
    final LongAdder offeredInterval = new LongAdder();
    final LongAdder acceptedInterval = new LongAdder();
    /** Messages of this run that reached their recipient for the first time. */
    final LongAdder deliveredInterval = new LongAdder();
    /** Messages that reached their recipient again. */
    final LongAdder duplicatesInterval = new LongAdder();
    /** Payloads decrypted and compared (the sample). */
    final LongAdder payloadsChecked = new LongAdder();
    private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> errorsInterval = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> samples = new ConcurrentHashMap<>();
    private final Consumer<String> log;

    Metrics(Consumer<String> log) {
        this.log = log;
    }

    /** Counts an error; the first three of each kind are logged with their (test-data) detail. */
    void error(String what, String detail, boolean measured) {
        if (measured) {
            errors.computeIfAbsent(what, k -> new LongAdder()).increment();
        }
        errorsInterval.computeIfAbsent(what, k -> new LongAdder()).increment();
        if (samples.computeIfAbsent(what, k -> new AtomicInteger()).incrementAndGet() <= 3) {
            log.accept("error " + what + (measured ? "" : " (not measured)") + ": "
                    + (detail == null ? "" : detail.length() > 400 ? detail.substring(0, 400) + "..." : detail));
        }
    }

    /** Errors by kind since the last call (every kind, measured or not). */
    Map<String, Long> errorsIntervalThenReset() {
        Map<String, Long> interval = new TreeMap<>();
        errorsInterval.forEach((k, v) -> {
            long n = v.sumThenReset();
            if (n > 0) {
                interval.put(k, n);
            }
        });
        return interval;
    }

    /** Measured errors by kind. */
    Map<String, Long> errors() {
        Map<String, Long> copy = new TreeMap<>();
        errors.forEach((k, v) -> copy.put(k, v.sum()));
        return copy;
    }

    long errorCount() {
        return errors.values().stream().mapToLong(LongAdder::sum).sum();
    }

    void recordE2eOfMeasured(long micros) {
        synchronized (e2eOfMeasured) {
            e2eOfMeasured.recordValue(Math.min(HIGHEST, micros));
        }
    }

    Histogram e2eOfMeasured() {
        synchronized (e2eOfMeasured) {
            return e2eOfMeasured.copy();
        }
    }
}
