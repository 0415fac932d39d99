package nl.knooppunt.localstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import nl.knooppunt.load.LoadConfig;
import nl.knooppunt.load.LoadResult;
import nl.knooppunt.load.LoadRun;

/**
 * The CI smoke version of the load benchmark (issue 9): 30 seconds at 5 messages per second of every module through
 * the running hub, from vendor clients acting for many participants, pulled and acknowledged from mailboxes or pushed
 * to a webhook receiver in this JVM. Every request must succeed and every accepted message must reach its recipient.
 * Its participants ("Smoketest ...") and clients ({@code smoketest-vendor-*}) are its own, so the other end-to-end
 * tests see no difference.
 */
@ExtendWith(LocalStackExtension.class)
@Order(50)
class LoadSmokeIT {

    @Test
    void everyAcceptedMessageArrivesWithoutErrors(LocalStack stack) throws Exception {
        LoadConfig config = LoadConfig.smoke(stack.stateDir(),
                stack.layout().moduleTarget().resolve("load-smoke"), "Smoketest");

        LoadResult result = LoadRun.run(config, false, line -> System.out.println("[load-smoke] " + line));

        assertTrue(result.accepted() >= 100, "accepted only " + result.accepted() + " messages in 30 s at 5/s");
        assertEquals(0, result.errorCount(), () -> "errors: " + result.errors());
        assertEquals(0, result.missing(), () -> result.missing() + " accepted messages never reached their recipient; "
                + "report in " + result.reportDir());
        assertTrue(Path.of(result.reportDir().toString(), "latency.hlog").toFile().length() > 0);
    }
}
