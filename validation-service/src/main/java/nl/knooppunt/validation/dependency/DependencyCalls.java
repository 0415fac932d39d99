package nl.knooppunt.validation.dependency;

import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;

import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;
import nl.knooppunt.validation.config.KnooppuntConfig;

/**
 * Turns a REST call to another hub service into a lookup: 404 is "not there", any other failure (5xx, 401/403,
 * connection refused, timeout, unreadable answer) is {@link DependencyUnavailableException}, retried with
 * exponential backoff and then propagated so the Kafka record is nacked rather than judged on missing data.
 */
@ApplicationScoped
public class DependencyCalls {

    private static final Logger LOG = Logger.getLogger(DependencyCalls.class);

    private final KnooppuntConfig.DependencyRetry retry;

    public DependencyCalls(KnooppuntConfig config) {
        this.retry = config.validation().dependencyRetry();
    }

    /** Runs the call, mapping 404 to an empty result and retrying while the dependency is unavailable. */
    public <T, R> Uni<Optional<R>> lookup(String dependency, Supplier<Uni<T>> call, Function<T, R> mapper) {
        return Uni.createFrom().<T>deferred(call::get)
                .map(found -> Optional.ofNullable(mapper.apply(found)))
                .onFailure(DependencyCalls::isNotFound).recoverWithItem(Optional.empty())
                .onFailure().transform(e -> unavailable(dependency, e))
                .onFailure().invoke(e -> LOG.debugf("%s", e.getMessage()))
                .onFailure().retry()
                .withBackOff(retry.initialBackoff(), retry.maxBackoff())
                .withJitter(0.2)
                .atMost(retry.maxRetries())
                .onFailure().transform(e -> unavailable(dependency, e));
    }

    private static DependencyUnavailableException unavailable(String dependency, Throwable e) {
        if (e instanceof DependencyUnavailableException unavailable) {
            return unavailable;
        }
        if (e.getCause() instanceof DependencyUnavailableException unavailable) {
            return unavailable;
        }
        return new DependencyUnavailableException(dependency, e);
    }

    private static boolean isNotFound(Throwable e) {
        return e instanceof WebApplicationException wae && wae.getResponse() != null
                && wae.getResponse().getStatus() == 404;
    }
}
