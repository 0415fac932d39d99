package nl.knooppunt.testsupport.containers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

/**
 * The choice between in-process servers (the default) and containers ({@code -Dknooppunt.test.containers=true}):
 * unasked, no engine is even looked for; asked without an engine, the run fails and says what to do; asked with one,
 * containers.
 */
class ContainerChoiceTest {

    @Test
    void byDefaultTheInProcessServersAreUsedAndNoEngineIsLookedFor() {
        AtomicBoolean asked = new AtomicBoolean();
        assertFalse(ContainerChoice.decide(false, () -> {
            asked.set(true);
            return true;
        }));
        assertFalse(asked.get(), "no engine detection unless containers were asked for");
        if (System.getProperty(ContainerChoice.PROPERTY) == null
                && System.getProperty(ContainerChoice.CARRIED) == null) {
            assertFalse(ContainerChoice.containers(), "not asked: in-process servers");
            assertFalse(ContainerChoice.useContainers());
        }
    }

    @Test
    void askedWithoutAnEngineTheRunFailsAndSaysSo() {
        IllegalStateException failure = assertThrows(IllegalStateException.class,
                () -> ContainerChoice.decide(true, () -> false));
        assertTrue(failure.getMessage().contains("no container engine answers"), failure.getMessage());
        assertTrue(failure.getMessage().contains("-Dknooppunt.test.containers"), failure.getMessage());
    }

    @Test
    void askedWithoutTestcontainersOnTheClasspathTheRunFailsAndSaysSo() {
        IllegalStateException failure = assertThrows(IllegalStateException.class,
                () -> ContainerChoice.decide(true, () -> {
                    throw new NoClassDefFoundError("org/testcontainers/DockerClientFactory");
                }));
        assertTrue(failure.getMessage().contains("profile test-containers"), failure.getMessage());
    }

    @Test
    void theAskIsMovedOutOfTheKnooppuntNamespaceBeforeAServiceStarts() {
        String before = System.getProperty(ContainerChoice.CARRIED);
        try {
            System.setProperty(ContainerChoice.PROPERTY, "false");
            assertFalse(ContainerChoice.containers());
            assertEquals(null, System.getProperty(ContainerChoice.PROPERTY), "no knooppunt.* key left for Quarkus");
            assertFalse(ContainerChoice.containers(), "the answer is kept");
        } finally {
            if (before == null) {
                System.clearProperty(ContainerChoice.CARRIED);
            } else {
                System.setProperty(ContainerChoice.CARRIED, before);
            }
        }
    }

    @Test
    void askedWithAnEngineContainersAreUsed() {
        assertTrue(ContainerChoice.decide(true, () -> true));
    }
}
