package nl.knooppunt.validation.standard;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import nl.knooppunt.standard.envelope.Envelope;
import nl.knooppunt.validation.routing.Conversation;
import nl.knooppunt.validation.routing.MessageMetadata;

/**
 * Answers this instance accepted in the last minutes, by conversation. routing-service learns of an accepted
 * answer only when its delivery has gone through Kafka, so a second answer submitted right after the first would
 * not yet see it there; merging these in closes that window (ADR 0009). Metadata only, bounded in time and size.
 */
public class RecentAnswers {

    /** How long an accepted answer is remembered: far longer than a delivery takes to reach routing-service. */
    public static final Duration KEEP = Duration.ofMinutes(15);
    /** Most conversations remembered at once; beyond that the oldest are dropped first. */
    public static final int MAX_CONVERSATIONS = 100_000;

    private final Map<String, List<Entry>> byConversation = new ConcurrentHashMap<>();
    private final Clock clock;

    public RecentAnswers(Clock clock) {
        this.clock = clock;
    }

    /** Remembers an accepted answer (envelope with its conversation id filled in). */
    public void remember(Envelope answer) {
        if (answer.conversationId() == null || answer.inReplyTo() == null) {
            return;
        }
        Instant now = clock.instant();
        if (byConversation.size() >= MAX_CONVERSATIONS) {
            evict(now);
        }
        MessageMetadata metadata = new MessageMetadata(answer.messageId(), answer.conversationId(), answer.inReplyTo(),
                answer.module(), answer.type(), answer.sender(), answer.recipient());
        byConversation.compute(answer.conversationId(), (id, entries) -> {
            List<Entry> kept = new ArrayList<>();
            if (entries != null) {
                entries.stream().filter(e -> e.until().isAfter(now)).forEach(kept::add);
            }
            kept.add(new Entry(metadata, now.plus(KEEP)));
            return List.copyOf(kept);
        });
    }

    /** The conversation plus the answers remembered for it that routing does not list yet. */
    public Conversation merge(Conversation conversation) {
        List<Entry> entries = conversation.conversationId() == null ? null
                : byConversation.get(conversation.conversationId());
        if (entries == null) {
            return conversation;
        }
        Instant now = clock.instant();
        List<MessageMetadata> messages = new ArrayList<>(conversation.messages());
        entries.stream()
                .filter(e -> e.until().isAfter(now))
                .filter(e -> conversation.message(e.message().id()).isEmpty())
                .forEach(e -> messages.add(e.message()));
        return new Conversation(conversation.conversationId(), messages);
    }

    private void evict(Instant now) {
        byConversation.entrySet().removeIf(e -> e.getValue().stream().noneMatch(x -> x.until().isAfter(now)));
        if (byConversation.size() >= MAX_CONVERSATIONS) {
            byConversation.entrySet().stream()
                    .min((a, b) -> last(a.getValue()).compareTo(last(b.getValue())))
                    .ifPresent(oldest -> byConversation.remove(oldest.getKey()));
        }
    }

    private static Instant last(List<Entry> entries) {
        return entries.get(entries.size() - 1).until();
    }

    private record Entry(MessageMetadata message, Instant until) {
    }
}
