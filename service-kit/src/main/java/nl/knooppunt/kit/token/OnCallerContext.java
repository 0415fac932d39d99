package nl.knooppunt.kit.token;

import java.util.concurrent.Executor;
import java.util.function.Supplier;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * Blocking work off the event loop whose result comes back on the caller's Vert.x context. A REST client's header
 * factory that answered on the worker thread would let the client send its request, and the caller's request go on,
 * from a thread without the request's (duplicated) context: whatever reads request-scoped state after that hop
 * (CDI request scope, the current request, context locals) no longer finds it.
 */
public final class OnCallerContext {

    private OnCallerContext() {
    }

    /**
     * Runs {@code work} on the default worker pool when subscribed; its item or failure is emitted on the Vert.x
     * context that subscribed (as it was: duplicated context and all), or on the worker when there was none.
     */
    public static <T> Uni<T> offload(Supplier<T> work) {
        return Uni.createFrom().deferred(() -> {
            Context caller = Vertx.currentContext();
            Uni<T> signed = Uni.createFrom().item(work).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
            return caller == null ? signed : signed.emitOn(backOn(caller));
        });
    }

    private static Executor backOn(Context context) {
        return task -> context.runOnContext(ignored -> task.run());
    }
}
