package nl.knooppunt.load;

/**
 * What the load does now, set by the {@link Monitor} at its ticks and read by the submitter and the consumers: the
 * offered rate, where the measured window begins (the first step) and where the load ends (the end of the last step,
 * known once that step has begun).
 */
final class Schedule {

    private volatile double rate;
    private volatile long measureFrom = Long.MAX_VALUE;
    private volatile long end = Long.MAX_VALUE;

    Schedule(double rate) {
        this.rate = rate;
    }

    /** The offered rate (msg/s) of the open model now. */
    double rate() {
        return rate;
    }

    void rate(double rate) {
        this.rate = rate;
    }

    void measureFrom(long nanos) {
        this.measureFrom = nanos;
    }

    void end(long nanos) {
        this.end = nanos;
    }

    /** The end of the last step ({@link Long#MAX_VALUE} until that step has begun). */
    long end() {
        return end;
    }

    /** Whether a moment ({@link System#nanoTime()}) lies in the measured window (any step). */
    boolean measured(long nanos) {
        return nanos >= measureFrom && nanos < end;
    }

    /** Whether a moment lies at or after the end of the last step: the load stops. */
    boolean over(long nanos) {
        return nanos >= end;
    }
}
