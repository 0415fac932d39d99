package nl.knooppunt.load;

import java.util.List;

/**
 * How the run warmed up before its first measured step.
 *
 * @param jitGated       whether the warm-up ended on the JIT compilers' share (a stepped run) rather than after a
 *                       fixed {@code load.warmup}
 * @param rate           offered msg/s during the warm-up (the first step's; 0 for the closed model)
 * @param seconds        its length
 * @param windowShares   the compilers' share of the services' CPU in each window (every window when JIT-gated; one
 *                       over the whole warm-up otherwise)
 * @param finalJitShare  the share of the last window
 * @param threshold      the share under which the warm-up ends
 * @param capped         whether it ended at {@code load.warmup-max} with the compilers still above the threshold
 */
public record WarmupResult(boolean jitGated, double rate, double seconds, List<Double> windowShares,
        double finalJitShare, double threshold, boolean capped) {
}
