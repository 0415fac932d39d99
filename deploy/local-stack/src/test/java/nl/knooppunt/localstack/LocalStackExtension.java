package nl.knooppunt.localstack;

import java.nio.file.Path;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Runs the full local stack once for all end-to-end test classes of a test run, with fresh data under
 * {@code <repo>/.local-stack/e2e} and every service logging at DEBUG, and stops it when the run ends. Test methods
 * and constructors can take the {@link LocalStack} as a parameter.
 */
public class LocalStackExtension implements BeforeAllCallback, ParameterResolver {

    /** Transit-key epoch and window of the end-to-end stack: a key opens nothing 2 minutes after its epoch. */
    public static final java.time.Duration TRANSIT_EPOCH = java.time.Duration.ofSeconds(15);
    /** How long validation-service keeps a transit key after its epoch in the end-to-end stack. */
    public static final java.time.Duration TRANSIT_WINDOW = java.time.Duration.ofMinutes(2);

    private static final java.util.Map<String, String> TRANSIT = java.util.Map.of(
            "KNOOPPUNT_TRANSIT_EPOCH", TRANSIT_EPOCH.toString(), "KNOOPPUNT_TRANSIT_WINDOW", TRANSIT_WINDOW.toString());

    private static LocalStack stack;
    /**
     * Where the services export their spans (TraceIT, ADR 0047). Their ratio stays 0, so they sample nothing of their
     * own: only a request that comes with a sampled {@code traceparent} (TraceIT's) is traced and exported, and the
     * other tests' traffic costs no export.
     */
    private static nl.knooppunt.localstack.trace.OtlpCollector collector;

    /** The in-test OTLP collector the end-to-end stack's services export to. */
    public static synchronized nl.knooppunt.localstack.trace.OtlpCollector collector() {
        if (collector == null) {
            collector = nl.knooppunt.localstack.trace.OtlpCollector.start();
        }
        return collector;
    }

    /** The state directory of the end-to-end stack. */
    public static Path stateDir() {
        return StackLayout.defaultStateDir(StackLayout.detectRepoRoot()).resolve("e2e");
    }

    /** The running stack, started on first use (again if a test closed it). */
    public static synchronized LocalStack stack(ExtensionContext context) {
        if (stack == null || stack.isClosed()) {
            LocalStack started = LocalStack.builder()
                    .stateDir(stateDir())
                    .withServices(true)
                    .cleanState(true)
                    // DEBUG everywhere: CanaryIT proves that no payload reaches a log even at this level
                    .serviceLogLevel("DEBUG")
                    // short transit-key epochs, so TransitShreddingIT sees keys destroyed within minutes (ADR 0034)
                    // and trace export to the in-test collector, of sampled requests only (TraceIT)
                    .serviceEnvironment(environment())
                    .start();
            // the root store closes AutoCloseable values when the test run ends
            context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                    .put(LocalStackExtension.class.getName() + "@" + System.identityHashCode(started), started);
            stack = started;
        }
        return stack;
    }

    private static java.util.Map<String, String> environment() {
        java.util.Map<String, String> environment = new java.util.LinkedHashMap<>(TRANSIT);
        environment.putAll(Tracing.export(collector().endpoint(), 0.0));
        return environment;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        stack(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == LocalStack.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return stack(context);
    }
}
