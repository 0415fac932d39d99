package nl.knooppunt.client;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A page of the events feed ({@code GET /api/v1/events}): status changes of everything you sent, and reply
 * reminders; oldest first, never repeated or skipped.
 *
 * @param items the events
 * @param next  the cursor to read on with next time (unchanged when there was nothing new)
 */
public record EventPage(List<Event> items, String next) {

    /**
     * One event.
     *
     * @param cursor    pass as {@code after} to read on after this event
     * @param messageId the message it is about
     * @param event     accepted, delivered, fetched, acknowledged, expired, failed, reply-reminder or reply-overdue
     * @param sender    sender participant id
     * @param recipient recipient participant id
     * @param module    module of the standard
     * @param type      message type
     * @param at        when it happened
     */
    public record Event(String cursor, String messageId, String event, String sender, String recipient,
            String module, String type, Instant at) {
    }

    static EventPage of(JsonNode page) {
        List<Event> events = new ArrayList<>();
        page.path("items").forEach(e -> events.add(new Event(Json.text(e, "cursor"), Json.text(e, "messageId"),
                Json.text(e, "event"), Json.text(e, "sender"), Json.text(e, "recipient"), Json.text(e, "module"),
                Json.text(e, "type"), Json.instant(e, "at"))));
        return new EventPage(List.copyOf(events), Json.text(page, "next"));
    }
}
