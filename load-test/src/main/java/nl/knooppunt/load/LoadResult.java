package nl.knooppunt.load;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The figures of one load run.
 *
 * @param mode             "open 500/s" or "closed 64 clients"
 * @param seconds          measured seconds
 * @param acceptedPerSec   accepted messages per second in the measured window
 * @param accepted         accepted messages in the measured window
 * @param arrived          of those, how many reached their recipient before the drain timeout
 * @param errors           measured errors by kind (status, timeout, ...)
 * @param submitMs         submit latency p50, p95, p99, max (ms)
 * @param e2eMs            submit to recipient p50, p95, p99, max (ms)
 * @param processes        CPU and memory of each process of the stack
 * @param kafka            raw Kafka figures, null when not measured
 * @param profile          top profile frames per service, empty when not profiled
 * @param reportDir        where the report files are
 */
public record LoadResult(String mode, double seconds, double acceptedPerSec, long accepted, long arrived,
        Map<String, Long> errors, double[] submitMs, double[] e2eMs, List<StackProcesses.Usage> processes,
        KafkaPerf.Result kafka, Map<String, List<String>> profile, Path reportDir) {

    /** Measured errors of every kind. */
    public long errorCount() {
        return errors.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Accepted messages in the measured window that never reached their recipient. */
    public long missing() {
        return accepted - arrived;
    }
}
