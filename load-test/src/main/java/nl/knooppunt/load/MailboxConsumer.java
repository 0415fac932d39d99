package nl.knooppunt.load;

import java.net.http.HttpResponse;
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

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The pull side: for every mailbox participant with messages on their way, its vendor lists the inbox with content
 * ({@code include=content}; envelopes only when {@code load.fetch=false}) and acknowledges the whole page in one bulk
 * acknowledgement (ADR 0033), so mailboxes stay flat. A mailbox is polled while the {@link Tracker} still expects
 * messages for it (at most every {@code load.poll-interval}); a message counts as arrived when the listing first shows it.
 * Beside that, as a vendor that is not told where mail waits, every vendor lists each of its pull mailboxes at least
 * once per {@code load.mailbox-sweep}, spread evenly over it. A sample of the listed payloads is decrypted with the
 * recipient's key ({@link PayloadCheck}).
 */
final class MailboxConsumer implements AutoCloseable {

    private final Api api;
    private final Tracker tracker;
    private final Metrics metrics;
    private final LongPredicate measured;
    private final boolean fetch;
    private final long pollMillis;
    private final BlockingQueue<Population.Member> queue = new LinkedBlockingQueue<>();
    private final Set<String> queued = ConcurrentHashMap.newKeySet();
    private final ExecutorService workers;
    private final ScheduledExecutorService later = Executors.newSingleThreadScheduledExecutor(Api.daemon("load-repoll"));
    private final LongAdder acknowledged = new LongAdder();
    private final LongAdder listings = new LongAdder();
    private final LongAdder sweeps = new LongAdder();
    private final PayloadCheck check;
    private volatile boolean running = true;

    /**
     * @param sweepMailboxes every pull mailbox, listed in turn once per {@code sweep}
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
        if (!sweepMailboxes.isEmpty() && sweep.toMillis() > 0) {
            long tickMillis = 100;
            double perTick = sweepMailboxes.size() * (double) tickMillis / sweep.toMillis();
            double[] due = { 0 };
            int[] next = { 0 };
            later.scheduleAtFixedRate(() -> {
                due[0] += perTick;
                while (due[0] >= 1) {
                    due[0] -= 1;
                    Population.Member member = sweepMailboxes.get(next[0]);
                    next[0] = (next[0] + 1) % sweepMailboxes.size();
                    sweeps.increment();
                    expect(member);
                }
            }, tickMillis, tickMillis, TimeUnit.MILLISECONDS);
        }
    }

    /** A message for this mailbox participant was accepted. */
    void expect(Population.Member member) {
        if (queued.add(member.id())) {
            queue.add(member);
        }
    }

    private void work() {
        while (running) {
            Population.Member member;
            try {
                member = queue.poll(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (member == null) {
                continue;
            }
            try {
                drain(member);
            } catch (RuntimeException e) {
                metrics.error("consume " + e.getClass().getSimpleName(), e.getMessage(), measured.test(System.nanoTime()));
            }
            // the mailbox stays marked while it is drained, so no two workers ever drain the same one
            queued.remove(member.id());
            if (running && tracker.pending(member.id()) > 0 && queued.add(member.id())) {
                later.schedule(() -> queue.add(member), pollMillis, TimeUnit.MILLISECONDS);
            }
        }
    }

    private void drain(Population.Member member) {
        Population.Vendor vendor = member.vendor();
        String token = api.token(vendor.clientId(), vendor.secret());
        String query = "/inbox?limit=100" + (fetch ? "&include=content" : "");
        HttpResponse<String> list = api.send(Api.request(api.api(query), token, member.id()).GET().build());
        listings.increment();
        long now = System.nanoTime();
        if (list.statusCode() != 200) {
            metrics.error("inbox list HTTP " + list.statusCode(), list.body(), measured.test(now));
            return;
        }
        JsonNode items = Api.read(list.body()).path("items");
        if (items.isEmpty()) {
            return;
        }
        List<String> ids = new ArrayList<>(items.size());
        List<Runnable> checks = new ArrayList<>();
        for (JsonNode item : items) {
            String id = item.path("id").asText();
            Traffic.Message message = tracker.arrived(id, now);
            ids.add(id);
            if (fetch && !item.has("payload") && !item.has("encryptedPayload")) {
                metrics.error("inbox list without content", id, measured.test(now));
            } else if (fetch && message != null) {
                String jwe = item.hasNonNull("encryptedPayload") ? item.path("encryptedPayload").asText() : null;
                checks.add(() -> check.check("pull", id, message, jwe));
            }
        }
        HttpResponse<String> ack = api.send(Api.request(api.api("/inbox/acknowledgements"), token, member.id())
                .header("Content-Type", "application/json").POST(Api.json(Map.of("ids", ids))).build());
        if (ack.statusCode() != 200) {
            metrics.error("inbox bulk ack HTTP " + ack.statusCode(), ack.body(), measured.test(System.nanoTime()));
            return;
        }
        JsonNode result = Api.read(ack.body());
        acknowledged.add(result.path("acknowledged").size());
        int missed = result.path("expired").size() + result.path("notFound").size();
        if (missed > 0) {
            metrics.error("inbox bulk ack not acknowledged", missed + " of " + ids.size(),
                    measured.test(System.nanoTime()));
        }
        checks.forEach(Runnable::run);
    }

    long acknowledged() {
        return acknowledged.sum();
    }

    long listings() {
        return listings.sum();
    }

    /** Listings the sweep asked for (of mailboxes with or without expected messages). */
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
