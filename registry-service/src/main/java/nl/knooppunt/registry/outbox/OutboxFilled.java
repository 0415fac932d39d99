package nl.knooppunt.registry.outbox;

/**
 * CDI event fired after a transaction that put participants into the {@link SnapshotOutbox} committed: the snapshot
 * publisher, a floor above, observes it and publishes at once instead of waiting for its next poll.
 */
public record OutboxFilled() {

    /** The one instance; the event carries no data (the outbox table holds what is due). */
    public static final OutboxFilled INSTANCE = new OutboxFilled();
}
