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
    private volatile boolean running = true;

    MailboxConsumer(Api api, Tracker tracker, Metrics metrics, LongPredicate measured, boolean fetch, long pollMillis,
            int threads) {
        this.pollMillis = pollMillis;
        this.api = api;
        this.tracker = tracker;
        this.metrics = metrics;
        this.measured = measured;
        this.fetch = fetch;
        this.workers = Executors.newFixedThreadPool(threads, Api.daemon("load-pull"));
        for (int i = 0; i < threads; i++) {
            workers.submit(this::work);
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
        for (JsonNode item : items) {
            String id = item.path("id").asText();
            tracker.arrived(id, now);
            ids.add(id);
            if (fetch && !item.has("payload") && !item.has("encryptedPayload")) {
                metrics.error("inbox list without content", id, measured.test(now));
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
    }

    long acknowledged() {
        return acknowledged.sum();
    }

    long listings() {
        return listings.sum();
    }

    @Override
    public void close() {
        running = false;
        later.shutdownNow();
        workers.shutdownNow();
    }
}
