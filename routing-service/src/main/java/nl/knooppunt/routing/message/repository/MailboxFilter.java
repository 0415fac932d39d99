package nl.knooppunt.routing.message.repository;

import java.util.UUID;

/**
 * Optional filters of a mailbox listing; null means any.
 *
 * @param module only messages of this module
 * @param type   only messages of this type
 * @param sender only messages from this participant
 */
public record MailboxFilter(String module, String type, UUID sender) {

    /** No filter. */
    public static final MailboxFilter NONE = new MailboxFilter(null, null, null);
}
