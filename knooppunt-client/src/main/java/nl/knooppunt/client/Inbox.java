package nl.knooppunt.client;

import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * An inbox to pull in batches: one participant's ({@code /api/v1/inbox}) or a vendor's across every participant it
 * acts for ({@code /api/v1/vendor-inbox}, ADR 0038). {@link #pages(InboxQuery)} walks it as an iterator of pages:
 * store a page, acknowledge it, take the next one.
 */
public final class Inbox {

    private final Transport transport;
    private final String path;
    private final String participant;

    Inbox(Transport transport, String path, String participant) {
        this.transport = transport;
        this.path = path;
        this.participant = participant;
    }

    /** One page of the listing. */
    public InboxPage list(InboxQuery query) {
        return Transport.await(listAsync(query));
    }

    /** One page of the listing, without blocking. */
    public CompletableFuture<InboxPage> listAsync(InboxQuery query) {
        if (!query.participants().isEmpty() && !path.equals(KnooppuntClient.VENDOR_INBOX)) {
            throw new IllegalArgumentException("only the vendor-wide inbox filters by participant");
        }
        return transport.send(Transport.Call.get(path + query.queryString(), participant), response -> {
            JsonNode page = Json.read(response.body());
            List<InboxMessage> items = new java.util.ArrayList<>();
            page.path("items").forEach(item -> items.add(InboxMessage.of(item)));
            return new InboxPage(this, items, Json.text(page, "next"));
        });
    }

    /** Acknowledges these messages (1 to 500 distinct ids) in one call; the hub deletes their content. */
    public Acknowledgements acknowledge(Collection<String> ids) {
        return Transport.await(transport.send(Transport.Call.post(path + "/acknowledgements", participant,
                Json.write(Map.of("ids", List.copyOf(ids)))), response -> Acknowledgements.of(
                        Json.read(response.body()))));
    }

    /**
     * The inbox page by page, as an iterator that lists lazily: each {@code next()} lists one page. After a page you
     * acknowledged, the next listing starts from the query's start again (those messages are gone); after one you
     * did not, it goes on after it. It ends after the last page the hub has now ({@code next} null), so call it
     * again later for what arrives after.
     */
    public Iterable<InboxPage> pages(InboxQuery query) {
        return () -> new Iterator<>() {
            private InboxPage previous;
            private boolean ended;

            @Override
            public boolean hasNext() {
                return !ended;
            }

            @Override
            public InboxPage next() {
                if (ended) {
                    throw new NoSuchElementException();
                }
                InboxQuery from = previous == null || previous.acknowledged() ? query : query.after(previous.next());
                InboxPage page = list(from);
                ended = page.next() == null || page.items().isEmpty();
                previous = page;
                return page;
            }
        };
    }
}
