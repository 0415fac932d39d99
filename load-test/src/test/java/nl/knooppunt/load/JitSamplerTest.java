package nl.knooppunt.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class JitSamplerTest {

    /** A C2 compiler thread of a JVM as Linux shows it: 15 characters of "C2 CompilerThread0". */
    private static final String C2 = "41237 (C2 CompilerThre) S 41200 41200 41100 0 -1 1077936192 5063 0 0 0 "
            + "1834 211 0 0 20 0 41 0 99182 4021985280 70321 18446744073709551615 1 1 0 0 0 0 4 0 17412 0 0 0 -1 1 "
            + "0 0 0 0 0 0 0 0 0 0 0 0 0";

    @Test
    void readsTheNameAndUserPlusSystemTicksOfATask() {
        JitSampler.Task task = JitSampler.parseStat(C2);

        assertEquals("C2 CompilerThre", task.comm());
        assertEquals(1834 + 211, task.ticks());
    }

    @Test
    void aNameWithSpacesAndParenthesesDoesNotShiftTheFields() {
        JitSampler.Task task = JitSampler.parseStat("7 (a) b (c)) R 1 1 1 0 -1 0 0 0 0 0 12 30 5 6 20 0 1 0 0");

        assertEquals("a) b (c)", task.comm());
        assertEquals(42, task.ticks(), "utime + stime, not the children's cutime and cstime");
    }

    @Test
    void aLineWithoutACommandIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> JitSampler.parseStat("not a stat line"));
    }

    @Test
    void onlyTheC1AndC2CompilerThreadsAreCompilers() {
        assertTrue(JitSampler.isCompiler("C2 CompilerThre"));
        assertTrue(JitSampler.isCompiler("C1 CompilerThre"));
        assertFalse(JitSampler.isCompiler("GC Thread#0"));
        assertFalse(JitSampler.isCompiler("VM Thread"));
        assertFalse(JitSampler.isCompiler("executor-thread"));
        assertFalse(JitSampler.isCompiler("Sweeper thread"));
    }

    @Test
    void theServicesAreTheFourQuarkusJvmsAndTheirReplicas() {
        assertTrue(JitSampler.isService("portal-api"));
        assertTrue(JitSampler.isService("portal-api-2"));
        assertTrue(JitSampler.isService("routing-service"));
        assertTrue(JitSampler.isService("validation-service-2"));
        assertTrue(JitSampler.isService("registry-service"));
        assertFalse(JitSampler.isService("kafka"));
        assertFalse(JitSampler.isService("keycloak"));
        assertFalse(JitSampler.isService("postgres"));
        assertFalse(JitSampler.isService("load-driver"));
    }

    @Test
    void compilerThreadsAreFollowedByTidSoThreadsThatComeAndGoCountOnlyWhatTheyGained() {
        Map<Long, Long> before = Map.of(10L, 500L, 11L, 200L);
        // 10 gained 40, 11 ended (its last ticks are not known), 12 is new since the last sample: all its 25 count
        Map<Long, Long> after = Map.of(10L, 540L, 12L, 25L);

        assertEquals(65, JitSampler.gained(before, after));
        assertEquals(0, JitSampler.gained(after, after));
    }

    @Test
    void theShareIsCompilerTicksOverTheServicesTicks() {
        assertEquals(0.04, JitSampler.share(4, 100), 1e-12);
        assertEquals(0.0, JitSampler.share(0, 0));
        assertEquals(1.0, JitSampler.share(7, 5), "never above all of it");
    }

    @Test
    void samplesALiveJvmFromProc() throws Exception {
        assumeTrue(Files.isDirectory(Path.of("/proc/self/task")), "needs Linux /proc");
        JitSampler sampler = new JitSampler(List.of(ProcessHandle.current().pid()));
        sampler.sample();
        long spin = System.nanoTime() + 300_000_000L;
        double x = 0;
        while (System.nanoTime() < spin) {
            x += Math.sqrt(x + 1);
        }
        sampler.sample();

        assertTrue(x > 0);
        assertTrue(sampler.serviceTicks() > 0, "this JVM used CPU between the samples");
        assertTrue(sampler.compilerTicks() <= sampler.serviceTicks());
    }
}
