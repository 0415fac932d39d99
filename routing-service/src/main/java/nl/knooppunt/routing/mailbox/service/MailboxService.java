package nl.knooppunt.routing.mailbox.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;
import nl.knooppunt.kit.problem.ProblemException;
import nl.knooppunt.routing.mailbox.repository.MailboxRepository;
import nl.knooppunt.routing.message.repository.MailboxFilter;
import nl.knooppunt.routing.message.repository.MessageRepository;
import nl.knooppunt.routing.message.repository.StoredMessage;
import nl.knooppunt.routing.metrics.RoutingMetrics;

/**
 * A recipient's mailbox: list waiting messages (optionally with their ciphertexts, marking them fetched), fetch one
 * (ciphertext), acknowledge one or many (payload deleted at once).
 */
@ApplicationScoped
public class MailboxService {

    private static final Logger LOG = Logger.getLogger(MailboxService.class);

    private final MailboxRepository repository;
    private final MessageRepository messages;
    private final RoutingMetrics metrics;

    public MailboxService(MailboxRepository repository, MessageRepository messages, RoutingMetrics metrics) {
        this.repository = repository;
        this.messages = messages;
        this.metrics = metrics;
    }

    /**
     * Waiting messages matching the filter after the cursor message (exclusive), oldest first; the cursor must be in
     * this mailbox.
     */
    public Uni<MailboxPage> list(UUID recipient, MailboxFilter filter, UUID after, int limit) {
        return cursor(recipient, after)
                .chain(position -> repository.listWaiting(recipient, filter, position.orElse(null), after,
                        limit + 1))
                .map(rows -> page(rows, limit));
    }

    /**
     * The same page as {@link #list}, each message with its payload, and every message on it marked fetched as
     * {@link #fetch} marks it: one statement, and a fetched event for each message fetched for the first time.
     */
    public Uni<MailboxPage> listWithContent(UUID recipient, MailboxFilter filter, UUID after, int limit) {
        return cursor(recipient, after)
                .chain(position -> repository.listWaitingAndMarkFetched(recipient, filter, position.orElse(null),
                        after, limit))
                .map(rows -> {
                    List<StoredMessage> fetched = rows.stream().filter(MailboxRepository.Batched::changed)
                            .map(MailboxRepository.Batched::message).toList();
                    fetched.forEach(metrics::fetched);
                    MailboxPage page = page(rows.stream().map(MailboxRepository.Batched::message).toList(), limit);
                    if (!fetched.isEmpty()) {
                        LOG.infof("%d message(s) fetched by %s in a listing", fetched.size(), recipient);
                    }
                    return page;
                });
    }

    /**
     * Acknowledges many messages at once with one statement, each as {@link #acknowledge} would: a message of this
     * mailbox that waits or was acknowledged before is acknowledged, one past its retention expired, and any other id
     * (unknown, or another recipient's message) not found.
     */
    public Uni<Acknowledgements> acknowledgeAll(UUID recipient, List<UUID> ids) {
        return repository.acknowledgeAll(recipient, ids).map(rows -> {
            Map<UUID, MailboxRepository.Batched> byId = new HashMap<>();
            rows.forEach(row -> byId.put(row.message().id(), row));
            Instant now = Instant.now();
            List<UUID> acknowledged = new ArrayList<>();
            List<UUID> expired = new ArrayList<>();
            List<UUID> notFound = new ArrayList<>();
            List<StoredMessage> changed = new ArrayList<>();
            for (UUID id : ids) {
                MailboxRepository.Batched row = byId.get(id);
                if (row == null) {
                    notFound.add(id);
                } else if (row.changed()) {
                    acknowledged.add(id);
                    changed.add(row.message());
                    metrics.acknowledged(row.message());
                } else if (row.message().isExpired(now)) {
                    expired.add(id);
                } else {
                    acknowledged.add(id);
                }
            }
            LOG.debugf("%d message(s) acknowledged by %s, ciphertexts removed", changed.size(), recipient);
            return new Acknowledgements(acknowledged, expired, notFound);
        });
    }

    /** The message with its payload; marks it fetched the first time. 404 if not this mailbox's, 410 if gone. */
    public Uni<StoredMessage> fetch(UUID recipient, UUID id) {
        return repository.markFetched(recipient, id).chain(fetched -> {
            if (fetched.isPresent()) {
                StoredMessage message = fetched.get();
                metrics.fetched(message);
                LOG.infof("message %s fetched by %s", id, recipient);
                return Uni.createFrom().item(message);
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
                metrics.acknowledged(message);
                LOG.debugf("message %s acknowledged by %s, ciphertext removed", message.id(), recipient);
                return Uni.createFrom().voidItem();
            }
            return messages.findMetadata(id).map(found -> {
                StoredMessage message = found.filter(m -> m.recipient().equals(recipient))
                        .orElseThrow(() -> notFound(id));
                if (message.isExpired(Instant.now())) {
                    throw ProblemException.gone("message " + id + " has expired");
                }
                return null;
            });
        });
    }

    private Uni<Optional<Instant>> cursor(UUID recipient, UUID after) {
        return after == null
                ? Uni.createFrom().item(Optional.empty())
                : repository.deliveredAt(recipient, after).invoke(position -> {
                    if (position.isEmpty()) {
                        throw ProblemException.badRequest("the cursor 'after' is not a message of this mailbox");
                    }
                });
    }

    private static MailboxPage page(List<StoredMessage> rows, int limit) {
        boolean more = rows.size() > limit;
        List<StoredMessage> page = more ? rows.subList(0, limit) : rows;
        return new MailboxPage(List.copyOf(page), more ? page.get(page.size() - 1).id() : null);
    }

    private static ProblemException notFound(UUID id) {
        return ProblemException.notFound("message " + id + " is not in this mailbox");
    }
}
