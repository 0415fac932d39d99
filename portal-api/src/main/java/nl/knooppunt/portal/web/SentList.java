package nl.knooppunt.portal.web;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.eclipse.microprofile.rest.client.inject.RestClient;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import nl.knooppunt.portal.downstream.routing.RoutingClient;

/**
 * The messages a participant sent, with their live status, folded from routing-service's events feed (the only
 * per-sender listing routing offers): oldest first, so the feed is read in pages up to {@link #MAX_EVENTS} events and
 * the newest {@link #MAX_MESSAGES} messages are kept.
 */
@ApplicationScoped
public class SentList {

    /** Events read per page of the feed (routing-service's largest page). */
    static final int PAGE = 500;
    /** Most events read for one listing. */
    static final int MAX_EVENTS = 20_000;
    /** Most messages listed, newest first. */
    static final int MAX_MESSAGES = 200;

    private static final Set<String> STATUSES = Set.of("accepted", "delivered", "fetched", "acknowledged", "expired",
            "failed");

    private final RoutingClient routing;

    public SentList(@RestClient RoutingClient routing) {
        this.routing = routing;
    }

    /**
     * A sent message and its latest status.
     *
     * @param id        message id
     * @param recipient recipient participant id
     * @param module    module id
     * @param type      type id
     * @param status    latest status event
     * @param sentAt    first event (when the hub took it)
     * @param changedAt latest event
     */
    public record Sent(String id, String recipient, String module, String type, String status, Instant sentAt,
            Instant changedAt) {
    }

    /** The participant's sent messages, newest first, with whether the feed was cut off at {@link #MAX_EVENTS}. */
    public record Listing(List<Sent> messages, boolean truncated) {
    }

    /** Reads the participant's feed and folds it into the latest status per sent message. */
    public Uni<Listing> of(String participantId) {
        return read(participantId, null, new LinkedHashMap<>(), 0);
    }

    private Uni<Listing> read(String participantId, String after, Map<String, Sent> folded, int seen) {
        return routing.events(participantId, after, PAGE).chain(page -> {
            List<RoutingClient.Event> items = page.items() == null ? List.of() : page.items();
            items.forEach(event -> fold(participantId, event, folded));
            int total = seen + items.size();
            if (items.size() < PAGE || total >= MAX_EVENTS) {
                return Uni.createFrom().item(listing(folded, items.size() == PAGE));
            }
            return read(participantId, page.next(), folded, total);
        });
    }

    static void fold(String participantId, RoutingClient.Event event, Map<String, Sent> folded) {
        if (!participantId.equals(event.sender()) || !STATUSES.contains(event.event()) || event.messageId() == null) {
            return;
        }
        Sent before = folded.get(event.messageId());
        Instant sentAt = before == null ? event.at() : before.sentAt();
        folded.put(event.messageId(), new Sent(event.messageId(), event.recipient(), event.module(), event.type(),
                event.event(), sentAt, event.at()));
    }

    static Listing listing(Map<String, Sent> folded, boolean truncated) {
        List<Sent> messages = new ArrayList<>(folded.values());
        messages.sort(Comparator.comparing(Sent::sentAt, Comparator.nullsLast(Comparator.reverseOrder())));
        return new Listing(List.copyOf(messages.subList(0, Math.min(MAX_MESSAGES, messages.size()))), truncated);
    }
}
