package nl.knooppunt.portal.inbox;

import java.util.List;

/**
 * One page of the vendor-wide inbox, oldest first across all the participants it covers.
 *
 * @param items the messages, each naming its recipient
 * @param next  cursor for the next page ({@code after=}), null at the end
 */
public record VendorInboxPage(List<VendorInboxMessage> items, String next) {
}
