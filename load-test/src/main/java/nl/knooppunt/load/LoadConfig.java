package nl.knooppunt.load;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Everything a load run needs, read from {@code load.*} system properties ({@link #fromSystemProperties()}); every
 * default is documented on the property and in docs/benchmarks.md.
 *
 * @param apiUrls         portal-api base URLs ({@code load.api-url}, comma-separated, default
 *                        {@code http://localhost:8080}); with several (replicas, {@code ./knooppunt up --replicas 2}:
 *                        {@code http://localhost:8080,http://localhost:8090}) the requests go to them in turn
 * @param keycloakUrl     Keycloak base URL ({@code load.keycloak-url}, default {@code http://localhost:8180})
 * @param realm           the hub's realm ({@code load.realm}, default {@code knooppunt})
 * @param kafkaBootstrap  the stack's broker ({@code load.kafka}, default {@code localhost:19092})
 * @param stateDir        the stack's state dir with {@code pids/} ({@code load.state-dir}, default
 *                        {@code <repo>/.local-stack})
 * @param reportDir       where the report goes ({@code load.report-dir}, default {@code load-test/target/load-report})
 * @param prefix          name word and client-id prefix of everything seeded ({@code load.prefix}, default
 *                        {@code Loadtest}); reruns with the same prefix reuse what exists
 * @param counsellors     counsellors to seed ({@code load.counsellors}, default 1000; 10% administrators)
 * @param creditors       creditors to seed ({@code load.creditors}, default 10000; plus one guarantee fund)
 * @param webhookShare    share of participants with push delivery ({@code load.webhook-share}, default 0.3)
 * @param vendors         vendor API clients, each with mandates for a slice of the participants
 *                        ({@code load.vendors}, default 20)
 * @param rate            offered messages per second in the open model; 0 means maximum rate (closed model)
 *                        ({@code load.rate}, default 500)
 * @param concurrency     concurrent clients of the closed model, and the in-flight cap of the open model
 *                        ({@code load.concurrency}, default 64)
 * @param duration        measured duration ({@code load.duration}, e.g. {@code 60s}, {@code 5m}; default 60s)
 * @param warmup          unmeasured warm-up at the same load before it ({@code load.warmup}, default 180s: with
 *                        the whole stack on two cores the services' JIT compilers still take a third of the CPU
 *                        for minutes after the start, docs/benchmarks.md wave 4)
 * @param receiverPort    port of the local webhook receiver ({@code load.receiver-port}, default 18090; 0 picks a
 *                        free one and re-points the seeded webhooks at it)
 * @param fetch           whether pull consumers take the messages' content with the listing
 *                        ({@code include=content}) before acknowledging the page ({@code load.fetch}, default true)
 * @param drainTimeout    how long to wait after the run for every accepted message to arrive
 *                        ({@code load.drain-timeout}, default 60s)
 * @param kafkaPerf       whether to measure raw Kafka with its own perf tools ({@code load.kafka-perf}, default true)
 * @param kafkaPerfRecords records for the Kafka perf tools ({@code load.kafka-perf-records}, default 200000)
 * @param classpathFile   the runtime classpath for the child JVM of the Kafka tools ({@code load.classpath-file})
 * @param seedParallelism concurrent operator calls while seeding ({@code load.seed-parallelism}, default 8)
 * @param pollInterval    how often a mailbox with messages on their way is listed again
 *                        ({@code load.poll-interval}, default 100ms)
 * @param steps           the stepped open model ({@code load.steps}, offered msg/s, comma-separated, e.g.
 *                        {@code 250,500,1000,1500,2000,3000}; default none: one window at {@code load.rate}). The steps
 *                        run one after another against the same warm stack, each measured on its own, after a warm-up
 *                        at the first step's rate that ends when the JIT compilers are done ({@code load.warmup} is
 *                        then not used)
 * @param stepDuration    measured length of each step ({@code load.step-duration}, default 5m)
 * @param warmupMax       the longest JIT-gated warm-up of a stepped run ({@code load.warmup-max}, default 10m); the
 *                        report says when it was reached
 * @param warmupWindow    the window over which the JIT compilers' share is measured during that warm-up
 *                        ({@code load.warmup-window}, default 30s)
 * @param warmupJitShare  the warm-up ends after the first window in which the C1/C2 compiler threads took less than
 *                        this share of the four services' CPU ({@code load.warmup-jit-share}, default 0.05)
 * @param e2eP99Bound     a step is sustainable only with an end-to-end p99 at most this ({@code load.e2e-p99-bound},
 *                        default 2s)
 * @param answerShare     share of delivered requests that their recipient answers (through its vendor, with
 *                        {@code inReplyTo}; {@code load.answer-share}, default 0.5)
 * @param decryptSample   share of delivered messages whose payload the driver decrypts with the recipient's private
 *                        key and compares with what was sent ({@code load.decrypt-sample}, default 0.01)
 * @param rsaShare        share of participants with an RSA 2048 key, the others EC P-256 ({@code load.rsa-share},
 *                        default 0.5); every participant has a key pair of its own
 * @param mailboxSweep    every pull mailbox of every vendor is listed at least this often, messages expected or not
 *                        ({@code load.mailbox-sweep}, default 60s; 0 turns the sweep off)
 * @param kafkaRelay      whether to run the raw Kafka relay of the hub's shape after the run
 *                        ({@code load.kafka-relay}, default true)
 * @param kafkaRelayDuration measured length of that relay ({@code load.kafka-relay-duration}, default 60s, after
 *                        10 s unmeasured)
 */
public record LoadConfig(List<URI> apiUrls, URI keycloakUrl, String realm, String kafkaBootstrap, Path stateDir,
        Path reportDir, String prefix, int counsellors, int creditors, double webhookShare, int vendors, double rate,
        int concurrency, Duration duration, Duration warmup, int receiverPort, boolean fetch, Duration drainTimeout,
        boolean kafkaPerf, int kafkaPerfRecords, Path classpathFile, int seedParallelism, Duration pollInterval,
        List<Double> steps, Duration stepDuration, Duration warmupMax, Duration warmupWindow, double warmupJitShare,
        Duration e2eP99Bound, double answerShare, double decryptSample, double rsaShare, Duration mailboxSweep,
        boolean kafkaRelay, Duration kafkaRelayDuration) {

    public LoadConfig {
        steps = List.copyOf(steps);
        if (steps.stream().anyMatch(r -> !(r > 0))) {
            throw new IllegalArgumentException("load.steps must be offered rates above 0: " + steps);
        }
    }

    /** Whether this run is the stepped open model ({@code load.steps}). */
    public boolean stepped() {
        return !steps.isEmpty();
    }

    /** Whether this run drives maximum rate with {@link #concurrency()} closed-loop clients (never when stepped). */
    public boolean maxRate() {
        return !stepped() && rate <= 0;
    }

    /** The configuration from {@code load.*} system properties. */
    public static LoadConfig fromSystemProperties() {
        Path repo = Path.of(prop("load.repo-root", ".")).toAbsolutePath().normalize();
        return new LoadConfig(uris(prop("load.api-url", "http://localhost:8080")),
                URI.create(prop("load.keycloak-url", "http://localhost:8180")), prop("load.realm", "knooppunt"),
                prop("load.kafka", "localhost:19092"),
                Path.of(prop("load.state-dir", repo.resolve(".local-stack").toString())),
                Path.of(prop("load.report-dir", repo.resolve("load-test/target/load-report").toString())),
                prop("load.prefix", "Loadtest"), Integer.parseInt(prop("load.counsellors", "1000")),
                Integer.parseInt(prop("load.creditors", "10000")),
                Double.parseDouble(prop("load.webhook-share", "0.3")), Integer.parseInt(prop("load.vendors", "20")),
                Double.parseDouble(prop("load.rate", "500")), Integer.parseInt(prop("load.concurrency", "64")),
                duration(prop("load.duration", "60s")), duration(prop("load.warmup", "180s")),
                Integer.parseInt(prop("load.receiver-port", "18090")),
                Boolean.parseBoolean(prop("load.fetch", "true")), duration(prop("load.drain-timeout", "60s")),
                Boolean.parseBoolean(prop("load.kafka-perf", "true")),
                Integer.parseInt(prop("load.kafka-perf-records", "200000")),
                Path.of(prop("load.classpath-file", repo.resolve("load-test/target/load-classpath.txt").toString())),
                Integer.parseInt(prop("load.seed-parallelism", "8")), millis(prop("load.poll-interval", "100")),
                rates(prop("load.steps", "")), duration(prop("load.step-duration", "5m")),
                duration(prop("load.warmup-max", "10m")), duration(prop("load.warmup-window", "30s")),
                Double.parseDouble(prop("load.warmup-jit-share", "0.05")),
                duration(prop("load.e2e-p99-bound", "2s")), Double.parseDouble(prop("load.answer-share", "0.5")),
                Double.parseDouble(prop("load.decrypt-sample", "0.01")),
                Double.parseDouble(prop("load.rsa-share", "0.5")), duration(prop("load.mailbox-sweep", "60s")),
                Boolean.parseBoolean(prop("load.kafka-relay", "true")),
                duration(prop("load.kafka-relay-duration", "60s")));
    }

    /** A small configuration for the CI smoke run against the end-to-end stack. */
    public static LoadConfig smoke(Path stateDir, Path reportDir, String prefix) {
        return new LoadConfig(List.of(URI.create("http://localhost:8080")), URI.create("http://localhost:8180"),
                "knooppunt",
                "localhost:19092", stateDir, reportDir, prefix, 20, 40, 0.3, 4, 5, 16, Duration.ofSeconds(30),
                Duration.ofSeconds(3), 0, true, Duration.ofSeconds(60), false, 0, null, 4, Duration.ofMillis(500),
                List.of(), Duration.ofMinutes(5), Duration.ofMinutes(10), Duration.ofSeconds(30), 0.05,
                Duration.ofSeconds(2), 0.5, 1.0, 0.1, Duration.ofSeconds(30), false, Duration.ofSeconds(60));
    }

    /** Offered rates, comma-separated ("250,500,1000"); empty for none. */
    static List<Double> rates(String text) {
        return Arrays.stream(text.split(",")).map(String::trim).filter(r -> !r.isEmpty()).map(Double::parseDouble)
                .toList();
    }

    /** Comma-separated base URLs, without a trailing slash. */
    static List<URI> uris(String text) {
        List<URI> uris = Arrays.stream(text.split(",")).map(String::trim).filter(u -> !u.isEmpty())
                .map(u -> URI.create(u.replaceAll("/$", ""))).toList();
        if (uris.isEmpty()) {
            throw new IllegalArgumentException("load.api-url names no URL");
        }
        return uris;
    }

    /** Milliseconds, e.g. "100" or "100ms". */
    static Duration millis(String text) {
        return Duration.ofMillis(Long.parseLong(text.trim().replace("ms", "")));
    }

    /** "90s", "5m", "1h", "500ms" or an ISO-8601 duration. */
    static Duration duration(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
        }
        if (t.startsWith("p")) {
            return Duration.parse(text.trim().toUpperCase(Locale.ROOT));
        }
        char unit = t.charAt(t.length() - 1);
        if (Character.isDigit(unit)) {
            return Duration.ofSeconds(Long.parseLong(t));
        }
        long n = Long.parseLong(t.substring(0, t.length() - 1));
        return switch (unit) {
            case 's' -> Duration.ofSeconds(n);
            case 'm' -> Duration.ofMinutes(n);
            case 'h' -> Duration.ofHours(n);
            default -> throw new IllegalArgumentException("not a duration: " + text);
        };
    }

    private static String prop(String key, String fallback) {
        String value = System.getProperty(key);
        return value == null || value.isBlank() ? fallback : value;
    }
}
