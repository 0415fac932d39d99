package nl.knooppunt.standard.kafka;

import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * An asynchronous counting semaphore: {@link #acquire()} completes when fewer than the limit are running, without
 * blocking a thread, so the Kafka channel stops taking records while the limit is reached (back-pressure).
 */
public final class InFlightLimit {

    private static final CompletableFuture<Void> GRANTED = CompletableFuture.completedFuture(null);

    private final int limit;
    private final ArrayDeque<CompletableFuture<Void>> waiting = new ArrayDeque<>();
    private int running;

    public InFlightLimit(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1");
        }
        this.limit = limit;
    }

    /** Completes when the caller may start one more; pair every completion with one {@link #release()}. */
    public synchronized CompletionStage<Void> acquire() {
        if (running < limit) {
            running++;
            return GRANTED;
        }
        CompletableFuture<Void> turn = new CompletableFuture<>();
        waiting.add(turn);
        return turn;
    }

    /** Ends one; hands its place to the longest waiting caller, if any. */
    public void release() {
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
    public synchronized int running() {
        return running;
    }
}
