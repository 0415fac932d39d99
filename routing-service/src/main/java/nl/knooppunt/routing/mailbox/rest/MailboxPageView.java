package nl.knooppunt.routing.mailbox.rest;

import java.util.List;

import nl.knooppunt.routing.mailbox.service.MailboxPage;
import nl.knooppunt.routing.message.rest.MessageView;

/**
 * A mailbox page as the internal API shows it.
 *
 * @param items waiting messages (metadata; with {@code include=content} also the payload), oldest first
 * @param next  the {@code after} cursor for the next page, or null at the end
 */
public record MailboxPageView(List<MessageView> items, String next) {

    static MailboxPageView of(MailboxPage page) {
        return new MailboxPageView(page.messages().stream().map(MessageView::metadata).toList(),
                page.next() == null ? null : page.next().toString());
    }

    static MailboxPageView withPayloads(MailboxPage page) {
        return new MailboxPageView(page.messages().stream().map(MessageView::withPayload).toList(),
                page.next() == null ? null : page.next().toString());
    }
}
