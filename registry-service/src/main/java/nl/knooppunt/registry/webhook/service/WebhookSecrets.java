package nl.knooppunt.registry.webhook.service;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;

import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import nl.knooppunt.registry.RegistryConfig;
import nl.knooppunt.registry.audit.service.ChangeLog;
import nl.knooppunt.registry.audit.service.ChangeLog.Change;
import nl.knooppunt.registry.audit.service.ChangeLog.Effect;
import nl.knooppunt.registry.outbox.OutboxFilled;
import nl.knooppunt.kit.problem.ProblemException;
import nl.knooppunt.registry.security.Actor;

/**
 * The Standard Webhooks signing secrets of push subscribers (ADR 0037): issued here, shown once in the answer of the
 * call that issued them, stored only sealed ({@link WebhookSecretSeal}), read back only by routing-service. A new
 * secret ends the participant's older ones: the newest older one keeps signing for the rotation overlap, any other at
 * once, so at most two are valid at a time. Never part of a participant snapshot, an audit detail or a log line; a
 * rotation only bumps the participant's snapshot version, which tells routing-service to read the secrets again.
 */
@ApplicationScoped
public class WebhookSecrets {

    /** The prefix of a secret as Standard Webhooks writes it: {@code whsec_} + base64 of its bytes. */
    public static final String PREFIX = "whsec_";

    private static final Logger LOG = Logger.getLogger(WebhookSecrets.class);

    private final Pool pool;
    private final ChangeLog log;
    private final WebhookSecretSeal seal;
    private final Event<OutboxFilled> outboxFilled;
    private final RegistryConfig.WebhookSecrets config;
    private final SecureRandom random = new SecureRandom();

    public WebhookSecrets(Pool pool, ChangeLog log, WebhookSecretSeal seal,
            Event<OutboxFilled> outboxFilled, RegistryConfig config) {
        this.pool = pool;
        this.log = log;
        this.seal = seal;
        this.outboxFilled = outboxFilled;
        this.config = config.webhookSecrets();
        if (this.config.bytes() < 24 || this.config.bytes() > 64) {
            throw new IllegalArgumentException("knooppunt.registry.webhook-secrets.bytes must be between 24 and 64");
        }
    }

    /**
     * A secret just issued; its only appearance outside the database.
     *
     * @param secret             {@code whsec_} + base64 of the secret's bytes
     * @param issuedAt           when it was issued
     * @param previousValidUntil when the secret before it stops signing pushes, or null when there was none
     */
    public record Issued(String secret, OffsetDateTime issuedAt, OffsetDateTime previousValidUntil) {

        @Override
        public String toString() {
            return "Issued[secret=<redacted>, issuedAt=" + issuedAt + ", previousValidUntil=" + previousValidUntil + "]";
        }
    }

    /**
     * A secret that signs pushes now.
     *
     * @param secret   {@code whsec_} + base64 of its bytes
     * @param notAfter when it stops signing, or null while no newer secret exists
     */
    public record Valid(String secret, OffsetDateTime notAfter) {

        @Override
        public String toString() {
            return "Valid[secret=<redacted>, notAfter=" + notAfter + "]";
        }
    }

    /**
     * Issues the participant's first secret, inside the caller's transaction, when no secret of it is valid (the
     * delivery became a webhook); empty when one is, so a changed webhook URL keeps its secret.
     */
    public Uni<Optional<Issued>> issueIfNone(SqlClient tx, UUID participantId, Actor actor) {
        return tx.preparedQuery("select 1 from webhook_secret where participant_id = $1 "
                        + "and (not_after is null or not_after > now()) limit 1")
                .execute(Tuple.of(participantId))
                .flatMap(rows -> rows.size() > 0 ? Uni.createFrom().item(Optional.<Issued>empty())
                        : issue(tx, participantId, Duration.ZERO, actor, "delivery", Effect.AUDIT_ONLY)
                                .map(Optional::of));
    }

    /**
     * An operator's rotation: a new secret, and the previous one keeps signing for {@code overlap} (null: the
     * configured default). The participant's snapshot gets a new version (and nothing else), so routing-service reads
     * the secrets again at once instead of after its cache lifetime.
     *
     * @throws ProblemException 404 for an unknown participant, 400 for an overlap out of range
     */
    public Uni<Issued> rotate(UUID participantId, Duration overlap, Actor actor) {
        Duration chosen = overlap == null ? config.overlap() : overlap;
        if (chosen.isNegative() || chosen.compareTo(config.maxOverlap()) > 0) {
            throw ProblemException.invalidParameter("overlap must be between PT0S and " + config.maxOverlap());
        }
        return pool.withTransaction(tx -> tx.preparedQuery("select 1 from participant where id = $1 for update")
                .execute(Tuple.of(participantId))
                .flatMap(locked -> {
                    if (locked.size() == 0) {
                        throw ProblemException.notFound("no participant with id " + participantId);
                    }
                    return issue(tx, participantId, chosen, actor, "operator", Effect.BUMP_AND_PUBLISH);
                }))
                .invoke(issued -> outboxFilled.fire(OutboxFilled.INSTANCE));
    }

    /** The secrets that sign the participant's pushes now, newest first; 404 when the participant is unknown. */
    public Uni<List<Valid>> valid(UUID participantId) {
        return pool.preparedQuery("select p.id, s.id, s.sealed_with, s.nonce, s.sealed, s.not_after "
                        + "from participant p left join webhook_secret s on s.participant_id = p.id "
                        + "and (s.not_after is null or s.not_after > now()) "
                        + "where p.id = $1 order by s.created_at desc")
                .execute(Tuple.of(participantId))
                .map(rows -> {
                    if (rows.size() == 0) {
                        throw ProblemException.notFound("no participant with id " + participantId);
                    }
                    List<Valid> valid = new ArrayList<>();
                    for (Row row : rows) {
                        UUID secretId = row.getUUID(1);
                        if (secretId != null) {
                            byte[] secret = seal.open(participantId, secretId, new WebhookSecretSeal.Sealed(
                                    row.getString(2), row.getBuffer(3).getBytes(), row.getBuffer(4).getBytes()));
                            valid.add(new Valid(text(secret), row.getOffsetDateTime(5)));
                        }
                    }
                    return valid;
                });
    }

    private Uni<Issued> issue(SqlClient tx, UUID participantId, Duration overlap, Actor actor, String reason,
            Effect effect) {
        byte[] secret = new byte[config.bytes()];
        random.nextBytes(secret);
        UUID secretId = UUID.randomUUID();
        WebhookSecretSeal.Sealed sealed = seal.seal(participantId, secretId, secret);
        double seconds = overlap.toMillis() / 1000.0;
        return tx.preparedQuery("delete from webhook_secret where participant_id = $1 and not_after <= now()")
                .execute(Tuple.of(participantId))
                .flatMap(x -> tx.preparedQuery("with ranked as (select id, row_number() over (order by created_at desc) "
                                + "as n from webhook_secret where participant_id = $1 "
                                + "and (not_after is null or not_after > now())) "
                                + "update webhook_secret w set not_after = case when r.n = 1 then least("
                                + "coalesce(w.not_after, 'infinity'::timestamptz), now() + make_interval(secs => $2)) "
                                + "else now() end from ranked r where w.id = r.id returning r.n, w.not_after")
                        .execute(Tuple.of(participantId, seconds)))
                .flatMap(ended -> {
                    OffsetDateTime previousUntil = null;
                    for (Row row : ended) {
                        if (row.getLong(0) == 1) {
                            previousUntil = row.getOffsetDateTime(1);
                        }
                    }
                    OffsetDateTime previous = previousUntil;
                    return tx.preparedQuery("insert into webhook_secret (id, participant_id, sealed_with, nonce, sealed) "
                                    + "values ($1, $2, $3, $4, $5) returning created_at")
                            .execute(Tuple.of(secretId, participantId, sealed.sealedWith(),
                                    Buffer.buffer(sealed.nonce()), Buffer.buffer(sealed.sealed())))
                            .flatMap(inserted -> {
                                OffsetDateTime issuedAt = inserted.iterator().next().getOffsetDateTime(0);
                                return log.record(tx, new Change(participantId, null, actor, "webhook-secret.issued",
                                                ChangeLog.detail("reason", reason, "overlapSeconds",
                                                        overlap.toSeconds(), "previousValidUntil",
                                                        previous == null ? null : previous.toInstant().toString()),
                                                effect))
                                        .invoke(() -> LOG.infof("issued a webhook signing secret for participant %s "
                                                + "(%s); %s", participantId, reason, previous == null
                                                        ? "no earlier secret signs any more"
                                                        : "the previous one signs until " + previous.toInstant()))
                                        .map(y -> new Issued(text(secret), issuedAt, previous));
                            });
                });
    }

    private static String text(byte[] secret) {
        return PREFIX + Base64.getEncoder().encodeToString(secret);
    }
}
