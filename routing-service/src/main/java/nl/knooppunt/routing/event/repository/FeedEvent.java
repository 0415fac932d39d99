package nl.knooppunt.routing.event.repository;

import java.time.Instant;
import java.util.UUID;

/**
 * One event of a participant's feed.
 *
 * @param seq  the cursor position
 * @param kind a status ({@code accepted}, {@code delivered}, {@code fetched}, {@code acknowledged}, {@code expired},
 *             {@code failed}) or a deadline event ({@code reply-reminder}, {@code reply-overdue})
 */
public record FeedEvent(long seq, UUID messageId, String kind, UUID sender, UUID recipient, String module,
        String type, Instant at) {
}
