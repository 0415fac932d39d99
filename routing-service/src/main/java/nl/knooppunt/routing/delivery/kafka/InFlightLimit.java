package nl.knooppunt.routing.delivery.kafka;

import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * An asynchronous counting semaphore: {@link #acquire()} completes when fewer than the limit are running, without
 * blocking a thread, so the Kafka channel stops taking records while the limit is reached (back-pressure).
 */
final class InFlightLimit {

    private static final CompletableFuture<Void> GRANTED = CompletableFuture.completedFuture(null);

    private final int limit;
    private final ArrayDeque<CompletableFuture<Void>> waiting = new ArrayDeque<>();
    private int running;

    InFlightLimit(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1");
        }
        this.limit = limit;
    }

    /** Completes when the caller may start one more; pair every completion with one {@link #release()}. */
    synchronized CompletionStage<Void> acquire() {
        if (running < limit) {
            running++;
            return GRANTED;
        }
        CompletableFuture<Void> turn = new CompletableFuture<>();
        waiting.add(turn);
        return turn;
    }

    /** Ends one; hands its place to the longest waiting caller, if any. */
    void release() {
        CompletableFuture<Void> next;
        synchronized (this) {
            next = waiting.poll();
            if (next == null) {
                running--;
            }
        }
        if (next != null) {
            next.complete(null);
        }
    }

    /** How many are running now. */
    synchronized int running() {
        return running;
    }
}
