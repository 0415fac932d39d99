package nl.knooppunt.registry.participant.service;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgException;
import nl.knooppunt.registry.audit.service.ChangeLog;
import nl.knooppunt.registry.audit.service.ChangeLog.Change;
import nl.knooppunt.registry.audit.service.ChangeLog.Effect;
import nl.knooppunt.registry.outbox.OutboxFilled;
import nl.knooppunt.registry.participant.repository.Participant;
import nl.knooppunt.registry.participant.repository.ParticipantQueries;
import nl.knooppunt.registry.participant.repository.ParticipantStatus;
import nl.knooppunt.kit.problem.ProblemException;
import nl.knooppunt.registry.security.Actor;
import nl.knooppunt.registry.webhook.service.WebhookSecrets;
import nl.knooppunt.standard.catalogue.ParticipantKind;

/**
 * Operator changes to participants: create, update, status, modules, delivery preference and removal. Each runs in
 * one transaction with its audit event and snapshot outbox entry, and fires {@link OutboxFilled} after commit.
 */
@ApplicationScoped
public class ParticipantChanges {

    private static final String UNIQUE_VIOLATION = "23505";
    private static final Map<ParticipantStatus, Set<ParticipantStatus>> TRANSITIONS = Map.of(
            ParticipantStatus.ONBOARDING, EnumSet.of(ParticipantStatus.ACTIVE, ParticipantStatus.LEFT),
            ParticipantStatus.ACTIVE, EnumSet.of(ParticipantStatus.SUSPENDED, ParticipantStatus.LEFT),
            ParticipantStatus.SUSPENDED, EnumSet.of(ParticipantStatus.ACTIVE, ParticipantStatus.LEFT),
            ParticipantStatus.LEFT, EnumSet.noneOf(ParticipantStatus.class));

    private final Pool pool;
    private final ParticipantQueries queries;
    private final ChangeLog changes;
    private final Event<OutboxFilled> outboxFilled;
    private final WebhookSecrets webhookSecrets;

    public ParticipantChanges(Pool pool, ParticipantQueries queries, ChangeLog changes,
            Event<OutboxFilled> outboxFilled, WebhookSecrets webhookSecrets) {
        this.pool = pool;
        this.queries = queries;
        this.changes = changes;
        this.outboxFilled = outboxFilled;
        this.webhookSecrets = webhookSecrets;
    }

    /**
     * A participant as a change left it, with the webhook signing secret the change issued (shown once, ADR 0037).
     *
     * @param participant   the participant as it is now
     * @param webhookSecret the secret issued by this change, or empty
     */
    public record Changed(Participant participant, Optional<WebhookSecrets.Issued> webhookSecret) {
    }

    /**
     * Registers a new participant (status onboarding unless given), with optional modules and delivery; a webhook
     * delivery gets its first signing secret.
     */
    public Uni<Changed> create(ParticipantRules.MasterData data, ParticipantStatus status, List<String> modules,
            ParticipantRules.Delivery delivery, Actor actor) {
        if (status != ParticipantStatus.ONBOARDING && status != ParticipantStatus.ACTIVE) {
            throw ProblemException.badRequest("invalid-participant", "Invalid participant data",
                    "a new participant starts as onboarding or active");
        }
        modules.forEach(m -> checkModule(data.kind(), m));
        UUID id = UUID.randomUUID();
        return write(tx -> tx.preparedQuery("insert into participant (id, oin, kvk, kvk_branch, name, kind, sector, "
                                + "status, contact_email, delivery_mode, webhook_url) "
                                + "values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)")
                        .execute(Tuple.from(java.util.Arrays.asList(id, data.oin(), data.kvk(), data.kvkBranch(),
                                data.name(), data.kind().apiName(), data.sector(), status.apiName(),
                                data.contactEmail(), delivery.mode(), delivery.url())))
                        .onFailure(PgException.class).transform(e -> duplicateOin((PgException) e, data.oin()))
                        .flatMap(x -> insertModules(tx, id, modules, actor))
                        .flatMap(x -> changes.record(tx, new Change(id, null, actor, "participant.created",
                                ChangeLog.detail("oin", data.oin(), "kvk", data.kvk(), "kvkBranch", data.kvkBranch(),
                                        "name", data.name(), "kind", data.kind().apiName(), "sector", data.sector(),
                                        "status", status.apiName(), "contactEmail", data.contactEmail(),
                                        "modules", modules, "delivery", delivery.mode(), "webhookUrl", delivery.url()),
                                Effect.PUBLISH)))
                        .flatMap(x -> secretFor(tx, id, delivery, actor))
                        .flatMap(secret -> queries.byId(tx, id).map(p -> new Changed(p, secret))));
    }

    /** Replaces a participant's master data; a new kind must allow every module switched on. */
    public Uni<Participant> update(UUID id, ParticipantRules.MasterData data, Actor actor) {
        return write(tx -> existing(tx, id).flatMap(current -> {
            current.modules().forEach(m -> {
                if (!KindModules.allowed(data.kind(), m)) {
                    throw ProblemException.unprocessable("module-not-allowed", "Module not allowed for this kind",
                            "module " + m + " is switched on and a " + data.kind().apiName()
                                    + " may not use it; switch it off first");
                }
            });
            return tx.preparedQuery("update participant set oin = $2, kvk = $3, kvk_branch = $4, name = $5, kind = $6, "
                            + "sector = $7, contact_email = $8 where id = $1")
                    .execute(Tuple.from(java.util.Arrays.asList(id, data.oin(), data.kvk(), data.kvkBranch(),
                            data.name(), data.kind().apiName(), data.sector(), data.contactEmail())))
                    .onFailure(PgException.class).transform(e -> duplicateOin((PgException) e, data.oin()))
                    .flatMap(x -> changes.record(tx, new Change(id, null, actor, "participant.updated",
                            ChangeLog.detail("oin", data.oin(), "kvk", data.kvk(), "kvkBranch", data.kvkBranch(),
                                    "name", data.name(), "kind", data.kind().apiName(), "sector", data.sector(),
                                    "contactEmail", data.contactEmail()),
                            Effect.BUMP_AND_PUBLISH)));
        }).flatMap(x -> queries.byId(tx, id)));
    }

    /** Moves a participant to another status; {@code left} is final. */
    public Uni<Participant> changeStatus(UUID id, ParticipantStatus status, String reason, Actor actor) {
        return write(tx -> existing(tx, id).flatMap(current -> {
            if (current.status() == status) {
                return Uni.createFrom().voidItem();
            }
            if (!TRANSITIONS.get(current.status()).contains(status)) {
                throw ProblemException.conflict("status-transition", "Status change not possible",
                        "a participant that is " + current.status().apiName() + " cannot become " + status.apiName());
            }
            return tx.preparedQuery("update participant set status = $2 where id = $1")
                    .execute(Tuple.of(id, status.apiName()))
                    .flatMap(x -> changes.record(tx, new Change(id, null, actor, "participant.status-changed",
                            ChangeLog.detail("from", current.status().apiName(), "to", status.apiName(), "reason", reason),
                            Effect.BUMP_AND_PUBLISH)));
        }).flatMap(x -> queries.byId(tx, id)));
    }

    /**
     * Marks a participant as simulated or not (idempotent): its own system is then the sandbox counterpart (ADR 0048).
     * Only where the environment permits it ({@code knooppunt.sandbox.enabled}); a production hub refuses with 409.
     */
    public Uni<Participant> markSimulated(UUID id, boolean simulated, boolean sandboxEnabled, Actor actor) {
        if (simulated && !sandboxEnabled) {
            throw ProblemException.conflict("sandbox-disabled", "Sandbox not enabled",
                    "this hub runs no sandbox (knooppunt.sandbox.enabled is off): no participant can be simulated");
        }
        return write(tx -> existing(tx, id).flatMap(current -> {
            if (current.simulated() == simulated) {
                return Uni.createFrom().voidItem();
            }
            return tx.preparedQuery("update participant set simulated = $2 where id = $1")
                    .execute(Tuple.of(id, simulated))
                    .flatMap(x -> changes.record(tx, new Change(id, null, actor, "participant.simulated-changed",
                            ChangeLog.detail("simulated", simulated), Effect.BUMP_AND_PUBLISH)));
        }).flatMap(x -> queries.byId(tx, id)));
    }

    /** Switches a module on (idempotent); only modules of the catalogue its kind may use. */
    public Uni<Participant> switchOn(UUID id, String module, Actor actor) {
        return write(tx -> existing(tx, id).flatMap(current -> {
            checkModule(current.kind(), module);
            if (current.modules().contains(module)) {
                return Uni.createFrom().voidItem();
            }
            return insertModules(tx, id, List.of(module), actor)
                    .flatMap(x -> changes.record(tx, new Change(id, null, actor, "module.switched-on",
                            ChangeLog.detail("module", module), Effect.BUMP_AND_PUBLISH)));
        }).flatMap(x -> queries.byId(tx, id)));
    }

    /** Switches a module off (idempotent). */
    public Uni<Participant> switchOff(UUID id, String module, Actor actor) {
        return write(tx -> existing(tx, id).flatMap(current -> {
            if (!current.modules().contains(module)) {
                return Uni.createFrom().voidItem();
            }
            return tx.preparedQuery("delete from participant_module where participant_id = $1 and module = $2")
                    .execute(Tuple.of(id, module))
                    .flatMap(x -> changes.record(tx, new Change(id, null, actor, "module.switched-off",
                            ChangeLog.detail("module", module), Effect.BUMP_AND_PUBLISH)));
        }).flatMap(x -> queries.byId(tx, id)));
    }

    /**
     * Sets the delivery preference. A webhook delivery gets a signing secret when the participant has no valid one
     * (its first webhook); a changed URL, or a switch to the mailbox, keeps the secrets, since pushes already due are
     * still sent and signed.
     */
    public Uni<Changed> changeDelivery(UUID id, ParticipantRules.Delivery delivery, Actor actor) {
        return write(tx -> existing(tx, id).flatMap(current -> {
            if (delivery.mode().equals(current.deliveryMode())
                    && java.util.Objects.equals(delivery.url(), current.webhookUrl())) {
                return Uni.createFrom().voidItem();
            }
            return tx.preparedQuery("update participant set delivery_mode = $2, webhook_url = $3 where id = $1")
                    .execute(Tuple.of(id, delivery.mode(), delivery.url()))
                    .flatMap(x -> changes.record(tx, new Change(id, null, actor, "delivery.changed",
                            ChangeLog.detail("mode", delivery.mode(), "webhookUrl", delivery.url()),
                            Effect.BUMP_AND_PUBLISH)));
        }).flatMap(x -> secretFor(tx, id, delivery, actor))
                .flatMap(secret -> queries.byId(tx, id).map(p -> new Changed(p, secret))));
    }

    private Uni<Optional<WebhookSecrets.Issued>> secretFor(SqlClient tx, UUID id, ParticipantRules.Delivery delivery,
            Actor actor) {
        return "webhook".equals(delivery.mode()) ? webhookSecrets.issueIfNone(tx, id, actor)
                : Uni.createFrom().item(Optional.empty());
    }

    /** Removes a participant registered by mistake (only while onboarding); its snapshot becomes a tombstone. */
    public Uni<Void> remove(UUID id, Actor actor) {
        return write(tx -> existing(tx, id).flatMap(current -> {
            if (current.status() != ParticipantStatus.ONBOARDING) {
                throw ProblemException.conflict("not-removable", "Participant cannot be removed",
                        "only a participant that is still onboarding can be removed; set the status to left instead");
            }
            return tx.preparedQuery("delete from participant where id = $1").execute(Tuple.of(id))
                    .flatMap(x -> changes.record(tx, new Change(id, null, actor, "participant.removed",
                            ChangeLog.detail("oin", current.oin(), "name", current.name()), Effect.PUBLISH)));
        }));
    }

    /** Runs {@code work} in a transaction and fires {@link OutboxFilled} once it committed. */
    public <T> Uni<T> write(java.util.function.Function<SqlClient, Uni<T>> work) {
        return pool.withTransaction(tx -> work.apply(tx)).invoke(x -> outboxFilled.fire(OutboxFilled.INSTANCE));
    }

    /** The participant, locked until the transaction ends; 404 when unknown. */
    public Uni<Participant> existing(SqlClient tx, UUID id) {
        return queries.byIdForUpdate(tx, id)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("no participant with id " + id));
    }

    private static void checkModule(ParticipantKind kind, String module) {
        if (!KindModules.inCatalogue(module)) {
            throw ProblemException.unprocessable("unknown-module", "Unknown module",
                    "module " + module + " is not in the standard");
        }
        if (!KindModules.allowed(kind, module)) {
            throw ProblemException.unprocessable("module-not-allowed", "Module not allowed for this kind",
                    "a " + kind.apiName() + " may not use module " + module + "; allowed: "
                            + String.join(", ", KindModules.available(kind)));
        }
    }

    private static Uni<Void> insertModules(SqlClient tx, UUID id, List<String> modules, Actor actor) {
        if (modules.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return tx.preparedQuery("insert into participant_module (participant_id, module, enabled_by, enabled_at) "
                        + "values ($1, $2, $3, now()) on conflict do nothing")
                .executeBatch(modules.stream().map(m -> Tuple.of(id, m, actor.subject())).toList())
                .replaceWithVoid();
    }

    private static Throwable duplicateOin(PgException e, String oin) {
        if (UNIQUE_VIOLATION.equals(e.getSqlState())) {
            return ProblemException.conflict("duplicate-oin", "OIN already registered",
                    "a participant with OIN " + oin + " is already registered");
        }
        return e;
    }
}
