package nl.knooppunt.routing.idempotency.repository;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/** Idempotency keys of submissions, per sender: the body digest and the first result. */
@ApplicationScoped
public class IdempotencyRepository {

    private final Pool pool;

    public IdempotencyRepository(Pool pool) {
        this.pool = pool;
    }

    /**
     * Claims the key for a body: {@code claimed} when new (or its earlier use is older than {@code staleBefore}) or
     * when the same body's claim is still open and was made at or before {@code leaseBefore} (its holder is taken
     * to have given up; {@code null}: never), else what is stored. {@code since} is when the key's current use
     * began; it does not change when an open claim is taken over.
     */
    public Uni<Claim> claim(UUID sender, String key, String digest, Instant now, Instant staleBefore,
            Instant leaseBefore) {
        return pool.preparedQuery("INSERT INTO idempotency_key (sender, key, body_digest, result, created_at)"
                + " VALUES ($1, $2, $3, NULL, $4) ON CONFLICT (sender, key) DO UPDATE"
                + " SET body_digest = EXCLUDED.body_digest, result = NULL, created_at = EXCLUDED.created_at"
                + " WHERE idempotency_key.created_at <= $5 RETURNING created_at")
                .execute(Tuple.of(sender, key, digest, now.atOffset(ZoneOffset.UTC),
                        staleBefore.atOffset(ZoneOffset.UTC)))
                .chain(rows -> {
                    if (rows.size() > 0) {
                        return Uni.createFrom().item(new Claim(Claim.Outcome.CLAIMED, null,
                                since(rows.iterator().next().getOffsetDateTime("created_at"))));
                    }
                    return pool.preparedQuery("SELECT body_digest, result, created_at FROM idempotency_key"
                            + " WHERE sender = $1 AND key = $2")
                            .execute(Tuple.of(sender, key))
                            .map(found -> {
                                var it = found.iterator();
                                if (!it.hasNext()) {
                                    return new Claim(Claim.Outcome.IN_PROGRESS, null, null);
                                }
                                var row = it.next();
                                if (!digest.equals(row.getString("body_digest"))) {
                                    return new Claim(Claim.Outcome.MISMATCH, null, null);
                                }
                                String result = row.getString("result");
                                String since = since(row.getOffsetDateTime("created_at"));
                                if (result != null) {
                                    return new Claim(Claim.Outcome.COMPLETED, result, since);
                                }
                                boolean abandoned = leaseBefore != null
                                        && !row.getOffsetDateTime("created_at").toInstant().isAfter(leaseBefore);
                                return abandoned ? new Claim(Claim.Outcome.CLAIMED, null, since)
                                        : new Claim(Claim.Outcome.IN_PROGRESS, null, null);
                            });
                });
    }

    private static String since(java.time.OffsetDateTime createdAt) {
        return createdAt.toInstant().toString();
    }

    /** Stores the first result of a claimed key. */
    public Uni<Boolean> complete(UUID sender, String key, String digest, String result) {
        return pool.preparedQuery("UPDATE idempotency_key SET result = $4"
                + " WHERE sender = $1 AND key = $2 AND body_digest = $3 AND result IS NULL")
                .execute(Tuple.of(sender, key, digest, result)).map(rows -> rows.rowCount() > 0);
    }

    /** Gives up a claimed key without a result (the submission failed), so it can be used again. */
    public Uni<Void> release(UUID sender, String key, String digest) {
        return pool.preparedQuery("DELETE FROM idempotency_key"
                + " WHERE sender = $1 AND key = $2 AND body_digest = $3 AND result IS NULL")
                .execute(Tuple.of(sender, key, digest)).replaceWithVoid();
    }

    /** Forgets keys first used at or before the instant. */
    public Uni<Void> purge(Instant before) {
        return pool.preparedQuery("DELETE FROM idempotency_key WHERE created_at <= $1")
                .execute(Tuple.of(before.atOffset(ZoneOffset.UTC))).replaceWithVoid();
    }

    /**
     * What a claim found.
     *
     * @param result the stored first result (JSON text), when completed
     * @param since  when the key's current use began (claimed or completed), stable across takeovers
     */
    public record Claim(Outcome outcome, String result, String since) {

        /** claimed: go ahead; completed: answer the stored result; mismatch: another body; in-progress: wait. */
        public enum Outcome {
            CLAIMED, COMPLETED, MISMATCH, IN_PROGRESS
        }
    }
}
