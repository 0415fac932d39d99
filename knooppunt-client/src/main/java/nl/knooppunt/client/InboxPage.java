package nl.knooppunt.client;

import java.util.List;

/**
 * One page of an inbox listing, oldest first. Store what you need of it, then {@link #acknowledge()} it: the hub
 * deletes the content of every message on it.
 */
public final class InboxPage {

    private final Inbox inbox;
    private final List<InboxMessage> items;
    private final String next;
    private volatile Acknowledgements acknowledgements;

    InboxPage(Inbox inbox, List<InboxMessage> items, String next) {
        this.inbox = inbox;
        this.items = List.copyOf(items);
        this.next = next;
    }

    /** The messages on this page. */
    public List<InboxMessage> items() {
        return items;
    }

    /** The cursor of the next page, null when this one is the last. */
    public String next() {
        return next;
    }

    /** The ids of the messages on this page, in order. */
    public List<String> ids() {
        return items.stream().map(InboxMessage::id).toList();
    }

    /** Acknowledges every message on this page in one call (nothing when it is empty). */
    public Acknowledgements acknowledge() {
        acknowledgements = items.isEmpty() ? new Acknowledgements(List.of(), List.of(), List.of())
                : inbox.acknowledge(ids());
        return acknowledgements;
    }

    /** Whether {@link #acknowledge()} was called. */
    public boolean acknowledged() {
        return acknowledgements != null;
    }

    @Override
    public String toString() {
        return "InboxPage" + ids() + (next == null ? "" : " next " + next);
    }
}
