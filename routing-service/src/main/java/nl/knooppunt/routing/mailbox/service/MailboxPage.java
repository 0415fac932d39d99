package nl.knooppunt.routing.mailbox.service;

import java.util.List;
import java.util.UUID;

import nl.knooppunt.routing.message.repository.StoredMessage;

/**
 * One page of a mailbox.
 *
 * @param messages waiting messages in delivery order, without payloads
 * @param next     cursor for the next page (the last message's id), or null when this is the last page
 */
public record MailboxPage(List<StoredMessage> messages, UUID next) {
}
