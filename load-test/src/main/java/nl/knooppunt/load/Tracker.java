package nl.knooppunt.load;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import org.HdrHistogram.Recorder;

/**
 * Follows every accepted message until its recipient has it (listed in its mailbox, or pushed to the webhook
 * receiver), and records the end-to-end latency from the intended submit start. A push can overtake the 201 of its
 * submission, so either side may come first.
 */
final class Tracker {

    private record Entry(long startNanos, long arrivedNanos, boolean measured, String recipient) {
    }

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> pendingByRecipient = new ConcurrentHashMap<>();
    private final Recorder e2e;
    private final LongAdder accepted = new LongAdder();
    private final LongAdder arrived = new LongAdder();
    private final LongAdder arrivedMeasured = new LongAdder();
    private final LongAdder acceptedMeasured = new LongAdder();

    Tracker(Recorder e2e) {
        this.e2e = e2e;
    }

    /** A submission was accepted; {@code startNanos} is its intended start. */
    void accepted(String messageId, String recipient, long startNanos, boolean measured) {
        accepted.increment();
        if (measured) {
            acceptedMeasured.increment();
        }
        pendingByRecipient.computeIfAbsent(recipient, r -> new AtomicInteger()).incrementAndGet();
        Entry early = entries.putIfAbsent(messageId, new Entry(startNanos, 0, measured, recipient));
        if (early != null && early.arrivedNanos() != 0 && entries.remove(messageId, early)) {
            complete(new Entry(startNanos, 0, measured, recipient), early.arrivedNanos());
        }
    }

    /** The recipient has the message now. */
    void arrived(String messageId, long nowNanos) {
        Entry entry = entries.get(messageId);
        if (entry == null) {
            Entry early = new Entry(0, nowNanos, false, null);
            entry = entries.putIfAbsent(messageId, early);
            if (entry == null) {
                return;
            }
        }
        if (entry.arrivedNanos() == 0 && entries.remove(messageId, entry)) {
            complete(entry, nowNanos);
        }
    }

    private void complete(Entry entry, long arrivedNanos) {
        arrived.increment();
        pendingByRecipient.get(entry.recipient()).decrementAndGet();
        if (entry.measured()) {
            arrivedMeasured.increment();
            e2e.recordValue(Math.max(0, (arrivedNanos - entry.startNanos()) / 1000));
        }
    }

    /** Messages accepted for this recipient that it does not have yet. */
    int pending(String recipient) {
        AtomicInteger n = pendingByRecipient.get(recipient);
        return n == null ? 0 : n.get();
    }

    /** Accepted messages that have not arrived yet. */
    long outstanding() {
        return accepted.sum() - arrived.sum();
    }

    long accepted() {
        return accepted.sum();
    }

    long arrived() {
        return arrived.sum();
    }

    long acceptedMeasured() {
        return acceptedMeasured.sum();
    }

    long arrivedMeasured() {
        return arrivedMeasured.sum();
    }

    /** Arrivals of messages this run never saw accepted (left over from earlier runs, or duplicate pushes). */
    long unmatched() {
        return entries.values().stream().filter(e -> e.startNanos() == 0).count();
    }
}
