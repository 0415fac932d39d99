package nl.knooppunt.sandbox.conformance;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import nl.knooppunt.client.Acknowledgements;
import nl.knooppunt.client.EventPage;
import nl.knooppunt.client.InboxMessage;
import nl.knooppunt.client.InboxQuery;
import nl.knooppunt.client.MessageStatus;
import nl.knooppunt.client.NewMessage;
import nl.knooppunt.client.ProblemException;
import nl.knooppunt.client.SubmitResult;
import nl.knooppunt.client.Violation;
import nl.knooppunt.sandbox.Markers;
import nl.knooppunt.sandbox.Responder;
import nl.knooppunt.standard.catalogue.Catalogue;
import nl.knooppunt.standard.catalogue.ParticipantKind;
import nl.knooppunt.standard.validation.MessageValidator;

/**
 * A hub and its sandbox counterpart in memory, behaving as the real ones do for what the suite checks: validation
 * with 422 and pointers, idempotency keys, an inbox with bulk acknowledgement and 410 afterwards, status and events.
 * The counterpart answers with the real {@link Responder}.
 */
class FakeHub implements Hub {

    static final String ME = "00000000-0000-0000-0000-00000000000a";
    static final String SANDBOX = "00000000-0000-0000-0000-00000000000b";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final MessageValidator validator = new MessageValidator();
    private final Responder responder = new Responder();
    private final Map<String, SubmitResult> byKey = new HashMap<>();
    private final Map<String, MessageStatus> sent = new LinkedHashMap<>();
    private final Map<String, InboxMessage> inbox = new LinkedHashMap<>();
    /** What each inbox message holds, as the participant's own key would open it (the hub hands over JWEs only). */
    private final Map<String, JsonNode> opened = new HashMap<>();
    private final Map<String, Instant> visibleFrom = new HashMap<>();
    private final List<String> acknowledged = new ArrayList<>();
    private final List<EventPage.Event> events = new ArrayList<>();

    @Override
    public synchronized JsonNode me() {
        var me = JSON.createObjectNode();
        me.putObject("acting").put("id", ME).put("name", "Gemeente Test").put("kind", "counsellor-phase-1")
                .putArray("modules").add("schuldinventarisatie").add("betalingsregeling");
        return me;
    }

    @Override
    public synchronized List<JsonNode> directory(String q, String kind) {
        if (!kind.equals("creditor") || !"Sandbox Schuldeiser".contains(q)) {
            return List.of();
        }
        var p = JSON.createObjectNode().put("id", SANDBOX).put("name", "Sandbox Schuldeiser").put("kind", "creditor")
                .put("status", "active").put("simulated", true);
        p.putArray("modules").add("schuldinventarisatie").add("betalingsregeling");
        return List.of(p);
    }

    @Override
    public synchronized SubmitResult submit(NewMessage message, String idempotencyKey) {
        SubmitResult earlier = byKey.get(idempotencyKey);
        if (earlier != null) {
            return new SubmitResult(earlier.id(), earlier.conversationId(), earlier.status(), List.of(),
                    idempotencyKey, true);
        }
        var type = Catalogue.standard().messageType(message.module(), message.type()).orElseThrow();
        var violations = validator.validate(type, message.payload(), ParticipantKind.COUNSELLOR_PHASE_1);
        if (!violations.isEmpty()) {
            throw new ProblemException(422, "https://knooppunt.nl/problems/validation", "Invalid message", null,
                    violations.stream().map(v -> new Violation(v.code(), v.pointer(), v.message()))
                            .toList(), null);
        }
        String id = UUID.randomUUID().toString();
        Instant now = Instant.now();
        SubmitResult result = new SubmitResult(id, id, "accepted", List.of(), idempotencyKey, false);
        byKey.put(idempotencyKey, result);
        event(id, "accepted", message);
        event(id, "delivered", message);
        // the sandbox pulls, answers and acknowledges at once
        event(id, "fetched", message);
        event(id, "acknowledged", message);
        sent.put(id, new MessageStatus(id, id, null, message.module(), message.type(), SANDBOX, "acknowledged",
                "mailbox", now, now, now, now, null, null));
        var plan = responder.plan(id, message.module(), message.type(), ME, message.payload());
        for (var step : plan.steps()) {
            if (step.meantToBeRefused()) {
                continue;
            }
            String answerId = UUID.randomUUID().toString();
            inbox.put(answerId, new InboxMessage(answerId, null, id, step.inReplyTo(), step.module(), step.type(),
                    SANDBOX, "delivered", now, now, "fake-jwe-of-" + answerId));
            opened.put(answerId, step.payload());
            visibleFrom.put(answerId, now.plus(plan.markers().delay()));
        }
        return result;
    }

    private void event(String id, String event, NewMessage message) {
        events.add(new EventPage.Event(Integer.toString(events.size() + 1), id, event, ME, SANDBOX, message.module(),
                message.type(), Instant.now()));
    }

    @Override
    public synchronized List<InboxMessage> inbox(InboxQuery query) {
        Instant now = Instant.now();
        return inbox.values().stream().filter(m -> !visibleFrom.get(m.id()).isAfter(now))
                .filter(m -> query.sender() == null || query.sender().equals(m.sender())).limit(query.limit())
                .toList();
    }

    @Override
    public synchronized Acknowledgements acknowledge(List<String> ids) {
        List<String> done = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        for (String id : ids) {
            if (inbox.remove(id) != null || acknowledged.contains(id)) {
                acknowledged.add(id);
                done.add(id);
            } else {
                unknown.add(id);
            }
        }
        return new Acknowledgements(done, List.of(), unknown);
    }

    @Override
    public synchronized InboxMessage fetch(String id) {
        InboxMessage m = inbox.get(id);
        if (m == null) {
            throw new ProblemException(acknowledged.contains(id) ? 410 : 404, null, "Gone", null, List.of(), null);
        }
        return m;
    }

    @Override
    public synchronized MessageStatus status(String id) {
        MessageStatus status = sent.get(id);
        if (status == null) {
            throw new ProblemException(404, null, "Not found", null, List.of(), null);
        }
        return status;
    }

    @Override
    public synchronized EventPage events(String after, int limit) {
        int from = after == null ? 0 : Integer.parseInt(after);
        List<EventPage.Event> page = events.subList(Math.min(from, events.size()),
                Math.min(from + limit, events.size()));
        return new EventPage(List.copyOf(page), from + limit < events.size() ? Integer.toString(from + limit) : null);
    }

    @Override
    public JsonNode content(InboxMessage message) {
        return opened.get(message.id());
    }

    /** Markers are part of the fake's contract too. */
    static boolean isMarker(String reference) {
        return Markers.of(reference) != Markers.NONE;
    }
}
