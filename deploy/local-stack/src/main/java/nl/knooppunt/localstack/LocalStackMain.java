package nl.knooppunt.localstack;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * The command line behind {@code ./knooppunt}: {@code up} (everything, in the foreground until Ctrl-C), {@code infra}
 * (Kafka, PostgreSQL, Keycloak, secrets and topics only, for {@code quarkus:dev}) and {@code down}.
 */
public final class LocalStackMain {

    private static final String USAGE = """
            usage: knooppunt <up|infra|down> [--replicas N] [--repo-root DIR] [--state-dir DIR]
                   knooppunt decrypt --key <private JWK file> < message.json
              up     start Kafka, PostgreSQL, Keycloak and the four services; Ctrl-C stops everything;
                     --replicas N runs N instances of routing-service, validation-service and portal-api
              infra  start only Kafka, PostgreSQL and Keycloak (+ secrets and topics); run each service with
                     ./mvnw -pl <service> quarkus:dev
              down   stop a running stack and anything it left behind
              decrypt  open a fetched message with a recipient's own key, as its system would
            environment:
              KNOOPPUNT_OTLP_ENDPOINT      export the services' traces over OTLP/HTTP to this collector, e.g.
                                           http://localhost:4318 (off when unset)
              KNOOPPUNT_OTLP_SAMPLE_RATIO  with it, the share of submissions traced, 0.0 to 1.0 (default 1.0)""";

    private LocalStackMain() {
    }

    /** Runs {@code up}, {@code infra} or {@code down}; exits 1 with a message when the stack cannot start. */
    public static void main(String[] args) {
        if (args.length == 0) {
            System.err.println(USAGE);
            System.exit(2);
        }
        String mode = args[0].toLowerCase(Locale.ROOT);
        if ("decrypt".equals(mode)) {
            System.exit(Decrypt.run(List.of(args).subList(1, args.length), System.in, System.out, System.err));
        }
        Path repoRoot = null;
        Path stateDir = null;
        int replicas = 1;
        for (int i = 1; i < args.length; i++) {
            switch (args[i]) {
                case "--repo-root" -> repoRoot = Path.of(value(args, ++i));
                case "--state-dir" -> stateDir = Path.of(value(args, ++i));
                case "--replicas" -> replicas = replicas(value(args, ++i));
                default -> fail("unknown option " + args[i] + System.lineSeparator() + USAGE, 2);
            }
        }
        Path root = repoRoot != null ? repoRoot : StackLayout.detectRepoRoot();
        Path state = stateDir != null ? stateDir : StackLayout.defaultStateDir(root);
        switch (mode) {
            case "up" -> run(root, state, true, replicas);
            case "infra" -> run(root, state, false, 1);
            case "down" -> down(new StackLayout(root, state));
            default -> fail("unknown command " + args[0] + System.lineSeparator() + USAGE, 2);
        }
    }

    private static int replicas(String value) {
        try {
            int replicas = Integer.parseInt(value);
            if (replicas >= 1 && replicas <= Service.MAX_REPLICAS) {
                return replicas;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        fail("--replicas needs a number from 1 to " + Service.MAX_REPLICAS + ", not '" + value + "'", 2);
        return 1;
    }

    private static void run(Path root, Path state, boolean withServices, int replicas) {
        AtomicReference<LocalStack> running = new AtomicReference<>();
        stopOnSignals(running);
        LocalStack stack;
        try {
            stack = LocalStack.builder().repoRoot(root).stateDir(state).withServices(withServices)
                    .replicas(replicas).serviceEnvironment(Tracing.fromEnvironment(System.getenv())).start();
        } catch (LocalStackException e) {
            fail("local stack failed to start: " + e.getMessage(), 1);
            return;
        } catch (RuntimeException e) {
            e.printStackTrace();
            fail("local stack failed to start: " + e, 1);
            return;
        }
        running.set(stack);
        System.out.println(banner(stack));
        try {
            new CountDownLatch(1).await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stack.close();
        }
    }

    /**
     * Ctrl-C and SIGTERM ({@code ./knooppunt down}) stop the stack in reverse order before the JVM's shutdown hooks
     * run: otherwise the embedded PostgreSQL's own hook would stop the database while the services still run.
     */
    private static void stopOnSignals(AtomicReference<LocalStack> running) {
        AtomicBoolean stopping = new AtomicBoolean();
        SignalHandler handler = signal -> {
            if (!stopping.compareAndSet(false, true)) {
                System.out.println("[local-stack] already stopping, please wait");
                return;
            }
            LocalStack stack = running.get();
            if (stack != null) {
                System.out.println("[local-stack] stopping (" + signal.getName() + ")");
                stack.close();
            }
            System.exit(128 + signal.getNumber());
        };
        for (String name : List.of("INT", "TERM")) {
            try {
                Signal.handle(new Signal(name), handler);
            } catch (IllegalArgumentException unavailable) {
                // the signal is reserved or ignored: the shutdown hook of LocalStack still stops everything
            }
        }
    }

    private static void down(StackLayout layout) {
        List<String> stopped = LocalStack.down(layout, m -> System.out.println("[local-stack] " + m));
        System.out.println(stopped.isEmpty() ? "[local-stack] nothing was running in " + layout.stateDir()
                : "[local-stack] stopped: " + String.join(", ", stopped));
    }

    /** What the person at the terminal needs: URLs, credentials, how to get a token. */
    static String banner(LocalStack stack) {
        StringBuilder b = new StringBuilder();
        String line = "=".repeat(78);
        b.append(System.lineSeparator()).append(line).append(System.lineSeparator());
        b.append(stack.withServices() ? " Knooppunt local stack is up" : " Knooppunt infrastructure is up")
                .append(" (state and logs in ").append(stack.stateDir()).append(")").append(System.lineSeparator());
        b.append(line).append(System.lineSeparator());
        if (stack.withServices()) {
            b.append(" portal-api (public API)  ").append(stack.portalApiUrl()).append(System.lineSeparator());
            b.append("   OpenAPI                ").append(stack.portalApiUrl()).append("/q/openapi")
                    .append(System.lineSeparator());
            for (Service.Spec spec : stack.instances()) {
                if (!spec.equals(Service.PORTAL_API)) {
                    b.append(String.format(" %-24s %s%n", spec.instanceName(), spec.baseUrl()));
                }
            }
        } else {
            b.append(" Run each service with:   ./mvnw -pl <service> quarkus:dev").append(System.lineSeparator());
        }
        b.append(" Keycloak                 ").append(stack.keycloakUrl()).append("  realm ").append(Keycloak.REALM)
                .append(", admin console ").append(Keycloak.ADMIN).append('/').append(Keycloak.ADMIN)
                .append(System.lineSeparator());
        b.append(" Kafka                    ").append(stack.kafkaBootstrapServers()).append(System.lineSeparator());
        b.append(" PostgreSQL               localhost:").append(Postgres.PORT).append(" databases ")
                .append(String.join(", ", Postgres.DATABASES)).append(" (").append(Postgres.USER).append('/')
                .append(Postgres.PASSWORD).append(')').append(System.lineSeparator());
        b.append(System.lineSeparator()).append(" Demo API clients (client credentials):").append(System.lineSeparator());
        for (Demo.ApiClient client : List.of(Demo.GEMEENTE_CLIENT, Demo.ENERGIE_CLIENT)) {
            b.append(String.format("   %-14s / %-22s for %s%n", client.clientId(), client.secret(),
                    client.participant()));
        }
        if (stack.withSandbox()) {
            b.append(" Sandbox counterparts (simulated, answer within seconds; docs/sandbox.md):")
                    .append(System.lineSeparator());
            b.append("   ").append(Demo.SANDBOX_CREDITOR_NAME).append(" (creditor), ")
                    .append(Demo.SANDBOX_COUNSELLOR_NAME).append(" (counsellor-phase-2); keys in ")
                    .append(stack.sandboxStateDir()).append(System.lineSeparator());
            b.append("   conformance run:       ./knooppunt conformance").append(System.lineSeparator());
        }
        b.append(" Demo portal users:").append(System.lineSeparator());
        for (Demo.User user : List.of(Demo.ANNA, Demo.ERIK)) {
            b.append(String.format("   %-14s / %-22s %s (OIN %s)%n", user.username(), user.password(),
                    user.organisation(), user.oin()));
        }
        b.append(" The demo organisations' own keys (their users' side; the hub holds none): ")
                .append(DemoUserKeys.dir(stack.stateDir())).append(System.lineSeparator());
        b.append("   portal passphrase (Sleutel)  ").append(DemoUserKeys.PASSPHRASE).append(System.lineSeparator());
        b.append("   open a fetched message       ./knooppunt decrypt --key ")
                .append(DemoUserKeys.keyFile(stack.stateDir(), Demo.ENERGIE_PARTICIPANT_ID))
                .append(" < message.json").append(System.lineSeparator());
        b.append(System.lineSeparator()).append(" Get a token:").append(System.lineSeparator());
        b.append("   curl -s -d grant_type=client_credentials -d client_id=").append(Demo.GEMEENTE_CLIENT.clientId())
                .append(" -d client_secret=").append(Demo.GEMEENTE_CLIENT.secret()).append(' ')
                .append(Keycloak.tokenEndpoint()).append(System.lineSeparator());
        b.append(System.lineSeparator()).append(" Started in: ").append(timings(stack.startupTimes()))
                .append(System.lineSeparator());
        b.append(" Logs: ").append(stack.layout().logsDir()).append("/<component>.log").append(System.lineSeparator());
        b.append(" Press Ctrl-C to stop everything (or run ./knooppunt down elsewhere).").append(System.lineSeparator());
        b.append(line);
        return b.toString();
    }

    private static String timings(Map<String, Duration> times) {
        StringBuilder b = new StringBuilder();
        for (String component : List.of("postgres", KafkaBroker.NAME, Keycloak.NAME, Service.REGISTRY.name(),
                Service.ROUTING.name(), Service.VALIDATION.name(), Service.PORTAL_API.name(), "total")) {
            Duration d = times.get(component);
            if (d != null) {
                if (!b.isEmpty()) {
                    b.append(", ");
                }
                b.append(component).append(String.format(" %.1f s", d.toMillis() / 1000.0));
            }
        }
        return b.toString();
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            fail("option " + args[i - 1] + " needs a value", 2);
        }
        return args[i];
    }

    private static void fail(String message, int code) {
        System.err.println(message);
        System.exit(code);
    }
}
