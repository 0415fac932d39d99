package nl.knooppunt.registry.participant.repository;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import nl.knooppunt.registry.participant.service.Participant;
import nl.knooppunt.registry.participant.service.ParticipantFilter;
import nl.knooppunt.registry.participant.service.ParticipantPage;
import nl.knooppunt.standard.catalogue.ParticipantKind;

/** Reads participants with their modules and current keys in plain SQL (directory search, snapshots, changes). */
@ApplicationScoped
public class ParticipantQueries {

    private static final String COLUMNS = "p.id, p.oin, p.kvk, p.kvk_branch, p.name, p.kind, p.sector, p.status, "
            + "p.contact_email, p.delivery_mode, p.webhook_url, p.version, p.updated_at";
    private static final String ORDER = " order by lower(p.name), p.id";
    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+");
    private static final int MAX_WORDS = 8;
    /** An OIN (20 digits) or KvK number (8 digits): searched as such, not in names. */
    private static final Pattern IDENTIFIER = Pattern.compile("[0-9]{8}|[0-9]{20}");
    /** Matches are counted up to this number; a search finding more says its total is a lower bound. */
    public static final int MAX_COUNT = 1000;

    /**
     * One page of the participants matching {@code filter}, by name, with the number of matches (counted up to
     * {@value #MAX_COUNT}; page and count run side by side on two connections when {@code client} is the pool).
     */
    public Uni<ParticipantPage> search(SqlClient client, ParticipantFilter filter, int page, int size) {
        List<String> conditions = new ArrayList<>();
        List<Object> params = new ArrayList<>();
        if (filter.q() != null) {
            String words = IDENTIFIER.matcher(filter.q()).matches() ? null : prefixQuery(filter.q());
            params.add(filter.q());
            String exact = "p.oin = $" + params.size() + " or p.kvk = $" + params.size();
            if (words == null) {
                conditions.add("(" + exact + ")");
            } else {
                params.add(words);
                conditions.add("(p.name_search @@ to_tsquery('simple', $" + params.size() + ") or " + exact + ")");
            }
        }
        if (filter.name() != null) {
            String words = prefixQuery(filter.name());
            if (words == null) {
                conditions.add("false");
            } else {
                params.add(words);
                conditions.add("p.name_search @@ to_tsquery('simple', $" + params.size() + ")");
            }
        }
        if (filter.oin() != null) {
            params.add(filter.oin());
            conditions.add("p.oin = $" + params.size());
        }
        if (filter.kvk() != null) {
            params.add(filter.kvk());
            conditions.add("p.kvk = $" + params.size());
        }
        if (filter.kind() != null) {
            params.add(filter.kind());
            conditions.add("p.kind = $" + params.size());
        }
        if (filter.status() != null) {
            params.add(filter.status());
            conditions.add("p.status = $" + params.size());
        }
        if (filter.module() != null) {
            params.add(filter.module());
            conditions.add("exists (select 1 from participant_module m where m.participant_id = p.id and m.module = $"
                    + params.size() + ")");
        }
        String where = conditions.isEmpty() ? "" : " where " + String.join(" and ", conditions);
        Tuple countParams = Tuple.from(params);
        List<Object> pageParams = new ArrayList<>(params);
        pageParams.add(size);
        pageParams.add((long) page * size);
        String pageSql = "select " + COLUMNS + " from participant p" + where + ORDER + " limit $"
                + (pageParams.size() - 1) + " offset $" + pageParams.size();
        Uni<List<Participant>> items = client.preparedQuery(pageSql).execute(Tuple.from(pageParams))
                .flatMap(rows -> complete(client, rows));
        Uni<Long> count = client.preparedQuery("select count(*) from (select 1 from participant p" + where
                        + " limit " + (MAX_COUNT + 1) + ") matches")
                .execute(countParams)
                .map(rows -> rows.iterator().next().getLong(0));
        return Uni.combine().all().unis(items, count).asTuple()
                .map(both -> new ParticipantPage(both.getItem1(), page, size, Math.min(both.getItem2(), MAX_COUNT),
                        both.getItem2() <= MAX_COUNT));
    }

    /** The participant with this id, or null. */
    public Uni<Participant> byId(SqlClient client, UUID id) {
        return one(client, "p.id = $1", Tuple.of(id));
    }

    /** The participant with this id, locked for the rest of the transaction, or null. */
    public Uni<Participant> byIdForUpdate(SqlClient client, UUID id) {
        return client.preparedQuery("select " + COLUMNS + " from participant p where p.id = $1 for update")
                .execute(Tuple.of(id))
                .flatMap(rows -> complete(client, rows))
                .map(list -> list.isEmpty() ? null : list.get(0));
    }

    /** The participant with this OIN, or null. */
    public Uni<Participant> byOin(SqlClient client, String oin) {
        return one(client, "p.oin = $1", Tuple.of(oin));
    }

    /** Participants by id (those that exist). */
    public Uni<List<Participant>> byIds(SqlClient client, List<UUID> ids) {
        return client.preparedQuery("select " + COLUMNS + " from participant p where p.id = any($1)" + ORDER)
                .execute(Tuple.of(ids.toArray(UUID[]::new)))
                .flatMap(rows -> complete(client, rows));
    }

    /** The participants the OIDC client may act for, by name. */
    public Uni<List<Participant>> forClient(SqlClient client, String clientId) {
        return client.preparedQuery("select " + COLUMNS + " from participant p join api_client c "
                        + "on c.participant_id = p.id where c.client_id = $1" + ORDER)
                .execute(Tuple.of(clientId))
                .flatMap(rows -> complete(client, rows));
    }

    private Uni<Participant> one(SqlClient client, String condition, Tuple params) {
        return client.preparedQuery("select " + COLUMNS + " from participant p where " + condition)
                .execute(params)
                .flatMap(rows -> complete(client, rows))
                .map(list -> list.isEmpty() ? null : list.get(0));
    }

    private Uni<List<Participant>> complete(SqlClient client, io.vertx.mutiny.sqlclient.RowSet<Row> rows) {
        List<Row> found = new ArrayList<>();
        rows.forEach(found::add);
        if (found.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        UUID[] ids = found.stream().map(r -> r.getUUID("id")).toArray(UUID[]::new);
        Uni<Map<UUID, List<String>>> modules = client.preparedQuery(
                        "select participant_id, module from participant_module where participant_id = any($1) "
                                + "order by module")
                .execute(Tuple.of(ids))
                .map(moduleRows -> {
                    Map<UUID, List<String>> byId = new HashMap<>();
                    moduleRows.forEach(r -> byId.computeIfAbsent(r.getUUID(0), k -> new ArrayList<>())
                            .add(r.getString(1)));
                    return byId;
                });
        Uni<Map<UUID, List<Participant.PublicKey>>> keys = client.preparedQuery(
                        "select participant_id, kid, jwk, not_after from participant_key where participant_id = any($1) "
                                + "and (not_after is null or not_after > now()) order by created_at desc, kid desc")
                .execute(Tuple.of(ids))
                .map(keyRows -> {
                    Map<UUID, List<Participant.PublicKey>> byId = new HashMap<>();
                    keyRows.forEach(r -> byId.computeIfAbsent(r.getUUID(0), k -> new ArrayList<>())
                            .add(new Participant.PublicKey(r.getString(1), r.getString(2),
                                    r.getOffsetDateTime(3))));
                    return byId;
                });
        return Uni.combine().all().unis(modules, keys).asTuple()
                .map(both -> found.stream().map(r -> participant(r, both.getItem1(), both.getItem2())).toList());
    }

    private static Participant participant(Row r, Map<UUID, List<String>> modules,
            Map<UUID, List<Participant.PublicKey>> keys) {
        UUID id = r.getUUID("id");
        String kind = r.getString("kind");
        OffsetDateTime updatedAt = r.getOffsetDateTime("updated_at");
        return new Participant(id, r.getString("oin"), r.getString("kvk"), r.getString("kvk_branch"),
                r.getString("name"), ParticipantKind.fromApiName(kind)
                        .orElseThrow(() -> new IllegalStateException("unknown kind in the database: " + kind)),
                r.getString("sector"), ParticipantStatus.fromApiName(r.getString("status")),
                r.getString("contact_email"), r.getString("delivery_mode"), r.getString("webhook_url"),
                r.getLong("version"), updatedAt, List.copyOf(modules.getOrDefault(id, List.of())),
                List.copyOf(keys.getOrDefault(id, List.of())));
    }

    /**
     * A full-text query in which every word (letters and digits) of {@code text} must be the prefix of a word of the
     * name, e.g. {@code energie:* & amsterdam:*}; null when the text has no words.
     */
    static String prefixQuery(String text) {
        List<String> words = new ArrayList<>();
        Matcher matcher = WORD.matcher(text.toLowerCase(Locale.ROOT));
        while (matcher.find() && words.size() < MAX_WORDS) {
            words.add(matcher.group() + ":*");
        }
        return words.isEmpty() ? null : String.join(" & ", words);
    }
}
