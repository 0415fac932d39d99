package nl.knooppunt.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import nl.knooppunt.standard.crypto.HubSecrets;
import nl.knooppunt.standard.kafka.TopicSpec;

/**
 * The whole hub on one machine without Docker: Kafka, PostgreSQL and Keycloak as real servers, the hub's secrets and
 * topics, and optionally the four services. Used by {@code ./knooppunt} ({@link LocalStackMain}) and by the
 * end-to-end tests, so both always run the same stack. {@link #close()} stops everything in reverse order.
 *
 * <pre>{@code
 * try (LocalStack stack = LocalStack.builder().stateDir(dir).withServices(true).start()) {
 *     String token = stack.token("demo-gemeente", "demo-gemeente-secret");
 * }
 * }</pre>
 */
public final class LocalStack implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

    private final StackLayout layout;
    private final boolean withServices;
    private final int replicas;
    private final Consumer<String> progress;
    private final Durations timeouts;
    private volatile String serviceLogLevel;
    private volatile Map<String, String> serviceEnvironment = Map.of();
    private final Map<String, Duration> startupTimes = Collections.synchronizedMap(new LinkedHashMap<>());
    private final List<Service> services = new CopyOnWriteArrayList<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile KafkaBroker kafka;
    private volatile Postgres postgres;
    private volatile Keycloak keycloak;
    private volatile SandboxCounterpart sandbox;
    private final boolean withSandbox;
    private volatile Thread shutdownHook;

    private LocalStack(StackLayout layout, boolean withServices, boolean withSandbox, int replicas,
            Consumer<String> progress, Durations timeouts) {
        this.layout = layout;
        this.withSandbox = withServices && withSandbox;
        this.withServices = withServices;
        this.replicas = replicas;
        this.progress = progress;
        this.timeouts = timeouts;
    }

    /** A builder with the defaults of {@code ./knooppunt up}. */
    public static Builder builder() {
        return new Builder();
    }

    private record Durations(Duration kafka, Duration keycloak, Duration service) {
    }

    /** Configures and starts a {@link LocalStack}. */
    public static final class Builder {

        private Path repoRoot;
        private Path stateDir;
        private boolean withServices = true;
        private boolean withSandbox = true;
        private int replicas = 1;
        private boolean cleanState;
        private boolean shutdownHook = true;
        private Consumer<String> progress = LocalStack::print;
        private Duration serviceTimeout = Duration.ofSeconds(180);
        private Duration keycloakTimeout = Duration.ofSeconds(300);
        private String serviceLogLevel;
        private Map<String, String> serviceEnvironment = Map.of();

        private Builder() {
        }

        /**
         * Extra environment of every service, on top of the stack's own (e.g. {@code KNOOPPUNT_TRANSIT_EPOCH} for the
         * short transit-key epochs of the end-to-end stack); default none.
         */
        public Builder serviceEnvironment(Map<String, String> serviceEnvironment) {
            this.serviceEnvironment = Map.copyOf(serviceEnvironment);
            return this;
        }

        /**
         * The log level of the four services (root and {@code nl.knooppunt}), e.g. {@code DEBUG}; default: each
         * service's own configuration.
         */
        public Builder serviceLogLevel(String serviceLogLevel) {
            this.serviceLogLevel = serviceLogLevel;
            return this;
        }

        /** The repository root (default: {@link StackLayout#detectRepoRoot()}). */
        public Builder repoRoot(Path repoRoot) {
            this.repoRoot = repoRoot;
            return this;
        }

        /** Where all state and logs go (default: {@code <repo>/.local-stack}). */
        public Builder stateDir(Path stateDir) {
            this.stateDir = stateDir;
            return this;
        }

        /** Whether to run the four services too (default true); false gives {@code ./knooppunt infra}. */
        public Builder withServices(boolean withServices) {
            this.withServices = withServices;
            return this;
        }

        /**
         * Whether to run the sandbox counterpart with the services (default true; ADR 0048): it onboards Sandbox
         * Schuldeiser and Sandbox Schuldhulpverlener as simulated participants and answers their messages.
         */
        public Builder withSandbox(boolean withSandbox) {
            this.withSandbox = withSandbox;
            return this;
        }

        /**
         * How many instances of each service on the message path ({@link Service#REPLICATED}) to run (default 1).
         * Replica {@code k} listens on the service's port plus {@code 10 * (k - 1)}; the replicas of a service share
         * its Kafka consumer group and database, as on Kubernetes, and portal-api replica {@code k} calls
         * routing-service replica {@code k}.
         */
        public Builder replicas(int replicas) {
            if (replicas < 1 || replicas > Service.MAX_REPLICAS) {
                throw new IllegalArgumentException("replicas must be between 1 and " + Service.MAX_REPLICAS);
            }
            this.replicas = replicas;
            return this;
        }

        /**
         * Whether to start from empty data (Kafka, PostgreSQL, secrets, Keycloak's database, logs; the unpacked
         * Keycloak distribution is kept). Default false: a restart keeps the data.
         */
        public Builder cleanState(boolean cleanState) {
            this.cleanState = cleanState;
            return this;
        }

        /** Whether a JVM shutdown hook stops the stack (default true), also during start-up. */
        public Builder shutdownHook(boolean shutdownHook) {
            this.shutdownHook = shutdownHook;
            return this;
        }

        /** Where progress lines go (default: standard out). */
        public Builder progress(Consumer<String> progress) {
            this.progress = progress;
            return this;
        }

        /** How long each service may take to become ready (default 180 s). */
        public Builder serviceTimeout(Duration serviceTimeout) {
            this.serviceTimeout = serviceTimeout;
            return this;
        }

        /** How long Keycloak may take to become ready (default 300 s; the first start builds Keycloak). */
        public Builder keycloakTimeout(Duration keycloakTimeout) {
            this.keycloakTimeout = keycloakTimeout;
            return this;
        }

        /**
         * Starts the stack and returns once everything is ready. On failure everything started so far is stopped and
         * a {@link LocalStackException} says what went wrong (with the tail of the failing component's log).
         */
        public LocalStack start() {
            Path root = repoRoot != null ? repoRoot : StackLayout.detectRepoRoot();
            Path state = stateDir != null ? stateDir : StackLayout.defaultStateDir(root);
            LocalStack stack = new LocalStack(new StackLayout(root, state), withServices, withSandbox, replicas,
                    progress, new Durations(Duration.ofSeconds(120), keycloakTimeout, serviceTimeout));
            stack.serviceLogLevel = serviceLogLevel;
            stack.serviceEnvironment = serviceEnvironment;
            try {
                stack.start(cleanState, shutdownHook);
                return stack;
            } catch (RuntimeException e) {
                stack.close();
                stack.stopAll();
                throw e;
            }
        }
    }

    private void start(boolean cleanState, boolean registerShutdownHook) {
        long begin = System.nanoTime();
        List<ProcessHandle> running = Processes.livePidFileProcesses(layout.launcherPidFile());
        if (!running.isEmpty()) {
            throw new LocalStackException("a local stack is already running from " + layout.stateDir() + " (pid "
                    + running.get(0).pid() + "); stop it with ./knooppunt down");
        }
        Ports.requireFree(portOwners());
        if (registerShutdownHook) {
            shutdownHook = new Thread(this::close, "local-stack-shutdown");
            Runtime.getRuntime().addShutdownHook(shutdownHook);
        }
        try {
            Files.createDirectories(layout.stateDir());
            if (cleanState) {
                cleanState(layout);
            }
            Files.createDirectories(layout.logsDir());
            Files.createDirectories(layout.pidsDir());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Processes.writePidFile(layout.launcherPidFile(), List.of(ProcessHandle.current()));

        long kafkaStart = System.nanoTime();
        kafka = KafkaBroker.launch(layout, this::report);
        abortIfClosed();
        long keycloakStart = System.nanoTime();
        keycloak = Keycloak.launch(layout, this::report, progress);
        abortIfClosed();
        long postgresStart = System.nanoTime();
        postgres = Postgres.start(layout);
        ready("postgres", "PostgreSQL on localhost:" + Postgres.PORT + " (databases " + Postgres.DATABASES + ")",
                postgresStart);
        abortIfClosed();

        long secretsStart = System.nanoTime();
        HubSecrets.generateIfMissing(layout.secretsDir());
        DemoUserKeys.ensure(layout.stateDir());
        ready("secrets", "hub secrets in " + layout.secretsDir() + "; the demo participants' own keys in "
                + DemoUserKeys.dir(layout.stateDir()) + " (the users' side)", secretsStart);

        kafka.awaitReady(timeouts.kafka());
        long topicsStart = System.nanoTime();
        ready("kafka", "Kafka on " + KafkaBroker.bootstrapServers(), kafkaStart);
        kafka.createTopics(TopicSpec.all());
        ready("topics", "topics " + TopicSpec.all().stream().map(TopicSpec::name).toList(), topicsStart);
        abortIfClosed();

        keycloak.awaitReady(timeouts.keycloak());
        ready("keycloak", "Keycloak on " + Keycloak.baseUrl() + " (realm " + Keycloak.REALM + ")", keycloakStart);

        if (withServices) {
            for (Service.Spec spec : instances()) {
                abortIfClosed();
                long serviceStart = System.nanoTime();
                Service service = Service.launch(spec, layout, this::report, serviceLogLevel, serviceEnvironment);
                services.add(service);
                abortIfClosed();
                service.awaitReady(timeouts.service());
                ready(spec.instanceName(), spec.instanceName() + " on " + spec.baseUrl(), serviceStart);
            }
            if (withSandbox) {
                abortIfClosed();
                long sandboxStart = System.nanoTime();
                sandbox = SandboxCounterpart.launch(layout, this::report);
                sandbox.awaitReady(timeouts.service());
                ready(SandboxCounterpart.NAME, "sandbox counterpart for " + Demo.SANDBOX_CREDITOR_NAME + " and "
                        + Demo.SANDBOX_COUNSELLOR_NAME + " (keys in " + SandboxCounterpart.stateDir(layout) + ")",
                        sandboxStart);
            }
        }
        startupTimes.put("total", Duration.ofNanos(System.nanoTime() - begin));
    }

    private Map<Integer, String> portOwners() {
        Map<Integer, String> owners = new LinkedHashMap<>();
        owners.put(KafkaBroker.PORT, "Kafka");
        owners.put(KafkaBroker.CONTROLLER_PORT, "Kafka controller");
        owners.put(Postgres.PORT, "PostgreSQL");
        owners.put(Keycloak.PORT, "Keycloak");
        if (withServices) {
            instances().forEach(spec -> owners.put(spec.port(), spec.instanceName()));
        }
        return owners;
    }

    /** Every service instance this stack runs, in start order. */
    List<Service.Spec> instances() {
        return Service.instances(replicas);
    }

    /** The base URLs of the portal-api replicas, the first one first. */
    public List<URI> portalApiUrls() {
        return instances().stream().filter(spec -> spec.isInstanceOf(Service.PORTAL_API)).map(Service.Spec::baseUrl)
                .toList();
    }

    /** How many instances of each service on the message path run. */
    public int replicas() {
        return replicas;
    }

    private void ready(String component, String what, long startNanos) {
        Duration took = Duration.ofNanos(System.nanoTime() - startNanos);
        startupTimes.put(component, took);
        progress.accept(String.format("%s ready in %.1f s", what, took.toMillis() / 1000.0));
    }

    private void abortIfClosed() {
        if (closed.get()) {
            throw new LocalStackException("the local stack is being stopped");
        }
    }

    private void report(String message) {
        if (!closed.get()) {
            progress.accept("WARNING: " + message);
        }
    }

    /** Stops everything this stack started, in reverse order, and waits until the ports are free again. */
    @Override
    public void close() {
        if (!closed.getAndSet(true)) {
            removeShutdownHook();
        }
        stopAll();
    }

    /** Stops whatever runs; idempotent, so a component launched while closing is still caught by a second call. */
    private synchronized void stopAll() {
        boolean any = !services.isEmpty() || keycloak != null || kafka != null || postgres != null || sandbox != null;
        if (sandbox != null) {
            stopQuietly(SandboxCounterpart.NAME, sandbox::stop);
            sandbox = null;
        }
        List<Service> reversed = new ArrayList<>(services);
        Collections.reverse(reversed);
        for (Service service : reversed) {
            stopQuietly(service.spec().instanceName(), service::stop);
            services.remove(service);
        }
        if (keycloak != null) {
            stopQuietly(Keycloak.NAME, keycloak::stop);
            keycloak = null;
        }
        if (kafka != null) {
            stopQuietly(KafkaBroker.NAME, kafka::stop);
            kafka = null;
        }
        if (postgres != null) {
            stopQuietly(Postgres.NAME, postgres::close);
            postgres = null;
        }
        if (any) {
            for (int port : portOwners().keySet()) {
                if (!Ports.awaitFree(port, Duration.ofSeconds(10))) {
                    progress.accept("WARNING: port " + port + " is still in use after stopping the stack");
                }
            }
            progress.accept("local stack stopped");
        }
        deleteOwnLauncherPidFile();
    }

    private void stopQuietly(String name, Runnable stop) {
        try {
            stop.run();
        } catch (RuntimeException e) {
            progress.accept("WARNING: stopping " + name + " failed: " + e.getMessage());
        }
    }

    private void removeShutdownHook() {
        Thread hook = shutdownHook;
        if (hook != null && Thread.currentThread() != hook) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException alreadyShuttingDown) {
                // the JVM is exiting: the hook runs (or ran) close() itself
            }
        }
    }

    private void deleteOwnLauncherPidFile() {
        boolean ours = Processes.livePidFileProcesses(layout.launcherPidFile()).isEmpty();
        if (ours) {
            try {
                Files.deleteIfExists(layout.launcherPidFile());
            } catch (IOException e) {
                progress.accept("WARNING: cannot delete " + layout.launcherPidFile());
            }
        }
    }

    /**
     * Stops a stack running from the given state directory: asks its launcher to stop (SIGTERM, which runs its
     * shutdown hook), then stops every process still recorded in a pid file, and PostgreSQL, so nothing is left.
     *
     * @return what was stopped, empty when nothing ran
     */
    public static List<String> down(StackLayout layout, Consumer<String> progress) {
        List<String> stopped = new ArrayList<>();
        for (ProcessHandle launcher : Processes.livePidFileProcesses(layout.launcherPidFile())) {
            progress.accept("stopping the launcher (pid " + launcher.pid() + ") and its components");
            Processes.terminateTree(launcher, Duration.ofSeconds(150));
            stopped.add("launcher");
        }
        List<String> order = new ArrayList<>(Service.ALL.stream().map(Service.Spec::name).toList());
        order.add(SandboxCounterpart.NAME);
        Collections.reverse(order);
        order.addAll(List.of(Keycloak.NAME, KafkaBroker.NAME, Postgres.NAME));
        for (Path pidFile : pidFiles(layout)) {
            String name = pidFile.getFileName().toString().replaceFirst("\\.pid$", "");
            if (!order.contains(name)) {
                order.add(name);
            }
        }
        for (String name : order) {
            Path pidFile = layout.pidFile(name);
            if (name.equals(Postgres.NAME)) {
                if (Postgres.stopLeftover(layout)) {
                    progress.accept("stopped leftover PostgreSQL");
                    stopped.add(name);
                }
            }
            for (ProcessHandle process : Processes.livePidFileProcesses(pidFile)) {
                progress.accept("stopping leftover " + name + " (pid " + process.pid() + ")");
                Processes.terminateTree(process, Duration.ofSeconds(20));
                if (!stopped.contains(name)) {
                    stopped.add(name);
                }
            }
            try {
                Files.deleteIfExists(pidFile);
            } catch (IOException e) {
                progress.accept("WARNING: cannot delete " + pidFile);
            }
        }
        try {
            Files.deleteIfExists(layout.launcherPidFile());
        } catch (IOException e) {
            progress.accept("WARNING: cannot delete " + layout.launcherPidFile());
        }
        return stopped;
    }

    /** The components fault injection can crash and restart, in start order: PostgreSQL, Kafka, the four services. */
    public static final List<String> RESTARTABLE = List.of(Postgres.NAME, KafkaBroker.NAME, Service.REGISTRY.name(),
            Service.ROUTING.name(), Service.VALIDATION.name(), Service.PORTAL_API.name());

    /**
     * The given components in the order they must start (dependencies first) and, reversed, stop.
     *
     * @throws IllegalArgumentException for a name that is not in {@link #RESTARTABLE}
     */
    public static List<String> startOrder(java.util.Collection<String> components) {
        for (String component : components) {
            if (!RESTARTABLE.contains(component)) {
                throw new IllegalArgumentException("unknown component '" + component + "'; one of " + RESTARTABLE);
            }
        }
        return RESTARTABLE.stream().filter(components::contains).toList();
    }

    /**
     * Kills a component at once (SIGKILL of its whole process tree: no shutdown hook, no drain, no flush), as a crash
     * would. It stays down until {@link #start(String)}; the stack does not report it as an unexpected exit.
     */
    public synchronized void kill(String component) {
        requireRunningStack(component);
        switch (component) {
            case Postgres.NAME -> {
                requirePresent(component, postgres).kill();
                postgres = null;
            }
            case KafkaBroker.NAME -> {
                requirePresent(component, kafka).kill();
                kafka = null;
            }
            default -> {
                Service service = requirePresent(component, service(component));
                service.kill();
                services.remove(service);
            }
        }
        progress.accept(component + " killed (SIGKILL)");
    }

    /**
     * Stops a component gracefully (SIGTERM; a service drains its in-flight work within its shutdown timeout) and
     * waits until it has exited. It stays down until {@link #start(String)}.
     *
     * @return true when it exited by itself, false when it had to be killed after the grace period
     */
    public synchronized boolean terminate(String component) {
        requireRunningStack(component);
        boolean graceful;
        switch (component) {
            case Postgres.NAME -> {
                requirePresent(component, postgres).close();
                postgres = null;
                graceful = true;
            }
            case KafkaBroker.NAME -> {
                graceful = requirePresent(component, kafka).terminate();
                kafka = null;
            }
            default -> {
                Service service = requirePresent(component, service(component));
                graceful = service.terminate();
                services.remove(service);
            }
        }
        progress.accept(component + (graceful ? " stopped (SIGTERM)" : " did not stop in time and was killed"));
        return graceful;
    }

    /**
     * Starts a component that {@link #kill} or {@link #terminate} stopped, with the same port, data and
     * configuration, and waits until it is ready (Kafka serving, PostgreSQL accepting connections, a service's
     * {@code /q/health/ready} UP).
     *
     * @return how long it took until ready
     */
    public synchronized Duration start(String component) {
        requireRunningStack(component);
        long begin = System.nanoTime();
        switch (component) {
            case Postgres.NAME -> {
                requireStopped(component, postgres);
                postgres = Postgres.start(layout);
            }
            case KafkaBroker.NAME -> {
                requireStopped(component, kafka);
                KafkaBroker broker = KafkaBroker.launch(layout, this::report);
                kafka = broker;
                broker.awaitReady(timeouts.kafka());
            }
            default -> {
                Service.Spec spec = Service.ALL.stream().filter(s -> s.name().equals(component)).findFirst()
                        .orElseThrow();
                requireStopped(component, service(component));
                Service service = Service.launch(spec, layout, this::report, serviceLogLevel, serviceEnvironment);
                services.add(service);
                service.awaitReady(timeouts.service());
            }
        }
        Duration took = Duration.ofNanos(System.nanoTime() - begin);
        progress.accept(String.format("%s restarted, ready in %.1f s", component, took.toMillis() / 1000.0));
        return took;
    }

    /**
     * Crash and recovery of one component: {@link #kill} (or, when {@code graceful}, {@link #terminate}) then
     * {@link #start}.
     *
     * @return how long the start took until ready
     */
    public Duration restart(String component, boolean graceful) {
        if (graceful) {
            terminate(component);
        } else {
            kill(component);
        }
        return start(component);
    }

    /**
     * Crash and recovery of several components together: all are killed (or terminated) at once, in reverse start
     * order, then started again in start order, each waiting for the one before to be ready.
     *
     * @return how long the starts took until everything was ready
     */
    public Duration restartTogether(java.util.Collection<String> components, boolean graceful) {
        List<String> order = startOrder(components);
        List<String> reversed = new ArrayList<>(order);
        Collections.reverse(reversed);
        for (String component : reversed) {
            if (graceful) {
                terminate(component);
            } else {
                kill(component);
            }
        }
        long begin = System.nanoTime();
        order.forEach(this::start);
        return Duration.ofNanos(System.nanoTime() - begin);
    }

    /** Whether the component's process runs (it may still be starting). */
    public boolean isRunning(String component) {
        return switch (component) {
            case Postgres.NAME -> postgres != null && Postgres.postmaster(Postgres.dataDir(layout)).isPresent();
            case KafkaBroker.NAME -> kafka != null && kafka.isAlive();
            default -> {
                startOrder(List.of(component));
                Service service = service(component);
                yield service != null && service.isAlive();
            }
        };
    }

    private Service service(String name) {
        startOrder(List.of(name));
        return services.stream().filter(s -> s.spec().instanceName().equals(name)).findFirst().orElse(null);
    }

    private void requireRunningStack(String component) {
        startOrder(List.of(component));
        if (closed.get()) {
            throw new LocalStackException("the local stack is stopped");
        }
        if (!withServices && !List.of(Postgres.NAME, KafkaBroker.NAME).contains(component)) {
            throw new LocalStackException("this stack runs no services");
        }
    }

    private static <T> T requirePresent(String component, T running) {
        if (running == null) {
            throw new LocalStackException(component + " is not running");
        }
        return running;
    }

    private static void requireStopped(String component, Object running) {
        if (running != null) {
            throw new LocalStackException(component + " is running; kill or terminate it first");
        }
    }

    private static List<Path> pidFiles(StackLayout layout) {
        if (!Files.isDirectory(layout.pidsDir())) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(layout.pidsDir())) {
            return files.filter(f -> f.getFileName().toString().endsWith(".pid")).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static void cleanState(StackLayout layout) throws IOException {
        Keycloak.deleteRecursively(layout.kafkaDir());
        Keycloak.deleteRecursively(Postgres.dataDir(layout));
        Keycloak.deleteRecursively(layout.secretsDir());
        Keycloak.deleteRecursively(SandboxCounterpart.stateDir(layout));
        Keycloak.deleteRecursively(layout.logsDir());
        Keycloak.deleteRecursively(layout.pidsDir());
        Keycloak.deleteRecursively(layout.keycloakHome().resolve("data").resolve("h2"));
    }

    private static void print(String message) {
        System.out.println("[local-stack " + LocalTime.now().format(CLOCK) + "] " + message);
    }

    /** The layout: state dir, logs, pid files, repository paths. */
    public StackLayout layout() {
        return layout;
    }

    /** The state directory. */
    public Path stateDir() {
        return layout.stateDir();
    }

    /** The secrets directory every service reads ({@code knooppunt.secrets-dir}). */
    public Path secretsDir() {
        return layout.secretsDir();
    }

    /** Whether {@link #close()} was called. */
    public boolean isClosed() {
        return closed.get();
    }

    /** Whether the sandbox counterpart runs (ADR 0048). */
    public boolean withSandbox() {
        return withSandbox;
    }

    /** Where the sandbox counterpart keeps the simulated participants' private keys (not a service's state). */
    public Path sandboxStateDir() {
        return SandboxCounterpart.stateDir(layout);
    }

    /** Whether the four services run. */
    public boolean withServices() {
        return withServices;
    }

    /** {@code http://localhost:8080}: portal-api, the public entry. */
    public URI portalApiUrl() {
        return Service.PORTAL_API.baseUrl();
    }

    /** Base URL of a service. */
    public URI serviceUrl(Service.Spec service) {
        return service.baseUrl();
    }

    /** {@code http://localhost:8180}. */
    public URI keycloakUrl() {
        return Keycloak.baseUrl();
    }

    /** The realm's issuer URL (what portal-api trusts). */
    public URI issuer() {
        return Keycloak.issuer();
    }

    /** {@code localhost:19092}. */
    public String kafkaBootstrapServers() {
        return KafkaBroker.bootstrapServers();
    }

    /** JDBC URL of one of the hub's databases (user and password {@code postgres}). */
    public String jdbcUrl(String database) {
        return Postgres.jdbcUrl(database);
    }

    /** How long each component took to become ready (and {@code total}). */
    public Map<String, Duration> startupTimes() {
        synchronized (startupTimes) {
            return Map.copyOf(startupTimes);
        }
    }

    /** An access token for a confidential client (client credentials grant). */
    public String token(String clientId, String secret) {
        return requestToken(Map.of("grant_type", "client_credentials", "client_id", clientId,
                "client_secret", secret));
    }

    /** An access token for a portal user (password grant through {@code knooppunt-portal}; local realm only). */
    public String userToken(String username, String password) {
        return requestToken(Map.of("grant_type", "password", "client_id", Demo.PORTAL_CLIENT_ID,
                "client_secret", Demo.PORTAL_CLIENT_SECRET, "username", username, "password", password,
                "scope", "openid"));
    }

    private static String requestToken(Map<String, String> form) {
        try {
            HttpResponse<String> response = Http.postForm(Keycloak.tokenEndpoint(), form);
            if (response.statusCode() != 200) {
                throw new LocalStackException("Keycloak refused the token request for " + form.get("client_id")
                        + ": HTTP " + response.statusCode() + " " + response.body());
            }
            return JSON.readTree(response.body()).path("access_token").asText();
        } catch (IOException e) {
            throw new LocalStackException("token request failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LocalStackException("interrupted", e);
        }
    }

    /** The claims of a JWT (payload decoded, signature not checked): for tests and diagnostics. */
    public static JsonNode claims(String jwt) {
        String[] parts = jwt.split("\\.");
        if (parts.length < 2) {
            throw new IllegalArgumentException("not a JWT");
        }
        try {
            return JSON.readTree(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalArgumentException("JWT payload is not JSON", e);
        }
    }
}
