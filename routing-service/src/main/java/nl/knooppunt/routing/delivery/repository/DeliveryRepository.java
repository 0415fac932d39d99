package nl.knooppunt.routing.delivery.repository;

import static nl.knooppunt.routing.message.repository.MessageRows.NEXT_SEQ;
import static nl.knooppunt.routing.message.repository.MessageRows.utc;

import java.net.URI;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import nl.knooppunt.routing.message.repository.NewMessage;

/**
 * Stores delivered messages in the message table (on the caller's transaction): one statement per consumed batch, idempotent on the message id,
 * each row with its accepted (and, for the mailbox, delivered) feed event and its reply deadline (ADR 0036, 0041).
 */
@ApplicationScoped
public class DeliveryRepository {

    /**
     * One new message of a batch and where it goes: the mailbox ({@code webhook} null, reaching it at
     * {@code deliveredAt}) or a push to {@code webhook}, due at {@code deliveredAt}; a request with a reply period
     * carries its reply deadline ({@code remindAt}, {@code dueAt}; both null otherwise).
     */
    public record NewRow(NewMessage message, Instant expiresAt, URI webhook, Instant deliveredAt, Instant remindAt,
            Instant dueAt) {
    }

    /**
     * Stores a batch of new messages with one statement on the given client (a transaction's connection), in the
     * batch's order, each with its accepted (and, for the mailbox, delivered) feed event and its reply deadline in the
     * row; an id stored before, or twice in the batch, is skipped. Answers the ids that were new.
     */
    public Uni<Set<UUID>> insertAll(SqlClient client, List<NewRow> rows) {
        if (rows.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        int n = rows.size();
        UUID[] id = new UUID[n];
        UUID[] conversation = new UUID[n];
        UUID[] inReplyTo = new UUID[n];
        String[] module = new String[n];
        String[] type = new String[n];
        UUID[] sender = new UUID[n];
        UUID[] recipient = new UUID[n];
        String[] payload = new String[n];
        String[] status = new String[n];
        OffsetDateTime[] submitted = new OffsetDateTime[n];
        OffsetDateTime[] delivered = new OffsetDateTime[n];
        OffsetDateTime[] expires = new OffsetDateTime[n];
        String[] mode = new String[n];
        String[] webhook = new String[n];
        OffsetDateTime[] nextAttempt = new OffsetDateTime[n];
        OffsetDateTime[] remindAt = new OffsetDateTime[n];
        OffsetDateTime[] dueAt = new OffsetDateTime[n];
        for (int i = 0; i < n; i++) {
            NewRow row = rows.get(i);
            NewMessage m = row.message();
            boolean push = row.webhook() != null;
            id[i] = m.id();
            conversation[i] = m.conversationId();
            inReplyTo[i] = m.inReplyTo();
            module[i] = m.module();
            type[i] = m.type();
            sender[i] = m.sender();
            recipient[i] = m.recipient();
            payload[i] = m.payload();
            status[i] = push ? "accepted" : "delivered";
            submitted[i] = utc(m.submittedAt());
            delivered[i] = push ? null : utc(row.deliveredAt());
            expires[i] = utc(row.expiresAt());
            mode[i] = push ? "webhook" : "mailbox";
            webhook[i] = push ? row.webhook().toString() : null;
            nextAttempt[i] = push ? utc(row.deliveredAt()) : null;
            remindAt[i] = utc(row.remindAt());
            dueAt[i] = utc(row.dueAt());
        }
        String columns = "id, conversation_id, in_reply_to, module, type, sender, recipient, payload, status,"
                + " submitted_at, delivered_at, expires_at, delivery_mode, webhook_url, next_attempt_at, remind_at,"
                + " due_at";
        return client.preparedQuery("WITH input AS (SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[],"
                + " $4::text[], $5::text[], $6::uuid[], $7::uuid[], $8::text[], $9::text[], $10::timestamptz[],"
                + " $11::timestamptz[], $12::timestamptz[], $13::text[], $14::text[], $15::timestamptz[],"
                + " $16::timestamptz[], $17::timestamptz[]) WITH ORDINALITY AS i(" + columns + ", ord)),"
                + " ordered AS (SELECT " + columns + " FROM input ORDER BY ord)"
                + " INSERT INTO message (" + columns + ", accepted_seq, delivered_seq) SELECT " + columns + ", "
                + NEXT_SEQ + ", CASE WHEN status = 'delivered' THEN " + NEXT_SEQ + " END FROM ordered"
                + " ON CONFLICT (id) DO NOTHING RETURNING id")
                .execute(Tuple.from(new Object[] { id, conversation, inReplyTo, module, type, sender, recipient,
                        payload, status, submitted, delivered, expires, mode, webhook, nextAttempt, remindAt,
                        dueAt }))
                .map(result -> {
                    Set<UUID> inserted = new HashSet<>();
                    result.forEach(row -> inserted.add(row.getUUID("id")));
                    return inserted;
                });
    }
}
