package nl.knooppunt.localstack.fault;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Matches what was submitted with what arrived and with what the hub stored. Every delivered message (mailbox or push)
 * is traced back to its submission by the key in its payload; every row routing-service holds for the run is traced
 * through the delivered set (or its still encrypted payload) to one submission. The figures say how many submissions
 * are missing, doubled (under one id or under two), delivered under another id than the 201 named, or not in a final
 * status; which rows no submission accounts for; and whether each submission without an answer is proven never
 * accepted.
 */
public final class Reconciliation {

    /** One delivered message: its id, the submission key in its payload, and how it arrived. */
    public record Delivered(String messageId, String key, String channel) {
    }

    /**
     * What the hub holds after the run: routing-service's rows of the run, its claims of the run's keys, the Kafka
     * backlog of the consumers (group and topic to records not committed), how to read the submission key from a
     * payload routing still holds (null when it is not one of this run's), and sender and recipient of the run.
     */
    public record Store(List<RoutingTables.MessageRow> rows, Map<String, RoutingTables.KeyClaim> claims,
            Map<String, Long> backlog, Function<String, String> keyInPayload, String sender, String recipient) {

        boolean backlogEmpty() {
            return backlog.values().stream().allMatch(waiting -> waiting == 0);
        }
    }

    private final Map<String, Set<String>> idsByKey = new HashMap<>();
    private final Map<String, String> channelById = new HashMap<>();
    private final Map<String, Integer> pushesById = new HashMap<>();
    private final Map<String, String> statusById = new HashMap<>();
    private final List<String> foreign = new ArrayList<>();

    /** Records a delivered message (a push repeated with the same message id is one delivery). */
    public void delivered(Delivered delivered) {
        if (delivered.key() == null) {
            foreign.add(delivered.messageId());
            return;
        }
        idsByKey.computeIfAbsent(delivered.key(), k -> new LinkedHashSet<>()).add(delivered.messageId());
        channelById.put(delivered.messageId(), delivered.channel());
        if ("push".equals(delivered.channel())) {
            pushesById.merge(delivered.messageId(), 1, Integer::sum);
        }
    }

    /** Records the status the sender sees for a message. */
    public void status(String messageId, String status) {
        statusById.put(messageId, status);
    }

    /** Every delivered message id. */
    public Set<String> deliveredIds() {
        return Set.copyOf(channelById.keySet());
    }

    /** How the message arrived: {@code mailbox} or {@code push}. */
    public String channel(String messageId) {
        return channelById.get(messageId);
    }

    /** The figures for these submissions against what arrived and what the hub stored. */
    public Figures figures(Collection<SubmissionLoad.Submission> submissions, Store store) {
        Figures f = new Figures();
        f.backlog.putAll(store.backlog());
        Map<String, String> keyByDeliveredId = new HashMap<>();
        idsByKey.forEach((key, ids) -> ids.forEach(id -> keyByDeliveredId.put(id, key)));
        Map<String, RoutingTables.MessageRow> rowById = new HashMap<>();
        Map<String, Set<String>> storedIdsByKey = new HashMap<>();
        Set<String> notFinalIds = new HashSet<>();
        for (RoutingTables.MessageRow row : store.rows()) {
            f.rows++;
            rowById.put(row.id(), row);
            String key = keyByDeliveredId.get(row.id());
            if (key == null && row.payload() != null) {
                key = store.keyInPayload().apply(row.payload());
            }
            if (key == null) {
                f.untraced.add(row.id() + " (" + row.deliveryMode() + ", status " + row.status() + ")");
            } else {
                storedIdsByKey.computeIfAbsent(key, k -> new TreeSet<>()).add(row.id());
            }
            if (!row.finalStatus().equals(row.status())) {
                notFinalIds.add(row.id());
                f.notFinal.add(row.id() + " (" + row.deliveryMode() + ") is " + row.status() + " at routing, expected "
                        + row.finalStatus());
            }
            if ("webhook".equals(row.deliveryMode())) {
                f.routingPushRepeats += Math.max(0, row.pushAttempts() - 1);
            }
        }
        channelById.keySet().stream().filter(id -> !rowById.containsKey(id)).sorted().forEach(id -> f.deliveredNotStored
                .add(id + " (" + channelById.get(id) + ", key " + keyByDeliveredId.get(id) + ")"));
        for (SubmissionLoad.Submission s : submissions) {
            f.submissions++;
            if (s.probe()) {
                f.probes++;
            }
            Set<String> ids = idsByKey.getOrDefault(s.key(), Set.of());
            Set<String> stored = storedIdsByKey.getOrDefault(s.key(), Set.of());
            Set<String> all = new TreeSet<>(ids);
            all.addAll(stored);
            RoutingTables.KeyClaim claim = store.claims().get(s.key());
            String derived = claim == null ? null : RoutingTables.derivedId(store.sender(), claim, store.recipient());
            if (s.tries() > 1) {
                f.retried++;
            }
            switch (s.outcome()) {
                case ACCEPTED -> {
                    f.accepted++;
                    if (ids.isEmpty()) {
                        f.lost.add(s.key() + " (201 " + s.messageId() + ", status "
                                + statusById.getOrDefault(s.messageId(), "?") + ", at routing " + stored
                                + ", answers " + s.answers() + ")");
                    } else if (all.size() > 1) {
                        f.duplicated.add(s.key() + " delivered as " + ids + ", stored at routing as " + stored
                                + " (201 " + s.messageId() + ", answers " + s.answers() + ")");
                    } else if (!all.contains(s.messageId())) {
                        f.mismatched.add(s.key() + " 201 named " + s.messageId() + " but " + all + " arrived");
                    }
                    if (!s.messageId().equals(derived)) {
                        f.underived.add(s.key() + " 201 named " + s.messageId() + ", routing's claim "
                                + (claim == null ? "is missing" : "derives " + derived));
                    }
                }
                case REFUSED -> f.refused.add(s.key() + " " + s.answers() + (all.isEmpty() ? "" : ", yet " + all
                        + " arrived"));
                case UNANSWERED -> {
                    f.unanswered++;
                    if (all.size() == 1) {
                        f.unansweredDelivered++;
                        if (derived != null && !all.contains(derived)) {
                            f.mismatched.add(s.key() + " (unanswered) arrived as " + all + ", its claim derives "
                                    + derived);
                        }
                    } else if (all.size() > 1) {
                        f.duplicated.add(s.key() + " (unanswered) delivered as " + ids + ", stored at routing as "
                                + stored + ", answers " + s.answers());
                    } else {
                        List<String> doubts = new ArrayList<>();
                        if (!f.untraced.isEmpty()) {
                            doubts.add("routing holds rows no submission accounts for");
                        }
                        if (!store.backlogEmpty()) {
                            doubts.add("records still wait in Kafka " + store.backlog());
                        }
                        if (derived != null && rowById.containsKey(derived)) {
                            doubts.add("routing holds its derived id " + derived);
                        }
                        if (doubts.isEmpty()) {
                            f.unansweredNeverAccepted++;
                            if (claim == null) {
                                f.unansweredNeverClaimed++;
                            }
                        } else {
                            f.unansweredUnproven.add(s.key() + ": " + doubts + ", answers " + s.answers());
                        }
                    }
                }
                default -> throw new IllegalStateException("submission " + s.key() + " has no outcome");
            }
            for (String id : ids) {
                String expected = "push".equals(channelById.get(id)) ? "delivered" : "acknowledged";
                String status = statusById.get(id);
                if (!expected.equals(status) && !notFinalIds.contains(id)) {
                    f.notFinal.add(id + " (" + channelById.get(id) + ") has status " + status + ", expected "
                            + expected);
                }
            }
        }
        Set<String> submittedKeys = new HashSet<>();
        submissions.forEach(s -> submittedKeys.add(s.key()));
        Set<String> unknownKeys = new TreeSet<>(storedIdsByKey.keySet());
        unknownKeys.addAll(idsByKey.keySet());
        unknownKeys.removeAll(submittedKeys);
        unknownKeys.forEach(key -> f.untraced.add("key " + key + " of this run, delivered as " + idsByKey.getOrDefault(
                key, Set.of()) + ", stored as " + storedIdsByKey.getOrDefault(key, Set.of())
                + ", but the driver has no such submission"));
        pushesById.forEach((id, count) -> {
            f.pushed++;
            if (count > 1) {
                f.pushRepeats += count - 1;
            }
        });
        f.mailbox = (int) channelById.values().stream().filter("mailbox"::equals).count();
        f.foreign = foreign.size();
        return f;
    }

    /** The outcome of a reconciliation; everything in a list is a finding. */
    public static final class Figures {
        public int submissions;
        public int probes;
        public int accepted;
        public int retried;
        public int unanswered;
        public int unansweredDelivered;
        /** Unanswered, no row at routing by key nor by derived id, nothing untraced, no Kafka backlog. */
        public int unansweredNeverAccepted;
        /** Of those, the ones whose key routing-service never claimed (portal-api never submitted them). */
        public int unansweredNeverClaimed;
        public int mailbox;
        public int pushed;
        /** Pushes the hub repeated with the same message id (allowed: receivers deduplicate on it). */
        public int pushRepeats;
        /**
         * Push attempts beyond the first whose outcome routing-service recorded ({@code push_attempts - 1}); a push
         * repeated because a crash lost its outcome carries the same attempt number and only the receiver sees it.
         */
        public int routingPushRepeats;
        public int rows;
        public int foreign;
        public final Map<String, Long> backlog = new LinkedHashMap<>();
        public final List<String> lost = new ArrayList<>();
        public final List<String> duplicated = new ArrayList<>();
        public final List<String> mismatched = new ArrayList<>();
        public final List<String> notFinal = new ArrayList<>();
        public final List<String> refused = new ArrayList<>();
        /** Rows routing-service holds for the run that no submission accounts for (accepted, never seen). */
        public final List<String> untraced = new ArrayList<>();
        /** Messages delivered that routing-service holds no row for. */
        public final List<String> deliveredNotStored = new ArrayList<>();
        /** Unanswered submissions with no row that cannot be proven never accepted. */
        public final List<String> unansweredUnproven = new ArrayList<>();
        /** 201s whose id is not the one derived from routing's claim of the key (ADR 0025). */
        public final List<String> underived = new ArrayList<>();

        /** Whether nothing was lost, doubled, mismatched, left half-routed, refused, untraced or unproven. */
        public boolean clean() {
            return lost.isEmpty() && duplicated.isEmpty() && mismatched.isEmpty() && notFinal.isEmpty()
                    && refused.isEmpty() && untraced.isEmpty() && deliveredNotStored.isEmpty()
                    && unansweredUnproven.isEmpty() && underived.isEmpty();
        }

        /** Every finding list by its name in the report. */
        public Map<String, List<String>> findings() {
            Map<String, List<String>> m = new LinkedHashMap<>();
            m.put("lost", lost);
            m.put("duplicated", duplicated);
            m.put("mismatched", mismatched);
            m.put("notFinal", notFinal);
            m.put("refused", refused);
            m.put("untraced", untraced);
            m.put("deliveredNotStored", deliveredNotStored);
            m.put("unansweredUnproven", unansweredUnproven);
            m.put("underived", underived);
            return m;
        }

        /** The figures as lines for the report. */
        public Map<String, Object> summary() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("submissions (recovery probes included)", submissions);
            m.put("  of which recovery probes", probes);
            m.put("accepted (201)", accepted);
            m.put("needed a retry", retried);
            m.put("unanswered after the retry window", unanswered);
            m.put("  of which delivered once", unansweredDelivered);
            m.put("  of which proven never accepted", unansweredNeverAccepted);
            m.put("    of which never claimed at routing", unansweredNeverClaimed);
            m.put("  of which not proven either way", unansweredUnproven.size());
            m.put("rows of the run in routing's message table", rows);
            m.put("Kafka backlog at the reconciliation", backlog);
            m.put("delivered to the mailbox", mailbox);
            m.put("delivered by push", pushed);
            m.put("push repeats of the same id (deduplicated by the receiver)", pushRepeats);
            m.put("push attempts recorded beyond the first (routing's push_attempts)", routingPushRepeats);
            m.put("lost", lost.size());
            m.put("duplicated (one key delivered or stored under two ids)", duplicated.size());
            m.put("delivered under another id than the 201's", mismatched.size());
            m.put("half-routed / not in a final status", notFinal.size());
            m.put("refused", refused.size());
            m.put("rows at routing no submission accounts for", untraced.size());
            m.put("delivered without a row at routing", deliveredNotStored.size());
            m.put("201 id not derived from routing's claim (ADR 0025)", underived.size());
            return m;
        }
    }
}
