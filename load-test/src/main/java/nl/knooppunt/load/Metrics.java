package nl.knooppunt.load;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

import org.HdrHistogram.Recorder;

/** Latency recorders (microseconds) and error counts of a run; errors are keyed by what failed and how. */
final class Metrics {

    /** Highest latency the histograms track: 10 minutes in microseconds. */
    static final long HIGHEST = 600_000_000L;

    final Recorder submit = new Recorder(HIGHEST, 3);
    final Recorder e2e = new Recorder(HIGHEST, 3);
    final LongAdder acceptedInterval = new LongAdder();
    private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> samples = new ConcurrentHashMap<>();
    private final LongAdder errorsInterval = new LongAdder();
    private final Consumer<String> log;

    Metrics(Consumer<String> log) {
        this.log = log;
    }

    /** Counts an error; the first three of each kind are logged with their (test-data) detail. */
    void error(String what, String detail, boolean measured) {
        if (measured) {
            errors.computeIfAbsent(what, k -> new LongAdder()).increment();
            errorsInterval.increment();
        }
        if (samples.computeIfAbsent(what, k -> new AtomicInteger()).incrementAndGet() <= 3) {
            log.accept("error " + what + (measured ? "" : " (warm-up)") + ": "
                    + (detail == null ? "" : detail.length() > 400 ? detail.substring(0, 400) + "..." : detail));
        }
    }

    long errorsIntervalThenReset() {
        return errorsInterval.sumThenReset();
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
}
