package nl.knooppunt.load;

import java.net.http.HttpTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.locks.LockSupport;
import java.util.function.DoubleSupplier;
import java.util.function.LongPredicate;

import nl.knooppunt.client.KnooppuntClient;
import nl.knooppunt.client.ProblemException;
import nl.knooppunt.client.SubmitResult;

/**
 * The vendor side: submits {@link Traffic} messages as the sender's vendor client ({@code Knooppunt-Participant}
 * names the sender), each with an {@code Idempotency-Key} of its own (ADR 0025), in an open model (an offered rate,
 * each request scheduled by time and its latency measured from its intended start, so a slow hub cannot hide its
 * queueing: no coordinated omission; the rate may change between steps) or a closed model (C clients, each sending
 * its next message as soon as the previous one is answered: maximum rate). It submits through the vendor's
 * {@link KnooppuntClient} with a single attempt, so every refusal is counted as it happened.
 */
final class Submitter {

    private final Api api;
    private final Traffic traffic;
    private final Tracker tracker;
    private final Metrics metrics;
    private final MailboxConsumer pull;
    private final LongPredicate measured;

    /** @param measured whether a request with this intended start (nanos) is in the measured window */
    Submitter(Api api, Traffic traffic, Tracker tracker, Metrics metrics, MailboxConsumer pull,
            LongPredicate measured) {
        this.api = api;
        this.traffic = traffic;
        this.tracker = tracker;
        this.metrics = metrics;
        this.pull = pull;
        this.measured = measured;
    }

    private CompletableFuture<SubmitResult> submit(Traffic.Message message) {
        return api.hub(message.sender().vendor()).actingFor(message.sender().id())
                .submitAsync(message.body(), KnooppuntClient.newIdempotencyKey());
    }

    /**
     * Open model: request i+1 is due {@code 1/rate} after request i, with the rate read after each request (so a new
     * step's rate applies from its first slot); it stops at the first slot at or after the end ({@code over}). At most
     * {@code cap} requests are in flight; a slot beyond it is an error.
     */
    void runOpen(DoubleSupplier rate, LongPredicate over, long start, int cap) {
        Semaphore inFlight = new Semaphore(cap);
        double next = start;
        while (true) {
            long intended = (long) next;
            if (over.test(intended)) {
                break;
            }
            long wait = intended - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
                if (over.test(intended)) {
                    break;
                }
            }
            next += 1e9 / rate.getAsDouble();
            metrics.offeredInterval.increment();
            if (!inFlight.tryAcquire()) {
                metrics.error("driver in-flight cap (" + cap + ") reached, request not sent", null,
                        measured.test(intended));
                continue;
            }
            Traffic.Message message = traffic.next();
            submit(message).whenComplete((result, failure) -> {
                inFlight.release();
                done(message, intended, result, failure);
            });
        }
        inFlight.acquireUninterruptibly(cap);
    }

    /** Closed model until {@code over} says the end has come: {@code clients} threads, each submitting back to back. */
    void runClosed(int clients, LongPredicate over) {
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            Thread thread = new Thread(() -> {
                while (!over.test(System.nanoTime())) {
                    Traffic.Message message = traffic.next();
                    long begin = System.nanoTime();
                    metrics.offeredInterval.increment();
                    SubmitResult result = null;
                    Throwable failure = null;
                    try {
                        result = submit(message).join();
                    } catch (Exception e) {
                        failure = e;
                    }
                    done(message, begin, result, failure);
                }
            }, "load-client-" + c);
            thread.setDaemon(true);
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void done(Traffic.Message message, long start, SubmitResult result, Throwable failure) {
        long end = System.nanoTime();
        boolean measured = this.measured.test(start);
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause()
                : failure;
        if (cause instanceof ProblemException refused) {
            metrics.submit.recordValue(Math.min(Metrics.HIGHEST, Math.max(0, (end - start) / 1000)));
            metrics.error("submit HTTP " + refused.status() + " " + message.type(), refused.getMessage(), measured);
            return;
        }
        if (cause != null) {
            Throwable root = cause.getCause() != null ? cause.getCause() : cause;
            metrics.error(root instanceof HttpTimeoutException ? "submit timeout"
                    : "submit " + root.getClass().getSimpleName(), String.valueOf(root.getMessage()), measured);
            return;
        }
        metrics.submit.recordValue(Math.min(Metrics.HIGHEST, Math.max(0, (end - start) / 1000)));
        if (result.id() == null) {
            metrics.error("submit 201 without id", String.valueOf(result), measured);
            return;
        }
        metrics.acceptedInterval.increment();
        tracker.accepted(result.id(), message, start, measured);
        if (!message.recipient().webhook()) {
            pull.expect(message.recipient());
        }
    }
}
