package nl.knooppunt.load;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The vendor side: submits {@link Traffic} messages as the sender's vendor client ({@code Knooppunt-Participant}
 * names the sender), in an open model (a fixed offered rate, each request scheduled by time and its latency measured
 * from its intended start, so a slow hub cannot hide its queueing: no coordinated omission) or a closed model
 * (C clients, each sending its next message as soon as the previous one is answered: maximum rate).
 */
final class Submitter {

    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"");

    private final Api api;
    private final Traffic traffic;
    private final Tracker tracker;
    private final Metrics metrics;
    private final MailboxConsumer pull;
    private final long measureFrom;
    private final long measureUntil;

    Submitter(Api api, Traffic traffic, Tracker tracker, Metrics metrics, MailboxConsumer pull, long measureFrom,
            long measureUntil) {
        this.api = api;
        this.traffic = traffic;
        this.tracker = tracker;
        this.metrics = metrics;
        this.pull = pull;
        this.measureFrom = measureFrom;
        this.measureUntil = measureUntil;
    }

    boolean measured(long nanos) {
        return nanos >= measureFrom && nanos < measureUntil;
    }

    private HttpRequest request(Traffic.Message message) {
        Population.Vendor vendor = message.sender().vendor();
        return Api.request(api.api("/messages"), api.token(vendor.clientId(), vendor.secret()), message.sender().id())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(message.body())).build();
    }

    /** Open model until {@code measureUntil}: request i starts at {@code start + i/rate}; at most {@code cap} in flight. */
    void runOpen(double rate, long start, int cap) {
        Semaphore inFlight = new Semaphore(cap);
        double interval = 1e9 / rate;
        for (long i = 0;; i++) {
            long intended = start + (long) (i * interval);
            if (intended >= measureUntil) {
                break;
            }
            long wait = intended - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            if (!inFlight.tryAcquire()) {
                metrics.error("driver in-flight cap (" + cap + ") reached, request not sent", null,
                        measured(intended));
                continue;
            }
            Traffic.Message message = traffic.next();
            api.client().sendAsync(request(message), HttpResponse.BodyHandlers.ofString())
                    .whenComplete((response, failure) -> {
                        inFlight.release();
                        done(message, intended, response, failure);
                    });
        }
        inFlight.acquireUninterruptibly(cap);
    }

    /** Closed model until {@code measureUntil}: {@code clients} threads, each submitting back to back. */
    void runClosed(int clients) {
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            Thread thread = new Thread(() -> {
                while (System.nanoTime() < measureUntil) {
                    Traffic.Message message = traffic.next();
                    long begin = System.nanoTime();
                    HttpResponse<String> response = null;
                    Throwable failure = null;
                    try {
                        response = api.client().send(request(message), HttpResponse.BodyHandlers.ofString());
                    } catch (Exception e) {
                        failure = e;
                    }
                    done(message, begin, response, failure);
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

    private void done(Traffic.Message message, long start, HttpResponse<String> response, Throwable failure) {
        long end = System.nanoTime();
        boolean measured = measured(start);
        if (failure != null) {
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure;
            metrics.error(cause instanceof HttpTimeoutException ? "submit timeout"
                    : "submit " + cause.getClass().getSimpleName(), String.valueOf(cause.getMessage()), measured);
            return;
        }
        if (measured) {
            metrics.submit.recordValue(Math.max(0, (end - start) / 1000));
        }
        if (response.statusCode() != 201) {
            metrics.error("submit HTTP " + response.statusCode() + " " + message.type(), response.body(), measured);
            return;
        }
        Matcher m = ID.matcher(response.body());
        if (!m.find()) {
            metrics.error("submit 201 without id", response.body(), measured);
            return;
        }
        if (measured) {
            metrics.acceptedInterval.increment();
        }
        tracker.accepted(m.group(1), message.recipient().id(), start, measured);
        if (!message.recipient().webhook()) {
            pull.expect(message.recipient());
        }
    }
}
