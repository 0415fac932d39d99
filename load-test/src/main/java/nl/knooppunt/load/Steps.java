package nl.knooppunt.load;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The rules of the stepped benchmark (issue 15), apart from the measuring: how a step is cut into minutes, when its
 * backlog counts as flat, when it counts as sustained, and which rate is the sustainable one.
 *
 * <p>A step is <b>sustained</b> when
 * <ul>
 * <li>its backlog stayed flat: in every minute, delivered is within {@link #FLAT_TOLERANCE} (1%) of accepted;</li>
 * <li>the hub took the offered load: accepted is at least {@link #ACCEPTED_SHARE} (99%) of offered (a hub that sheds
 * load with 503, as back-pressure does, keeps its backlog flat by refusing work, which is not sustaining it);</li>
 * <li>its end-to-end p99 (intended submit start to delivery) is at most the bound ({@code load.e2e-p99-bound}, 2 s).</li>
 * </ul>
 * The sustainable rate is the highest offered rate of the sustained steps. Errors do not decide it (their count is
 * reported beside it); those that cost a submission show in the accepted share.
 */
final class Steps {

    /** Delivered may differ from accepted by this share in each minute of a flat step. */
    static final double FLAT_TOLERANCE = 0.01;
    /** A sustained step accepted at least this share of its offered slots. */
    static final double ACCEPTED_SHARE = 0.99;

    private Steps() {
    }

    /** Minutes of a step of {@code stepSeconds}: its full minutes, at least one. */
    static int minutes(int stepSeconds) {
        return Math.max(1, stepSeconds / 60);
    }

    /**
     * The minute (0-based) that second {@code second} (0-based) of a step of {@code stepSeconds} belongs to: full
     * minutes, and a remainder under a minute joins the last one (a 90-s step is one minute of 90 s).
     */
    static int minuteOf(int second, int stepSeconds) {
        return Math.min(Math.max(0, second) / 60, minutes(stepSeconds) - 1);
    }

    /** Whether delivered is within {@link #FLAT_TOLERANCE} of accepted. */
    static boolean flat(long accepted, long delivered) {
        return Math.abs(delivered - accepted) <= FLAT_TOLERANCE * accepted;
    }

    /**
     * The verdict on one step.
     *
     * @param flat           every minute flat
     * @param tookOffered    accepted at least {@link #ACCEPTED_SHARE} of offered
     * @param latencyBounded end-to-end p99 within the bound
     * @param why            what failed, empty when sustained
     */
    record Judgement(boolean flat, boolean tookOffered, boolean latencyBounded, String why) {

        boolean sustained() {
            return flat && tookOffered && latencyBounded;
        }
    }

    /** Judges one step against an end-to-end p99 bound in milliseconds. */
    static Judgement judge(StepResult step, double e2eP99BoundMs) {
        List<String> why = new ArrayList<>();
        List<Integer> growing = step.minutes().stream().filter(m -> !m.flat()).map(m -> m.index() + 1).toList();
        boolean flat = !step.minutes().isEmpty() && growing.isEmpty();
        if (step.minutes().isEmpty()) {
            why.add("no minute measured");
        } else if (!growing.isEmpty()) {
            why.add("backlog not flat in minute " + growing.stream().map(String::valueOf)
                    .reduce((a, b) -> a + ", " + b).orElse(""));
        }
        boolean took = step.offered() > 0 && step.accepted() >= ACCEPTED_SHARE * step.offered();
        if (!took) {
            why.add(String.format(Locale.ROOT, "accepted %d of %d offered", step.accepted(), step.offered()));
        }
        boolean bounded = step.delivered() > 0 && step.e2eMs()[1] <= e2eP99BoundMs;
        if (!bounded) {
            why.add(step.delivered() == 0 ? "nothing delivered"
                    : String.format(Locale.ROOT, "end-to-end p99 %.0f ms > %.0f ms", step.e2eMs()[1],
                            e2eP99BoundMs));
        }
        return new Judgement(flat, took, bounded, String.join("; ", why));
    }

    /** The sustained step with the highest offered rate, if any. */
    static Optional<StepResult> sustainable(List<StepResult> steps, double e2eP99BoundMs) {
        return steps.stream().filter(s -> judge(s, e2eP99BoundMs).sustained())
                .max(java.util.Comparator.comparingDouble(StepResult::offeredRate));
    }
}
