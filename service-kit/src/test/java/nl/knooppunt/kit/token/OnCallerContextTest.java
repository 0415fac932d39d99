package nl.knooppunt.kit.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.impl.ContextInternal;

/**
 * A service JWT signed on a worker thread comes back on the Vert.x context of the caller (the request's duplicated
 * context), so the REST client call, and the request it serves, go on there: LoadSmokeIT once answered 500 with a
 * ContextNotActiveException when a call went on from the signing worker instead.
 */
class OnCallerContextTest {

    private static Vertx vertx;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void theWorkRunsOffTheEventLoopAndItsResultComesBackOnTheCallersDuplicatedContext() throws Exception {
        ContextInternal request = ((ContextInternal) vertx.getOrCreateContext()).duplicate();
        request.putLocal("request", "mine");
        AtomicReference<Thread> worker = new AtomicReference<>();
        AtomicReference<Thread> caller = new AtomicReference<>();
        CompletableFuture<Context> deliveredOn = new CompletableFuture<>();
        CompletableFuture<Object> local = new CompletableFuture<>();

        request.runOnContext(ignored -> {
            caller.set(Thread.currentThread());
            OnCallerContext.offload(() -> {
                worker.set(Thread.currentThread());
                return "signed";
            }).subscribe().with(item -> {
                deliveredOn.complete(Vertx.currentContext());
                local.complete(((ContextInternal) Vertx.currentContext()).getLocal("request"));
            }, deliveredOn::completeExceptionally);
        });

        assertSame(request, deliveredOn.get(10, TimeUnit.SECONDS), "delivered on the request's own context");
        assertEquals("mine", local.get(), "with the request's context locals");
        assertNotEquals(caller.get(), worker.get(), "the work itself ran off the event loop");
    }

    @Test
    void withoutACallerContextTheResultStaysOnTheWorker() throws Exception {
        assertNull(Vertx.currentContext());
        assertEquals("signed", OnCallerContext.offload(() -> "signed").await().atMost(java.time.Duration.ofSeconds(10)));
    }
}
