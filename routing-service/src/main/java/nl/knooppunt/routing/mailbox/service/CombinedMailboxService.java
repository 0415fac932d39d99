package nl.knooppunt.routing.mailbox.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;
import nl.knooppunt.kit.problem.ProblemException;
import nl.knooppunt.routing.mailbox.repository.CombinedMailboxRepository;
import nl.knooppunt.routing.mailbox.repository.CombinedMailboxRepository.Touched;
import nl.knooppunt.routing.message.repository.MailboxFilter;
import nl.knooppunt.routing.message.repository.StoredMessage;
import nl.knooppunt.routing.metrics.RoutingMetrics;

/**
 * Several recipients' mailboxes as one, for a system acting for all of them (ADR 0038): list (optionally with the
 * ciphertexts, marking the page fetched) and acknowledge, each with one statement and with exactly the outcomes of
 * {@link MailboxService} for each message.
 */
@ApplicationScoped
public class CombinedMailboxService {

    private static final Logger LOG = Logger.getLogger(CombinedMailboxService.class);

    private final CombinedMailboxRepository repository;
    private final RoutingMetrics metrics;

    public CombinedMailboxService(CombinedMailboxRepository repository, RoutingMetrics metrics) {
        this.repository = repository;
        this.metrics = metrics;
    }

    /**
     * Waiting messages of all the recipients matching the filter, in delivery order (delivered at, id) after the
     * cursor message (exclusive), which must be in one of these mailboxes.
     */
    public Uni<MailboxPage> list(List<UUID> recipients, MailboxFilter filter, UUID after, int limit) {
        return repository.listWaiting(recipients, filter, after, limit + 1)
                .call(rows -> checkCursor(recipients, after, rows.isEmpty()))
                .map(rows -> page(rows, limit));
    }

    /**
     * The same page as {@link #list}, each message with its payload, and every message on it marked fetched as the
     * single fetch marks it: one statement, and a fetched event for each message fetched for the first time.
     */
    public Uni<MailboxPage> listWithContent(List<UUID> recipients, MailboxFilter filter, UUID after, int limit) {
        return repository.listWaitingAndMarkFetched(recipients, filter, after, limit)
                .call(rows -> checkCursor(recipients, after, rows.isEmpty()))
                .map(rows -> {
                    List<StoredMessage> fetched = rows.stream().filter(Touched::changed).map(Touched::message)
                            .toList();
                    fetched.forEach(metrics::fetched);
                    if (!fetched.isEmpty()) {
                        LOG.debugf("%d message(s) fetched in a listing of %d mailbox(es)", fetched.size(),
                                recipients.size());
                    }
                    return page(rows.stream().map(Touched::message).toList(), limit);
                });
    }

    /**
     * Acknowledges many messages at once with one statement, each as the single acknowledgement would: a message of
     * one of these mailboxes that waits or was acknowledged before is acknowledged, one past its retention expired,
     * and any other id (unknown, or a message to anyone else) not found.
     */
    public Uni<Acknowledgements> acknowledgeAll(List<UUID> recipients, List<UUID> ids) {
        return repository.acknowledgeAll(recipients, ids).map(rows -> {
            Map<UUID, Touched> byId = new HashMap<>();
            rows.forEach(row -> byId.put(row.message().id(), row));
            Instant now = Instant.now();
            List<UUID> acknowledged = new ArrayList<>();
            List<UUID> expired = new ArrayList<>();
            List<UUID> notFound = new ArrayList<>();
            int changed = 0;
            for (UUID id : ids) {
                Touched row = byId.get(id);
                if (row == null) {
                    notFound.add(id);
                } else if (row.changed()) {
                    acknowledged.add(id);
                    changed++;
                    metrics.acknowledged(row.message());
                } else if (row.message().isExpired(now)) {
                    expired.add(id);
                } else {
                    acknowledged.add(id);
                }
            }
            LOG.debugf("%d message(s) acknowledged across %d mailbox(es), ciphertexts removed", changed,
                    recipients.size());
            return new Acknowledgements(acknowledged, expired, notFound);
        });
    }

    /**
     * An empty page after a cursor may mean the cursor is no message of these mailboxes (the statement then finds no
     * position): only then is it looked up, and a stranger's cursor is a 400.
     */
    private Uni<Void> checkCursor(List<UUID> recipients, UUID after, boolean emptyPage) {
        if (after == null || !emptyPage) {
            return Uni.createFrom().voidItem();
        }
        return repository.isMessageOf(recipients, after).invoke(known -> {
            if (!known) {
                throw ProblemException.badRequest("the cursor 'after' is not a message of these mailboxes");
            }
        }).replaceWithVoid();
    }

    private static MailboxPage page(List<StoredMessage> rows, int limit) {
        boolean more = rows.size() > limit;
        List<StoredMessage> page = more ? rows.subList(0, limit) : rows;
        return new MailboxPage(List.copyOf(page), more ? page.get(page.size() - 1).id() : null);
    }
}
