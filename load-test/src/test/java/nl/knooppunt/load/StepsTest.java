package nl.knooppunt.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class StepsTest {

    private static final double BOUND = 2000;

    @Test
    void aStepIsCutIntoFullMinutesAndARemainderJoinsTheLast() {
        assertEquals(5, Steps.minutes(300));
        assertEquals(0, Steps.minuteOf(0, 300));
        assertEquals(0, Steps.minuteOf(59, 300));
        assertEquals(1, Steps.minuteOf(60, 300));
        assertEquals(4, Steps.minuteOf(299, 300));
        // 90 s: one minute of 90 s, not a minute and a half-minute
        assertEquals(1, Steps.minutes(90));
        assertEquals(0, Steps.minuteOf(89, 90));
        // shorter than a minute: the whole step is its one minute
        assertEquals(1, Steps.minutes(20));
        assertEquals(0, Steps.minuteOf(19, 20));
        // 150 s: two minutes, the second of 90 s
        assertEquals(2, Steps.minutes(150));
        assertEquals(1, Steps.minuteOf(149, 150));
    }

    @Test
    void flatMeansDeliveredWithinOnePercentOfAccepted() {
        assertTrue(Steps.flat(60_000, 60_000));
        assertTrue(Steps.flat(60_000, 59_400));
        assertTrue(Steps.flat(60_000, 60_600));
        assertFalse(Steps.flat(60_000, 59_399));
        assertFalse(Steps.flat(60_000, 60_601));
        assertTrue(Steps.flat(0, 0));
        assertFalse(Steps.flat(0, 5));
    }

    @Test
    void aStepWithEveryMinuteFlatAllOfferedAcceptedAndABoundedP99IsSustained() {
        StepResult step = step(0, 1000, minutes(60_000, 60_000, 5), 300_000, 300_000, 300_000, 850);

        Steps.Judgement judgement = Steps.judge(step, BOUND);

        assertTrue(judgement.sustained(), judgement.why());
        assertEquals("", judgement.why());
    }

    @Test
    void oneGrowingMinuteIsEnoughToFailAStep() {
        List<StepResult.Minute> minutes = new ArrayList<>(minutes(60_000, 60_000, 5));
        minutes.set(3, minute(3, 60_000, 58_000));
        StepResult step = step(0, 1000, minutes, 300_000, 300_000, 298_000, 900);

        Steps.Judgement judgement = Steps.judge(step, BOUND);

        assertFalse(judgement.sustained());
        assertFalse(judgement.flat());
        assertTrue(judgement.tookOffered());
        assertTrue(judgement.why().contains("minute 4"), judgement.why());
    }

    @Test
    void aHubThatShedsTheLoadKeepsItsBacklogFlatButDoesNotSustainIt() {
        // 3000 offered, 1200 accepted (the rest 503), all of those delivered
        StepResult step = step(0, 3000, minutes(72_000, 72_000, 5), 900_000, 360_000, 360_000, 400);

        Steps.Judgement judgement = Steps.judge(step, BOUND);

        assertTrue(judgement.flat());
        assertFalse(judgement.tookOffered());
        assertFalse(judgement.sustained());
        assertTrue(judgement.why().contains("accepted 360000 of 900000 offered"), judgement.why());
    }

    @Test
    void anEndToEndP99AboveTheBoundFailsAStep() {
        StepResult step = step(0, 500, minutes(30_000, 30_000, 5), 150_000, 150_000, 150_000, 2500);

        Steps.Judgement judgement = Steps.judge(step, BOUND);

        assertTrue(judgement.flat());
        assertFalse(judgement.latencyBounded());
        assertTrue(judgement.why().contains("end-to-end p99 2500 ms > 2000 ms"), judgement.why());
    }

    @Test
    void aStepThatDeliveredNothingIsNotSustained() {
        StepResult step = step(0, 250, List.of(), 15_000, 0, 0, 0);

        Steps.Judgement judgement = Steps.judge(step, BOUND);

        assertFalse(judgement.sustained());
        assertTrue(judgement.why().contains("no minute measured"), judgement.why());
        assertTrue(judgement.why().contains("nothing delivered"), judgement.why());
    }

    @Test
    void theSustainableRateIsTheHighestSustainedStepEvenAfterAFailedOne() {
        StepResult s250 = step(0, 250, minutes(15_000, 15_000, 5), 75_000, 75_000, 75_000, 300);
        StepResult s500 = step(1, 500, minutes(30_000, 30_000, 5), 150_000, 150_000, 150_000, 400);
        StepResult s1000 = step(2, 1000, minutes(60_000, 50_000, 5), 300_000, 300_000, 250_000, 9000);
        StepResult s1500 = step(3, 1500, minutes(90_000, 90_000, 5), 450_000, 450_000, 450_000, 1900);
        StepResult s2000 = step(4, 2000, minutes(96_000, 96_000, 5), 600_000, 480_000, 480_000, 700);

        Optional<StepResult> best = Steps.sustainable(List.of(s250, s500, s1000, s1500, s2000), BOUND);

        assertEquals(1500, best.orElseThrow().offeredRate());
        assertTrue(Steps.sustainable(List.of(s1000, s2000), BOUND).isEmpty());
    }

    @Test
    void cpuPerDeliveredMessageSumsEveryProcessAndLeavesTheDriverOutOfTheStackFigure() {
        StepResult step = new StepResult(0, 1000, 300, 300_000, 300_000, 300_000, 0, 0, Map.of(),
                new double[] { 10, 50 }, new double[] { 100, 400 }, minutes(60_000, 60_000, 5),
                Map.of("portal-api", 150.0, "kafka", 60.0, StepResult.DRIVER, 90.0), 0.02);

        assertEquals(1.0, step.cpuMsPerDelivered(), 1e-9);
        assertEquals(0.7, step.stackCpuMsPerDelivered(), 1e-9);
        assertEquals(0.5, step.cpuMsPerDelivered("portal-api"), 1e-9);
        assertEquals(1.0, step.avgCores(), 1e-9);
        assertEquals(1000, step.deliveredPerSec(), 1e-9);
    }

    private static StepResult step(int index, double rate, List<StepResult.Minute> minutes, long offered,
            long accepted, long delivered, double e2eP99) {
        return new StepResult(index, rate, 300, offered, accepted, delivered, 0, 0, Map.of(),
                new double[] { 10, 50 }, new double[] { e2eP99 / 4, e2eP99 }, minutes, Map.of("portal-api", 100.0),
                0.03);
    }

    private static List<StepResult.Minute> minutes(long accepted, long delivered, int n) {
        List<StepResult.Minute> minutes = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            minutes.add(minute(i, accepted, delivered));
        }
        return minutes;
    }

    private static StepResult.Minute minute(int index, long accepted, long delivered) {
        return new StepResult.Minute(index, 60, accepted, accepted, delivered, 0, 0, new double[] { 10, 50 },
                new double[] { 100, 400 });
    }
}
