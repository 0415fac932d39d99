package nl.knooppunt.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LoadConfigTest {

    private static final List<String> KEYS = List.of("load.steps", "load.step-duration", "load.warmup-max",
            "load.rate");

    @AfterEach
    void clear() {
        KEYS.forEach(System::clearProperty);
    }

    @Test
    void stepsAreOfferedRatesOneAfterAnother() {
        System.setProperty("load.steps", "250, 500,1000,1500,2000,3000");

        LoadConfig config = LoadConfig.fromSystemProperties();

        assertTrue(config.stepped());
        assertFalse(config.maxRate());
        assertEquals(List.of(250.0, 500.0, 1000.0, 1500.0, 2000.0, 3000.0), config.steps());
        assertEquals(Duration.ofMinutes(5), config.stepDuration());
        assertEquals(Duration.ofMinutes(10), config.warmupMax());
        assertEquals(Duration.ofSeconds(30), config.warmupWindow());
        assertEquals(0.05, config.warmupJitShare());
        assertEquals(Duration.ofSeconds(2), config.e2eP99Bound());
        assertEquals(0.5, config.answerShare());
        assertEquals(0.01, config.decryptSample());
        assertTrue(config.kafkaRelay());
    }

    @Test
    void theShortVerificationRunsSettings() {
        System.setProperty("load.steps", "50,100");
        System.setProperty("load.step-duration", "60s");
        System.setProperty("load.warmup-max", "2m");
        System.setProperty("load.rate", "0");

        LoadConfig config = LoadConfig.fromSystemProperties();

        assertEquals(List.of(50.0, 100.0), config.steps());
        assertEquals(Duration.ofSeconds(60), config.stepDuration());
        assertEquals(Duration.ofMinutes(2), config.warmupMax());
        assertFalse(config.maxRate(), "a stepped run is always the open model");
    }

    @Test
    void withoutStepsItIsOneWindowAtTheRate() {
        LoadConfig config = LoadConfig.fromSystemProperties();

        assertFalse(config.stepped());
        assertEquals(500, config.rate());
        assertEquals(List.of(), config.steps());
    }

    @Test
    void aStepMustOfferSomething() {
        System.setProperty("load.steps", "250,0");

        assertThrows(IllegalArgumentException.class, LoadConfig::fromSystemProperties);
    }

    @Test
    void durationsTakeMillisecondsSecondsMinutesAndIso() {
        assertEquals(Duration.ofMillis(500), LoadConfig.duration("500ms"));
        assertEquals(Duration.ofSeconds(90), LoadConfig.duration("90s"));
        assertEquals(Duration.ofSeconds(90), LoadConfig.duration("90"));
        assertEquals(Duration.ofMinutes(5), LoadConfig.duration("5m"));
        assertEquals(Duration.ofMinutes(5), LoadConfig.duration("PT5M"));
    }

    @Test
    void theSmokeRunStaysOneShortWindowWithoutTheRelay() {
        LoadConfig smoke = LoadConfig.smoke(Path.of("state"), Path.of("report"), "Smoketest");

        assertFalse(smoke.stepped());
        assertEquals(Duration.ofSeconds(30), smoke.duration());
        assertEquals(Duration.ofSeconds(3), smoke.warmup());
        assertFalse(smoke.kafkaRelay());
        assertFalse(smoke.kafkaPerf());
    }
}
