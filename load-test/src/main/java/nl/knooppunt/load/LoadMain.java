package nl.knooppunt.load;

import java.time.LocalTime;
import java.time.format.DateTimeFormatter;

/**
 * The load benchmark's command line: {@code ./mvnw -pl load-test package exec:java -Dload.rate=500
 * -Dload.duration=60s} against a stack started by {@code ./knooppunt up}; {@code -Dload.rate=0} drives maximum rate
 * with {@code load.concurrency} clients; {@code -Dload.steps=250,500,1000,1500,2000,3000} runs the stepped open model
 * (5 minutes each after a JIT-gated warm-up) and prints the sustainable rate; {@code -Dload.profile=true} records JFR
 * on the services. Every option: {@link LoadConfig}.
 */
public final class LoadMain {

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

    private LoadMain() {
    }

    public static void main(String[] args) throws Exception {
        LoadConfig config = LoadConfig.fromSystemProperties();
        LoadResult result = LoadRun.run(config, Boolean.getBoolean("load.profile"),
                line -> System.out.println("[load " + LocalTime.now().format(CLOCK) + "] " + line));
        System.out.printf("%n%s: %.1f accepted msg/s, submit p99 %.1f ms, end-to-end p99 %.1f ms, %d errors, "
                + "%d accepted messages not delivered%n", result.mode(), result.acceptedPerSec(), result.submitMs()[2],
                result.e2eMs()[2], result.errorCount(), result.missing());
        if (config.stepped()) {
            System.out.println(result.sustainable().map(s -> String.format(java.util.Locale.ROOT,
                    "sustainable rate: %.0f msg/s offered, %.1f delivered/s (end-to-end p99 %.0f ms <= %.0f ms)%s",
                    s.offeredRate(), s.deliveredPerSec(), s.e2eMs()[1], result.e2eP99BoundMs(),
                    result.relay() == null ? "" : String.format(java.util.Locale.ROOT,
                            ", %.3f of the raw Kafka relay's %.0f msg/s", s.deliveredPerSec()
                                    / result.relay().messagesPerSec(), result.relay().messagesPerSec())))
                    .orElse("sustainable rate: none of the steps was sustained"));
        }
        System.out.println(java.nio.file.Files.readString(result.reportDir().resolve("report.md")));
    }
}
