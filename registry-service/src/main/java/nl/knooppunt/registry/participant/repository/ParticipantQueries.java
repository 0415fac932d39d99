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
import nl.knooppunt.standard.catalogue.ParticipantKind;

/** Reads participants with their modules and current keys in plain SQL (directory search, snapshots, changes). */
@ApplicationScoped
public class ParticipantQueries {

    private static final String COLUMNS = "p.id, p.oin, p.kvk, p.kvk_branch, p.name, p.kind, p.sector, p.status, "
            + "p.contact_email, p.delivery_mode, p.webhook_url, p.version, p.updated_at, p.simulated";
    private static final String ORDER = " order by p.sort_name, p.id";
    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+");
    private static final int MAX_WORDS = 8;
    /** An OIN (20 digits) or KvK number (8 digits): searched as such, not in names. */
    private static final Pattern IDENTIFIER = Pattern.compile("[0-9]{8}|[0-9]{20}");
    /** Matches are counted up to this number; a search finding more says its total is a lower bound. */
    public static final int MAX_COUNT = 1000;
    /** What the guarded walk reads: only columns the name-ordered indexes hold, so it never visits the table. */
    private static final String WALKED_COLUMNS = "p.id, p.sort_name, p.name_search, p.oin, p.kvk, p.status, p.kind";
    /** How many rows in name order a word search reads before it collects its matches through the word index. */
    static final int GUARDED_WALK = 2000;

    /**
     * One page of the participants matching {@code filter}, by name, with the number of matches (counted up to
     * {@value #MAX_COUNT}; queries run side by side on several connections when {@code client} is the pool).
     *
     * <p>Searches without words walk the name-ordered index. Word searches cannot know in advance whether their
     * matches are spread over the name order (a place name: walking the index finds a page after a few rows) or
     * bunched in one part of it (a first word such as "Verhuur": the walk reads everything before "v"), and the
     * planner's estimate for prefix words cannot tell either. So a word search first walks at most
     * {@value #GUARDED_WALK} index entries in name order while it counts the matches; when those entries hold the
     * whole page, that page is exact. Otherwise a search with few matches (at most {@value #MAX_COUNT}) collects
     * them through the full-text index and sorts them; a broad one walks on through the index, which holds every
     * column the walk filters on, so it never reads table rows it does not return.
     */
    public Uni<ParticipantPage> search(SqlClient client, ParticipantFilter filter, int page, int size) {
        SearchSql sql = SearchSql.of(filter);
        long offset = (long) page * size;
        if (!sql.hasWords()) {
            Uni<List<Participant>> items = pageQuery(client, "select " + COLUMNS + " from participant p"
                    + sql.where(sql.all()) + ORDER, sql.params(), size, offset);
            return Uni.combine().all().unis(items, count(client, sql)).asTuple()
                    .map(both -> page(both.getItem1(), both.getItem2(), page, size));
        }
        Uni<Long> count = count(client, sql);
        if (offset + size > GUARDED_WALK / 2) {
            return count.flatMap(matches -> matches <= MAX_COUNT
                    ? collectAndSort(client, sql, page, size)
                    : walk(client, sql, null, size, offset).map(items -> page(items, matches, page, size)));
        }
        return Uni.combine().all().unis(walk(client, sql, GUARDED_WALK, size, offset), count).asTuple()
                .flatMap(both -> {
                    long matches = both.getItem2();
                    if (both.getItem1().size() == size) {
                        return Uni.createFrom().item(page(both.getItem1(), matches, page, size));
                    }
                    return matches <= MAX_COUNT
                            ? collectAndSort(client, sql, page, size)
                            : walk(client, sql, null, size, offset).map(items -> page(items, matches, page, size));
                });
    }

    /**
     * A page of a word search found by walking the name-ordered index (index only: the walk reads no table rows),
     * reading at most {@code cap} index entries when a cap is given.
     */
    private Uni<List<Participant>> walk(SqlClient client, SearchSql sql, Integer cap, int size, long offset) {
        List<Object> params = new ArrayList<>(sql.params());
        params.add(size);
        params.add(offset);
        String walked = "select " + WALKED_COLUMNS + " from participant p" + sql.where(sql.indexed()) + ORDER
                + (cap == null ? " offset 0" : " limit " + cap);
        String query = "select " + COLUMNS + " from (select p.id, p.sort_name from (" + walked + ") p"
                + sql.where(sql.filtered()) + ORDER + " limit $" + (params.size() - 1) + " offset $" + params.size()
                + ") page join participant p on p.id = page.id order by page.sort_name, page.id";
        return client.preparedQuery(query).execute(Tuple.from(params)).flatMap(rows -> complete(client, rows));
    }

    /** Every match through the full-text index, sorted by name in memory, counted from the same set. */
    private Uni<ParticipantPage> collectAndSort(SqlClient client, SearchSql sql, int page, int size) {
        List<Object> params = new ArrayList<>(sql.params());
        params.add(size);
        params.add((long) page * size);
        String query = "with matches as materialized (select p.id, p.sort_name from participant p"
                + sql.where(sql.all()) + "), "
                + "selected as (select id, sort_name from matches order by sort_name, id limit $" + (params.size() - 1)
                + " offset $" + params.size() + ") "
                + "select counted.total, " + COLUMNS + " from (select count(*) as total from (select 1 from matches "
                + "limit " + (MAX_COUNT + 1) + ") capped) counted left join (selected join participant p "
                + "on p.id = selected.id) on true order by selected.sort_name, selected.id";
        return client.preparedQuery(query).execute(Tuple.from(params))
                .flatMap(rows -> {
                    List<Row> found = new ArrayList<>();
                    long total = 0;
                    for (Row row : rows) {
                        total = row.getLong("total");
                        if (row.getUUID("id") != null) {
                            found.add(row);
                        }
                    }
                    long matches = total;
                    return complete(client, found).map(items -> page(items, matches, page, size));
                });
    }

    private Uni<List<Participant>> pageQuery(SqlClient client, String query, List<Object> params, int size,
            long offset) {
        List<Object> pageParams = new ArrayList<>(params);
        pageParams.add(size);
        pageParams.add(offset);
        return client.preparedQuery(query + " limit $" + (pageParams.size() - 1) + " offset $" + pageParams.size())
                .execute(Tuple.from(pageParams))
                .flatMap(rows -> complete(client, rows));
    }

    private Uni<Long> count(SqlClient client, SearchSql sql) {
        return client.preparedQuery("select count(*) from (select 1 from participant p" + sql.where(sql.all())
                        + " limit " + (MAX_COUNT + 1) + ") matches")
                .execute(Tuple.from(sql.params()))
                .map(rows -> rows.iterator().next().getLong(0));
    }

    private static ParticipantPage page(List<Participant> items, long count, int page, int size) {
        return new ParticipantPage(items, page, size, Math.min(count, MAX_COUNT), count <= MAX_COUNT);
    }

    /**
     * The conditions of a search: those the name-ordered index walk applies ({@code indexed}: plain column
     * equalities) and those checked per row on top ({@code filtered}: words and modules), with their parameters.
     */
    private record SearchSql(List<String> indexed, List<String> filtered, List<Object> params, boolean hasWords) {

        static SearchSql of(ParticipantFilter filter) {
            List<String> indexed = new ArrayList<>();
            List<String> filtered = new ArrayList<>();
            List<Object> params = new ArrayList<>();
            boolean hasWords = false;
            if (filter.q() != null) {
                String words = IDENTIFIER.matcher(filter.q()).matches() ? null : prefixQuery(filter.q());
                params.add(filter.q());
                String exact = "p.oin = $" + params.size() + " or p.kvk = $" + params.size();
                if (words == null) {
                    indexed.add("(" + exact + ")");
                } else {
                    params.add(words);
                    filtered.add("(p.name_search @@ to_tsquery('simple', $" + params.size() + ") or " + exact + ")");
                    hasWords = true;
                }
            }
            if (filter.name() != null) {
                String words = prefixQuery(filter.name());
                if (words == null) {
                    indexed.add("false");
                } else {
                    params.add(words);
                    filtered.add("p.name_search @@ to_tsquery('simple', $" + params.size() + ")");
                    hasWords = true;
                }
            }
            if (filter.oin() != null) {
                params.add(filter.oin());
                indexed.add("p.oin = $" + params.size());
            }
            if (filter.kvk() != null) {
                params.add(filter.kvk());
                indexed.add("p.kvk = $" + params.size());
            }
            if (filter.kind() != null) {
                params.add(filter.kind());
                indexed.add("p.kind = $" + params.size());
            }
            if (filter.status() != null) {
                params.add(filter.status());
                indexed.add("p.status = $" + params.size());
            }
            if (filter.module() != null) {
                params.add(filter.module());
                filtered.add("exists (select 1 from participant_module m where m.participant_id = p.id "
                        + "and m.module = $" + params.size() + ")");
            }
            return new SearchSql(indexed, filtered, params, hasWords);
        }

        List<String> all() {
            List<String> all = new ArrayList<>(indexed);
            all.addAll(filtered);
            return all;
        }

        String where(List<String> conditions) {
            return conditions.isEmpty() ? "" : " where " + String.join(" and ", conditions);
        }
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
        return complete(client, found);
    }

    private Uni<List<Participant>> complete(SqlClient client, List<Row> found) {
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
                List.copyOf(keys.getOrDefault(id, List.of())), Boolean.TRUE.equals(r.getBoolean("simulated")));
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
