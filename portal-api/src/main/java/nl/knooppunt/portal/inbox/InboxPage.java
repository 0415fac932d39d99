package nl.knooppunt.portal.inbox;

import java.util.List;

/**
 * One page of the inbox, oldest first.
 *
 * @param items the messages
 * @param next  cursor for the next page ({@code after=}), null at the end
 */
public record InboxPage(List<InboxMessage> items, String next) {
}
