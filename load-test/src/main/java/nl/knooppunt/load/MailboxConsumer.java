package nl.knooppunt.load;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongPredicate;

import nl.knooppunt.client.Acknowledgements;
import nl.knooppunt.client.InboxMessage;
import nl.knooppunt.client.InboxPage;
import nl.knooppunt.client.InboxQuery;
import nl.knooppunt.client.ProblemException;

/**
 * The pull side: every vendor with messages on their way to one of its mailbox participants lists its vendor-wide
 * inbox (ADR 0038: one listing across all its participants) with content ({@code include=content}; envelopes only when
 * {@code load.fetch=false}) and acknowledges the whole page in one bulk acknowledgement, page after page while they
 * are full, so mailboxes stay flat. A vendor is polled while the {@link Tracker} still expects messages for one of its
 * participants (at most every {@code load.poll-interval}); a message counts as arrived when a listing first shows it.
 * Beside that, as a vendor that is not told where mail waits, every vendor with pull mailboxes lists its inbox, which
 * covers all of them, at least once per {@code load.mailbox-sweep}, the vendors spread evenly over it. A sample of the
 * listed payloads is decrypted with the recipient's key ({@link PayloadCheck}). Listing and acknowledging go through
 * the vendor's {@code KnooppuntClient} ({@link Api#hub}).
 */
final class MailboxConsumer implements AutoCloseable {

    /** Page size of a listing, and so of an acknowledgement (the API's largest). */
    static final int PAGE = 500;

    private final Api api;
    private final Tracker tracker;
    private final Metrics metrics;
    private final LongPredicate measured;
    private final boolean fetch;
    private final long pollMillis;
    private final BlockingQueue<Population.Vendor> queue = new LinkedBlockingQueue<>();
    private final Set<String> queued = ConcurrentHashMap.newKeySet();
    private final Map<String, Set<String>> participantsByVendor = new ConcurrentHashMap<>();
    private final ExecutorService workers;
    private final ScheduledExecutorService later = Executors.newSingleThreadScheduledExecutor(Api.daemon("load-repoll"));
    private final LongAdder acknowledged = new LongAdder();
    private final LongAdder listings = new LongAdder();
    private final LongAdder sweeps = new LongAdder();
    private final PayloadCheck check;
    private volatile boolean running = true;

    /**
     * @param sweepMailboxes every pull mailbox; their vendors are listed in turn once per {@code sweep}
     * @param sweep          the sweep period; zero or negative for none
     */
    MailboxConsumer(Api api, Tracker tracker, Metrics metrics, PayloadCheck check, LongPredicate measured,
            boolean fetch, long pollMillis, int threads, List<Population.Member> sweepMailboxes,
            java.time.Duration sweep) {
        this.pollMillis = pollMillis;
        this.check = check;
        this.api = api;
        this.tracker = tracker;
        this.metrics = metrics;
        this.measured = measured;
        this.fetch = fetch;
        this.workers = Executors.newFixedThreadPool(threads, Api.daemon("load-pull"));
        for (int i = 0; i < threads; i++) {
            workers.submit(this::work);
        }
        List<Population.Vendor> sweepVendors = sweepMailboxes.stream().map(Population.Member::vendor).distinct()
                .toList();
        if (!sweepVendors.isEmpty() && sweep.toMillis() > 0) {
            long tickMillis = 100;
            double perTick = sweepVendors.size() * (double) tickMillis / sweep.toMillis();
            double[] due = { 0 };
            int[] next = { 0 };
            later.scheduleAtFixedRate(() -> {
                due[0] += perTick;
                while (due[0] >= 1) {
                    due[0] -= 1;
                    Population.Vendor vendor = sweepVendors.get(next[0]);
                    next[0] = (next[0] + 1) % sweepVendors.size();
                    sweeps.increment();
                    poll(vendor);
                }
            }, tickMillis, tickMillis, TimeUnit.MILLISECONDS);
        }
    }

    /** A message for this mailbox participant was accepted: its vendor will list. */
    void expect(Population.Member member) {
        participantsByVendor.computeIfAbsent(member.vendor().clientId(), v -> ConcurrentHashMap.newKeySet())
                .add(member.id());
        poll(member.vendor());
    }

    private void poll(Population.Vendor vendor) {
        if (queued.add(vendor.clientId())) {
            queue.add(vendor);
        }
    }

    private void work() {
        while (running) {
            Population.Vendor vendor;
            try {
                vendor = queue.poll(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (vendor == null) {
                continue;
            }
            try {
                int listed;
                do {
                    listed = drain(vendor);
                } while (running && listed == PAGE);
            } catch (RuntimeException e) {
                metrics.error("consume " + e.getClass().getSimpleName(), e.getMessage(), measured.test(System.nanoTime()));
            }
            // the vendor stays marked while it is drained, so no two workers ever drain the same inbox
            queued.remove(vendor.clientId());
            if (running && pending(vendor) && queued.add(vendor.clientId())) {
                later.schedule(() -> queue.add(vendor), pollMillis, TimeUnit.MILLISECONDS);
            }
        }
    }

    /** Whether a message accepted for one of the vendor's mailbox participants has not arrived yet. */
    private boolean pending(Population.Vendor vendor) {
        return participantsByVendor.getOrDefault(vendor.clientId(), Set.of()).stream()
                .anyMatch(id -> tracker.pending(id) > 0);
    }

    /** Lists one page of the vendor's inbox and acknowledges it; answers the number of messages listed. */
    private int drain(Population.Vendor vendor) {
        InboxPage page;
        try {
            page = api.hub(vendor).vendorInbox().list(InboxQuery.all().limit(PAGE).withContent(fetch));
        } catch (ProblemException refused) {
            listings.increment();
            metrics.error("vendor inbox list HTTP " + refused.status(), refused.getMessage(),
                    measured.test(System.nanoTime()));
            return 0;
        }
        listings.increment();
        long now = System.nanoTime();
        if (page.items().isEmpty()) {
            return 0;
        }
        List<Runnable> checks = new ArrayList<>();
        for (InboxMessage item : page.items()) {
            String id = item.id();
            Traffic.Message message = tracker.arrived(id, now);
            if (fetch && item.encryptedPayload() == null) {
                metrics.error("vendor inbox list without content", id, measured.test(now));
            } else if (fetch && message != null) {
                checks.add(() -> check.check("pull", id, message, item.encryptedPayload()));
            }
        }
        Acknowledgements result;
        try {
            result = page.acknowledge();
        } catch (ProblemException refused) {
            metrics.error("vendor inbox bulk ack HTTP " + refused.status(), refused.getMessage(),
                    measured.test(System.nanoTime()));
            return 0;
        }
        acknowledged.add(result.acknowledged().size());
        int missed = result.expired().size() + result.notFound().size();
        if (missed > 0) {
            metrics.error("vendor inbox bulk ack not acknowledged", missed + " of " + page.items().size(),
                    measured.test(System.nanoTime()));
        }
        checks.forEach(Runnable::run);
        return page.items().size();
    }

    long acknowledged() {
        return acknowledged.sum();
    }

    long listings() {
        return listings.sum();
    }

    /** Listings the sweep asked for (of vendors with or without expected messages). */
    long sweeps() {
        return sweeps.sum();
    }

    @Override
    public void close() {
        running = false;
        later.shutdownNow();
        workers.shutdownNow();
    }
}
