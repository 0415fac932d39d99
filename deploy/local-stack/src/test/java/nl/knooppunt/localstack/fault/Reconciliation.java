package nl.knooppunt.localstack.fault;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Matches what was submitted with what arrived. Every delivered message (mailbox or push) is traced back to its
 * submission by the key in its payload; the figures say how many of the accepted submissions are missing, doubled,
 * delivered under another id than the 201 named, or not in a final status, and what became of the submissions that
 * never got a final answer.
 */
public final class Reconciliation {

    /** One delivered message: its id, the submission key in its payload, and how it arrived. */
    public record Delivered(String messageId, String key, String channel) {
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

    /** The figures for these submissions. */
    public Figures figures(Collection<SubmissionLoad.Submission> submissions) {
        Figures f = new Figures();
        for (SubmissionLoad.Submission s : submissions) {
            f.submissions++;
            Set<String> ids = idsByKey.getOrDefault(s.key(), Set.of());
            if (s.tries() > 1) {
                f.retried++;
            }
            switch (s.outcome()) {
                case ACCEPTED -> {
                    f.accepted++;
                    if (ids.isEmpty()) {
                        f.lost.add(s.key() + " (201 " + s.messageId() + ", status "
                                + statusById.getOrDefault(s.messageId(), "?") + ", answers " + s.answers() + ")");
                    } else if (ids.size() > 1) {
                        f.duplicated.add(s.key() + " delivered as " + ids + " (201 " + s.messageId() + ", answers "
                                + s.answers() + ")");
                    } else if (!ids.contains(s.messageId())) {
                        f.mismatched.add(s.key() + " 201 named " + s.messageId() + " but " + ids + " arrived");
                    }
                }
                case REFUSED -> f.refused.add(s.key() + " " + s.answers());
                case UNANSWERED -> {
                    f.unanswered++;
                    if (ids.size() == 1) {
                        f.unansweredDelivered++;
                    } else if (ids.size() > 1) {
                        f.duplicated.add(s.key() + " (unanswered) delivered as " + ids + ", answers " + s.answers());
                    }
                }
                default -> throw new IllegalStateException("submission " + s.key() + " has no outcome");
            }
            for (String id : ids) {
                String expected = "push".equals(channelById.get(id)) ? "delivered" : "acknowledged";
                String status = statusById.get(id);
                if (!expected.equals(status)) {
                    f.notFinal.add(id + " (" + channelById.get(id) + ") has status " + status + ", expected "
                            + expected);
                }
            }
        }
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
        public int accepted;
        public int retried;
        public int unanswered;
        public int unansweredDelivered;
        public int mailbox;
        public int pushed;
        /** Pushes the hub repeated with the same message id (allowed: receivers deduplicate on it). */
        public int pushRepeats;
        public int foreign;
        public final List<String> lost = new ArrayList<>();
        public final List<String> duplicated = new ArrayList<>();
        public final List<String> mismatched = new ArrayList<>();
        public final List<String> notFinal = new ArrayList<>();
        public final List<String> refused = new ArrayList<>();

        /** Whether nothing was lost, doubled, mismatched, left half-routed or refused. */
        public boolean clean() {
            return lost.isEmpty() && duplicated.isEmpty() && mismatched.isEmpty() && notFinal.isEmpty()
                    && refused.isEmpty();
        }

        /** The figures as lines for the report. */
        public Map<String, Object> summary() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("submissions", submissions);
            m.put("accepted (201)", accepted);
            m.put("needed a retry", retried);
            m.put("unanswered after the retry window", unanswered);
            m.put("  of which delivered once", unansweredDelivered);
            m.put("delivered to the mailbox", mailbox);
            m.put("delivered by push", pushed);
            m.put("push repeats of the same id (deduplicated by the receiver)", pushRepeats);
            m.put("lost", lost.size());
            m.put("duplicated", duplicated.size());
            m.put("delivered under another id than the 201's", mismatched.size());
            m.put("half-routed / not in a final status", notFinal.size());
            m.put("refused", refused.size());
            return m;
        }
    }
}
