package nl.knooppunt.routing.mailbox.service;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;
import nl.knooppunt.routing.common.problem.ProblemException;
import nl.knooppunt.routing.message.repository.MailboxFilter;
import nl.knooppunt.routing.message.repository.MessageRepository;
import nl.knooppunt.routing.message.repository.StoredMessage;
import nl.knooppunt.routing.message.service.MessageEventPublisher;
import nl.knooppunt.standard.envelope.MessageStatus;

/** A recipient's mailbox: list waiting messages, fetch one (ciphertext), acknowledge it (payload deleted at once). */
@ApplicationScoped
public class MailboxService {

    private static final Logger LOG = Logger.getLogger(MailboxService.class);

    private final MessageRepository repository;
    private final MessageEventPublisher events;

    public MailboxService(MessageRepository repository, MessageEventPublisher events) {
        this.repository = repository;
        this.events = events;
    }

    /**
     * Waiting messages matching the filter after the cursor message (exclusive), oldest first; the cursor must be in
     * this mailbox.
     */
    public Uni<MailboxPage> list(UUID recipient, MailboxFilter filter, UUID after, int limit) {
        Uni<Optional<Instant>> cursor = after == null
                ? Uni.createFrom().item(Optional.empty())
                : repository.deliveredAt(recipient, after).invoke(position -> {
                    if (position.isEmpty()) {
                        throw ProblemException.badRequest("the cursor 'after' is not a message of this mailbox");
                    }
                });
        return cursor
                .chain(position -> repository.listWaiting(recipient, filter, position.orElse(null), after,
                        limit + 1))
                .map(rows -> {
                    boolean more = rows.size() > limit;
                    List<StoredMessage> page = more ? rows.subList(0, limit) : rows;
                    return new MailboxPage(List.copyOf(page), more ? page.get(page.size() - 1).id() : null);
                });
    }

    /** The message with its payload; marks it fetched the first time. 404 if not this mailbox's, 410 if gone. */
    public Uni<StoredMessage> fetch(UUID recipient, UUID id) {
        return repository.markFetched(recipient, id).chain(fetched -> {
            if (fetched.isPresent()) {
                StoredMessage message = fetched.get();
                LOG.infof("message %s fetched by %s", id, recipient);
                return announce(message, MessageStatus.FETCHED, message.fetchedAt()).replaceWith(message);
            }
            return repository.findInMailbox(recipient, id).map(found -> {
                StoredMessage message = found.orElseThrow(() -> notFound(id));
                if (message.isGone(Instant.now()) || message.payload() == null) {
                    throw ProblemException.gone("message " + id + " was acknowledged or has expired");
                }
                return message;
            });
        });
    }

    /** Acknowledges the message and deletes its payload; repeating it is fine. 404 if not this mailbox's. */
    public Uni<Void> acknowledge(UUID recipient, UUID id) {
        return repository.acknowledge(recipient, id).chain(acknowledged -> {
            if (acknowledged.isPresent()) {
                StoredMessage message = acknowledged.get();
                LOG.debugf("message %s acknowledged by %s, ciphertext removed", id, recipient);
                return announce(message, MessageStatus.ACKNOWLEDGED, message.acknowledgedAt());
            }
            return repository.findMetadata(id).map(found -> {
                StoredMessage message = found.filter(m -> m.recipient().equals(recipient))
                        .orElseThrow(() -> notFound(id));
                if (message.isExpired(Instant.now())) {
                    throw ProblemException.gone("message " + id + " has expired");
                }
                return null;
            });
        });
    }

    /** Publishes a status event; the recipient's action stands even if the event cannot be published. */
    private Uni<Void> announce(StoredMessage message, MessageStatus status, Instant at) {
        return events.publish(message, status, at).onFailure().recoverWithItem(failure -> {
            LOG.errorf("message %s: %s event could not be published: %s", message.id(), status.apiName(),
                    failure.getClass().getName());
            return null;
        });
    }

    private static ProblemException notFound(UUID id) {
        return ProblemException.notFound("message " + id + " is not in this mailbox");
    }
}
