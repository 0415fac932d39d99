package nl.knooppunt.portal.inbox;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * One page of the inbox, oldest first.
 *
 * @param items the messages
 * @param next  cursor for the next page ({@code after=}), null at the end
 */
@Schema(requiredProperties = { "items" })
public record InboxPage(List<InboxMessage> items, String next) {
}
