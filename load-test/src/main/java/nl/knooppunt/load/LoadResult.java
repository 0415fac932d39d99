package nl.knooppunt.load;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The figures of one load run.
 *
 * @param mode             "open 500/s", "closed 64 clients" or "stepped open model 250, 500 msg/s"
 * @param seconds          measured seconds (all steps)
 * @param acceptedPerSec   accepted messages per second in the measured window
 * @param accepted         messages accepted with their intended start in the measured window
 * @param arrived          of those, how many reached their recipient before the drain timeout
 * @param errors           measured errors by kind (status, timeout, duplicate, payload check, ...)
 * @param submitMs         submit latency p50, p95, p99, max (ms) over the measured window
 * @param e2eMs            submit to recipient p50, p95, p99, max (ms) of the messages accepted in the window
 * @param processes        CPU and memory of each process of the stack over the measured window
 * @param kafka            raw Kafka figures of Kafka's perf tools, null when not measured
 * @param profile          top profile frames per service, empty when not profiled
 * @param reportDir        where the report files are
 * @param warmup           how the run warmed up
 * @param steps            each measured step (one for a run without {@code load.steps})
 * @param relay            the raw Kafka relay of the hub's shape, null when not run
 * @param e2eP99BoundMs    the end-to-end p99 bound of a sustained step (ms)
 */
public record LoadResult(String mode, double seconds, double acceptedPerSec, long accepted, long arrived,
        Map<String, Long> errors, double[] submitMs, double[] e2eMs, List<StackProcesses.Usage> processes,
        KafkaPerf.Result kafka, Map<String, List<String>> profile, Path reportDir, WarmupResult warmup,
        List<StepResult> steps, KafkaRelay.Result relay, double e2eP99BoundMs) {

    /** Measured errors of every kind. */
    public long errorCount() {
        return errors.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Accepted messages in the measured window that never reached their recipient. */
    public long missing() {
        return accepted - arrived;
    }

    /** The highest sustained step ({@link Steps}), if any. */
    public Optional<StepResult> sustainable() {
        return Steps.sustainable(steps, e2eP99BoundMs);
    }
}
