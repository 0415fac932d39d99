package nl.knooppunt.load;

import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiConsumer;
import java.util.function.LongPredicate;

/**
 * Follows every accepted message until its recipient has it (listed in its mailbox, or pushed to the webhook
 * receiver), and records the end-to-end latency from the intended submit start. A push can overtake the 201 of its
 * submission, so either side may come first. A message is delivered once: the ids of delivered messages are kept
 * for the whole run, and a second arrival of one is a duplicate (an error). An arrival of a message this run never
 * saw accepted (left in a mailbox by an earlier run) is neither.
 */
final class Tracker {

    private record Entry(long startNanos, long arrivedNanos, boolean measured, Traffic.Message message) {
    }

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final Set<Object> delivered = ConcurrentHashMap.newKeySet();
    private final Map<String, AtomicInteger> pendingByRecipient = new ConcurrentHashMap<>();
    private final Metrics metrics;
    private final LongPredicate measured;
    private final LongAdder accepted = new LongAdder();
    private final LongAdder arrived = new LongAdder();
    private final LongAdder arrivedMeasured = new LongAdder();
    private final LongAdder acceptedMeasured = new LongAdder();
    private final LongAdder duplicates = new LongAdder();
    private volatile BiConsumer<String, Traffic.Message> onDelivered = (id, message) -> { };

    /**
     * @param metrics  where deliveries, duplicates and latencies are counted
     * @param measured whether a moment (nanos) lies in the measured window, for duplicate errors
     */
    Tracker(Metrics metrics, LongPredicate measured) {
        this.metrics = metrics;
        this.measured = measured;
    }

    /** Called once per message of this run when its recipient first has it (answers are made from it). */
    void onDelivered(BiConsumer<String, Traffic.Message> listener) {
        this.onDelivered = listener;
    }

    /** A submission was accepted; {@code startNanos} is its intended start. */
    void accepted(String messageId, Traffic.Message message, long startNanos, boolean measured) {
        accepted.increment();
        if (measured) {
            acceptedMeasured.increment();
        }
        pendingByRecipient.computeIfAbsent(message.recipient().id(), r -> new AtomicInteger()).incrementAndGet();
        Entry[] early = new Entry[1];
        entries.compute(messageId, (id, existing) -> {
            if (existing == null) {
                return new Entry(startNanos, 0, measured, message);
            }
            delivered.add(key(id));
            early[0] = existing;
            return null;
        });
        if (early[0] != null) {
            complete(messageId, new Entry(startNanos, 0, measured, message), early[0].arrivedNanos());
        }
    }

    /**
     * The recipient has the message now.
     *
     * @return the message when this is the first arrival of a message of this run whose acceptance is known, else
     *         null (an early arrival before its 201, a message of an earlier run, or a duplicate)
     */
    Traffic.Message arrived(String messageId, long nowNanos) {
        Object key = key(messageId);
        if (delivered.contains(key)) {
            duplicate(messageId, nowNanos);
            return null;
        }
        Entry[] done = new Entry[1];
        boolean[] again = new boolean[1];
        entries.compute(messageId, (id, existing) -> {
            if (existing == null) {
                if (delivered.contains(key)) {
                    again[0] = true;
                    return null;
                }
                return new Entry(0, nowNanos, false, null);
            }
            if (existing.message() == null) {
                again[0] = true;  // arrived twice before its 201
                return existing;
            }
            delivered.add(key);
            done[0] = existing;
            return null;
        });
        if (again[0]) {
            duplicate(messageId, nowNanos);
            return null;
        }
        if (done[0] == null) {
            return null;
        }
        complete(messageId, done[0], nowNanos);
        return done[0].message();
    }

    private void duplicate(String messageId, long nowNanos) {
        duplicates.increment();
        metrics.duplicatesInterval.increment();
        metrics.error("duplicate delivery", messageId, measured.test(nowNanos));
    }

    private void complete(String messageId, Entry entry, long arrivedNanos) {
        arrived.increment();
        metrics.deliveredInterval.increment();
        pendingByRecipient.get(entry.message().recipient().id()).decrementAndGet();
        long micros = Math.min(Metrics.HIGHEST, Math.max(0, (arrivedNanos - entry.startNanos()) / 1000));
        metrics.e2e.recordValue(micros);
        if (entry.measured()) {
            arrivedMeasured.increment();
            metrics.recordE2eOfMeasured(micros);
        }
        onDelivered.accept(messageId, entry.message());
    }

    /** Message ids are UUIDs: kept as such (two longs) for the run-long set of delivered ids. */
    private static Object key(String messageId) {
        try {
            return UUID.fromString(messageId);
        } catch (IllegalArgumentException e) {
            return messageId;
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

    long duplicates() {
        return duplicates.sum();
    }

    /** Arrivals of messages this run never saw accepted (left over from earlier runs). */
    long unmatched() {
        return entries.values().stream().filter(e -> e.message() == null).count();
    }
}
