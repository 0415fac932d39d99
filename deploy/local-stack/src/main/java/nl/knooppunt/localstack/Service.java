package nl.knooppunt.localstack;

import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** One of the hub's Quarkus services, run from its packaged {@code quarkus-run.jar} as a child JVM. */
public final class Service {

    /**
     * What the stack needs to know to run a service.
     *
     * @param name     module directory and application name, e.g. {@code registry-service}
     * @param port     fixed HTTP port
     * @param database its PostgreSQL database, or null when it has none
     * @param replica  which instance of the service this is, from 1; replica {@code k} listens on
     *                 {@code port + 10 * (k - 1)}
     */
    public record Spec(String name, int port, String database, int replica) {

        /** Port offset between the replicas of one service (8080, 8090, ...; 8180 stays Keycloak's). */
        static final int REPLICA_PORT_STEP = 10;

        /** The first (and usually only) instance of a service. */
        public Spec(String name, int port, String database) {
            this(name, port, database, 1);
        }

        /** {@code http://localhost:<port>}. */
        public URI baseUrl() {
            return URI.create("http://localhost:" + port);
        }

        /** The name of this instance's log and pid file: the service's name, with {@code -<k>} from replica 2. */
        public String instanceName() {
            return replica == 1 ? name : name + "-" + replica;
        }

        /** Replica {@code k} (from 1) of this service, on its own port. */
        public Spec replica(int k) {
            if (k < 1 || k > MAX_REPLICAS) {
                throw new IllegalArgumentException("replica must be between 1 and " + MAX_REPLICAS + ": " + k);
            }
            int first = port - REPLICA_PORT_STEP * (replica - 1);
            return new Spec(name, first + REPLICA_PORT_STEP * (k - 1), database, k);
        }

        /** Whether this is an instance of the given service. */
        public boolean isInstanceOf(Spec service) {
            return name.equals(service.name());
        }
    }

    /** The most replicas the local stack runs of one service: beyond that, ports would meet Keycloak's 8180. */
    public static final int MAX_REPLICAS = 9;

    /** registry-service on 8081 (database {@code registry}). */
    public static final Spec REGISTRY = new Spec("registry-service", 8081, "registry");
    /** routing-service on 8082 (database {@code routing}). */
    public static final Spec ROUTING = new Spec("routing-service", 8082, "routing");
    /** validation-service on 8083. */
    public static final Spec VALIDATION = new Spec("validation-service", 8083, null);
    /** portal-api on 8080: the public entry. */
    public static final Spec PORTAL_API = new Spec("portal-api", 8080, null);
    /** The services in start order. */
    public static final List<Spec> ALL = List.of(REGISTRY, ROUTING, VALIDATION, PORTAL_API);
    /**
     * The services that run as several replicas with {@code --replicas}: the ones on the message path. The registry
     * stays single: it is off the hot path (its snapshots reach the others through Kafka) and seeds the demo data.
     */
    public static final List<Spec> REPLICATED = List.of(ROUTING, VALIDATION, PORTAL_API);

    /** Every service instance of a stack with the given replicas, in start order: all first ones, then the others. */
    static List<Spec> instances(int replicas) {
        List<Spec> instances = new java.util.ArrayList<>(ALL);
        for (int k = 2; k <= replicas; k++) {
            for (Spec spec : REPLICATED) {
                instances.add(spec.replica(k));
            }
        }
        return instances;
    }

    /** {@code quarkus.shutdown.timeout} of every service: how long SIGTERM lets in-flight work finish. */
    static final String SHUTDOWN_TIMEOUT = "20s";
    /** How long a SIGTERM'd service may take to drain before it is killed: above its quarkus.shutdown.timeout. */
    static final Duration STOP_GRACE = Duration.ofSeconds(40);

    private final Spec spec;
    private final ChildProcess process;

    private Service(Spec spec, ChildProcess process) {
        this.spec = spec;
        this.process = process;
    }

    /** Starts the service's JVM with the local stack's configuration in its environment. */
    static Service launch(Spec spec, StackLayout layout, Consumer<String> onDeath) {
        return launch(spec, layout, onDeath, null, Map.of());
    }

    /**
     * As {@link #launch(Spec, StackLayout, Consumer)}, with every log category at {@code logLevel} when not null and
     * {@code extraEnvironment} added to the service's environment.
     */
    static Service launch(Spec spec, StackLayout layout, Consumer<String> onDeath, String logLevel,
            Map<String, String> extraEnvironment) {
        var jar = layout.serviceJar(spec.name());
        if (!Files.isRegularFile(jar)) {
            throw new LocalStackException(jar + " is missing; build the services with ./mvnw -B -q install "
                    + "-DskipTests (./knooppunt up --rebuild does that)");
        }
        // temporary files (multipart uploads among them) stay inside the stack's state, where CanaryIT scans them
        var tmpDir = layout.stateDir().resolve("tmp").resolve(spec.instanceName());
        try {
            Files.createDirectories(tmpDir);
        } catch (java.io.IOException e) {
            throw new LocalStackException("cannot create " + tmpDir + ": " + e.getMessage());
        }
        List<String> command = List.of(KafkaBroker.javaExecutable(), "-Xmx512m", "-Djava.awt.headless=true",
                "-Djava.io.tmpdir=" + tmpDir, "-jar", jar.toString());
        return new Service(spec, ChildProcess.start(spec.instanceName(), command,
                environment(spec, layout, logLevel, extraEnvironment), layout.moduleDir(spec.name()), layout, onDeath));
    }

    /** The environment of a service (standard Quarkus env mapping of its configuration). */
    static Map<String, String> environment(Spec spec, StackLayout layout) {
        return environment(spec, layout, null, Map.of());
    }

    /**
     * The environment of a service; a non-null {@code logLevel} sets the root level and the hub's own categories
     * ({@code nl.knooppunt}) to it, e.g. {@code DEBUG} for the canary test that proves no payload is ever logged.
     */
    static Map<String, String> environment(Spec spec, StackLayout layout, String logLevel,
            Map<String, String> extraEnvironment) {
        Map<String, String> env = new LinkedHashMap<>();
        if (logLevel != null) {
            env.put("QUARKUS_LOG_LEVEL", logLevel);
            env.put("QUARKUS_LOG_CATEGORY__NL_KNOOPPUNT__LEVEL", logLevel);
            // every category any service's application.properties pins (SubmissionService, MailboxService,
            // org.apache.kafka, ...) goes to the same level: env vars outrank application.properties
            var category = java.util.regex.Pattern
                    .compile("(?:%[^.]+\\.)?quarkus\\.log\\.category\\.\"([^\"]+)\"\\.level");
            for (Spec service : ALL) {
                var properties = new java.util.Properties();
                try (var in = Files.newInputStream(layout.moduleDir(service.name())
                        .resolve("src/main/resources/application.properties"))) {
                    properties.load(in);
                } catch (java.io.IOException e) {
                    throw new LocalStackException("cannot read the log categories of " + service.name() + ": " + e);
                }
                for (String key : properties.stringPropertyNames()) {
                    var matcher = category.matcher(key);
                    if (matcher.matches()) {
                        env.put("QUARKUS_LOG_CATEGORY__" + matcher.group(1).toUpperCase(java.util.Locale.ROOT)
                                .replaceAll("[^A-Z0-9]", "_") + "__LEVEL", logLevel);
                    }
                }
            }
        }
        env.put("QUARKUS_HTTP_PORT", Integer.toString(spec.port()));
        // graceful shutdown: requests and records in flight finish within this, well inside STOP_GRACE
        env.put("QUARKUS_SHUTDOWN_TIMEOUT", SHUTDOWN_TIMEOUT);
        env.put("KAFKA_BOOTSTRAP_SERVERS", KafkaBroker.bootstrapServers());
        env.put("KNOOPPUNT_SECRETS_DIR", layout.secretsDir().toString());
        env.put("QUARKUS_REST_CLIENT_REGISTRY_URL", REGISTRY.baseUrl().toString());
        // each portal-api replica talks to the routing-service replica of its own number
        env.put("QUARKUS_REST_CLIENT_ROUTING_URL", ROUTING.replica(spec.replica()).baseUrl().toString());
        if (spec.database() != null) {
            env.put("QUARKUS_DATASOURCE_REACTIVE_URL", Postgres.reactiveUrl(spec.database()));
            env.put("QUARKUS_DATASOURCE_JDBC_URL", Postgres.jdbcUrl(spec.database()));
            env.put("QUARKUS_DATASOURCE_USERNAME", Postgres.USER);
            env.put("QUARKUS_DATASOURCE_PASSWORD", Postgres.PASSWORD);
        }
        if (spec.isInstanceOf(REGISTRY)) {
            env.put("KNOOPPUNT_REGISTRY_DEMO_SEED", "true");
            env.put("KNOOPPUNT_REGISTRY_DEMO_SEED_KEYS", DemoUserKeys.seedFile(layout.stateDir()).toString());
            env.put("KNOOPPUNT_REGISTRY_ALLOW_HTTP_WEBHOOKS", "true");
            // a test environment: the operator may mark participants simulated (the sandbox counterpart, ADR 0048)
            env.put("KNOOPPUNT_SANDBOX_ENABLED", "true");
        }
        if (spec.isInstanceOf(ROUTING)) {
            // local receivers (e.g. in a test JVM) listen on plain http
            env.put("KNOOPPUNT_ROUTING_PUSH_ALLOW_HTTP", "true");
        }
        if (spec.isInstanceOf(PORTAL_API)) {
            env.put("QUARKUS_OIDC_AUTH_SERVER_URL", Keycloak.issuer().toString());
        }
        env.putAll(extraEnvironment);
        return env;
    }

    /** Waits until {@code /q/health/ready} answers 200 (UP). */
    void awaitReady(Duration timeout) {
        Http.awaitOk(URI.create(spec.baseUrl() + "/q/health/ready"), timeout, process);
    }

    /** What this service is. */
    Spec spec() {
        return spec;
    }

    /** Stops the service's JVM (SIGTERM: graceful Quarkus shutdown). */
    void stop() {
        process.stop(STOP_GRACE);
    }

    /**
     * SIGTERM and wait: the graceful shutdown a rolling restart does (Quarkus drains in-flight work within its
     * {@code quarkus.shutdown.timeout}); SIGKILL only after {@link #STOP_GRACE}.
     *
     * @return true when the service exited by itself within the grace period
     */
    boolean terminate() {
        return process.stop(STOP_GRACE);
    }

    /** SIGKILL: the service dies at once, in-flight work and all, as in a crash. */
    void kill() {
        process.kill();
    }

    /** Whether the JVM still runs. */
    boolean isAlive() {
        return process.isAlive();
    }
}
