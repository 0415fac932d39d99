package nl.knooppunt.load;

import java.util.List;
import java.util.Map;

/**
 * What one measured step (a fixed offered rate for {@code load.step-duration}) did, counted by event time: offered
 * slots in the step, submissions answered in it, messages that reached their recipient in it.
 *
 * @param index       0-based step number
 * @param offeredRate offered msg/s of the step (0 for the closed model)
 * @param seconds     measured seconds
 * @param offered     submission slots (open model) or requests sent (closed model)
 * @param accepted    submissions answered 201
 * @param delivered   messages of this run that reached their recipient for the first time (pushes received and
 *                    messages first seen in a listing, de-duplicated by message id)
 * @param errors      errors of every kind (including duplicates and failed payload checks)
 * @param duplicates  messages that reached their recipient again
 * @param errorKinds  errors by kind
 * @param submitMs    submit latency p50, p99 (ms)
 * @param e2eMs       intended start to delivery p50, p99 (ms)
 * @param minutes     the same per minute of the step
 * @param cpuSeconds  CPU seconds per process tree (the launcher's components and the driver) in the step
 * @param jitShare    share of the four services' CPU the JIT compiler threads took in the step (NaN when not sampled)
 */
public record StepResult(int index, double offeredRate, double seconds, long offered, long accepted, long delivered,
        long errors, long duplicates, Map<String, Long> errorKinds, double[] submitMs, double[] e2eMs,
        List<Minute> minutes, Map<String, Double> cpuSeconds, double jitShare) {

    /** The component name of the driver's own process in {@link #cpuSeconds()}. */
    public static final String DRIVER = "load-driver";

    /**
     * One minute of a step (the last one takes a remainder under a minute).
     *
     * @param index 0-based minute of the step
     */
    public record Minute(int index, double seconds, long offered, long accepted, long delivered, long errors,
            long duplicates, double[] submitMs, double[] e2eMs) {

        /** Delivered within {@link Steps#FLAT_TOLERANCE} of accepted: the backlog did not grow (or shrink) this minute. */
        public boolean flat() {
            return Steps.flat(accepted, delivered);
        }
    }

    public double acceptedPerSec() {
        return seconds <= 0 ? 0 : accepted / seconds;
    }

    public double deliveredPerSec() {
        return seconds <= 0 ? 0 : delivered / seconds;
    }

    /** CPU of every process (the stack and the driver) per delivered message, ms. */
    public double cpuMsPerDelivered() {
        return perDelivered(cpuSeconds.values().stream().mapToDouble(Double::doubleValue).sum());
    }

    /** CPU of the stack's processes (without the driver) per delivered message, ms. */
    public double stackCpuMsPerDelivered() {
        return perDelivered(cpuSeconds.entrySet().stream().filter(e -> !e.getKey().equals(DRIVER))
                .mapToDouble(Map.Entry::getValue).sum());
    }

    /** One process tree's CPU per delivered message, ms. */
    public double cpuMsPerDelivered(String component) {
        return perDelivered(cpuSeconds.getOrDefault(component, 0.0));
    }

    private double perDelivered(double cpu) {
        return delivered == 0 ? Double.NaN : cpu * 1000 / delivered;
    }

    /** Cores busy on average over the step, all processes. */
    public double avgCores() {
        return seconds <= 0 ? 0 : cpuSeconds.values().stream().mapToDouble(Double::doubleValue).sum() / seconds;
    }
}
