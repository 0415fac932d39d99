package nl.knooppunt.portal.inbox;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * One page of the vendor-wide inbox, oldest first across all the participants it covers.
 *
 * @param items the messages, each naming its recipient
 * @param next  cursor for the next page ({@code after=}), null at the end
 */
@Schema(requiredProperties = { "items" })
public record VendorInboxPage(List<VendorInboxMessage> items, String next) {
}
