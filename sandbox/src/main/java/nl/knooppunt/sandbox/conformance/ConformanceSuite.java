package nl.knooppunt.sandbox.conformance;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import nl.knooppunt.client.Acknowledgements;
import nl.knooppunt.client.EventPage;
import nl.knooppunt.client.InboxMessage;
import nl.knooppunt.client.InboxQuery;
import nl.knooppunt.client.MessageStatus;
import nl.knooppunt.client.NewMessage;
import nl.knooppunt.client.ProblemException;
import nl.knooppunt.client.SubmitResult;
import nl.knooppunt.client.Violation;
import nl.knooppunt.standard.catalogue.Catalogue;
import nl.knooppunt.standard.catalogue.MessageType;
import nl.knooppunt.standard.catalogue.Module;
import nl.knooppunt.standard.catalogue.ParticipantKind;
import nl.knooppunt.standard.validation.MessageValidator;

/**
 * The conformance scenarios (ADR 0048, docs/sandbox.md), run as the participant under test against the hub's sandbox
 * counterpart: find the counterpart in the directory; for every request type the participant's kind may send to it,
 * send and receive the answer; a 422 with its pointers; an idempotent retry; batch pull and acknowledgement; status
 * and events; push receipt and expiry (skipped, with the reason). Each scenario is independent: one failing does
 * not stop the others.
 */
public final class ConformanceSuite {

    /** The event types the hub documents for a sent message. */
    static final Set<String> EVENT_TYPES = Set.of("accepted", "delivered", "fetched", "acknowledged", "expired",
            "failed", "reply-reminder", "reply-overdue");

    private static final Catalogue CATALOGUE = Catalogue.standard();

    private final Hub hub;
    private final Duration answerTimeout;
    private final Consumer<String> progress;
    private final MessageValidator validator = new MessageValidator();
    private final String run = Long.toString(ThreadLocalRandom.current().nextLong(100_000, 999_999));
    private int sequence;

    private String actingKind;
    private JsonNode counterpart;
    private final List<MessageType> requests = new ArrayList<>();

    /**
     * @param hub           the participant under test
     * @param answerTimeout how long an answer may take (the standard promise: 15 s)
     * @param progress      where a line per scenario goes
     */
    public ConformanceSuite(Hub hub, Duration answerTimeout, Consumer<String> progress) {
        this.hub = hub;
        this.answerTimeout = answerTimeout;
        this.progress = progress;
    }

    /** Runs every scenario. */
    public List<ScenarioResult> run() {
        List<ScenarioResult> results = new ArrayList<>();
        results.add(scenario("directory.sandbox-counterpart",
                "the participant is known (/me) and finds the sandbox counterpart in the directory, marked simulated",
                this::findCounterpart));
        if (requests.isEmpty() && counterpart != null) {
            results.add(new ScenarioResult("exchange", "send each request type and receive its answer",
                    ScenarioResult.Outcome.FAILED, "no request type that a " + actingKind + " may send to the "
                            + "counterpart is switched on for both (see GET /api/v1/me modules)", Duration.ZERO,
                    List.of()));
        }
        for (MessageType type : requests) {
            results.add(scenario("exchange." + type.module() + "." + type.type(), "send a " + type.type()
                    + " to the sandbox counterpart and receive its answer (" + String.join(" or ", type.answers())
                    + ") with inReplyTo within " + answerTimeout.toSeconds() + " s, valid per the standard",
                    log -> exchange(type, log)));
        }
        MessageType first = requests.isEmpty() ? null : requests.get(0);
        results.add(scenario("violations.422-with-pointers", "a message that breaks the standard is refused with "
                + "422 and a violation (code and JSON pointer) per broken rule", log -> violations(first, log)));
        results.add(scenario("idempotent-retry", "the same submission twice with one Idempotency-Key gives one "
                + "message id (the second answer replayed) and one answer", log -> idempotentRetry(first, log)));
        results.add(scenario("batch-pull-and-acknowledge", "the answer is pulled in a batch with content and "
                + "acknowledged in one call; then it is gone (410) and no longer listed",
                log -> batchPullAndAcknowledge(first, log)));
        results.add(scenario("status-and-events", "a sent message's status reaches acknowledged and the events "
                + "feed reports delivered and acknowledged for it, in the documented vocabulary",
                log -> statusAndEvents(first, log)));
        results.add(scenario("late-answer", "with marker SANDBOX-LATE-5 the answer comes after about 5 s, and "
                + "still arrives", log -> lateAnswer(first, log)));
        results.add(skipped("push-receipt", "push delivery with Standard Webhooks signature verification",
                "push is not registered for this run: the suite receives over the mailbox. Register a webhook and "
                        + "verify its signatures with knooppunt-client's WebhookVerifier (docs/sandbox.md)"));
        results.add(skipped("expiry", "an unacknowledged message expires and its sender sees an expired event",
                "expiry follows the hub's retention (days), longer than a conformance run; the events feed's "
                        + "vocabulary is checked in status-and-events"));
        return results;
    }

    private interface Body {
        void run(List<String> log) throws Exception;
    }

    /** Thrown by a scenario to skip. */
    static final class Skip extends RuntimeException {
        Skip(String reason) {
            super(reason);
        }
    }

    private ScenarioResult scenario(String name, String description, Body body) {
        long start = System.nanoTime();
        List<String> log = new ArrayList<>();
        ScenarioResult.Outcome outcome = ScenarioResult.Outcome.PASSED;
        String message = "";
        try {
            body.run(log);
        } catch (Skip e) {
            outcome = ScenarioResult.Outcome.SKIPPED;
            message = e.getMessage();
        } catch (AssertionError | Exception e) {
            outcome = ScenarioResult.Outcome.FAILED;
            message = e.getClass() == AssertionError.class ? e.getMessage() : e.toString();
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        progress.accept(String.format("%-7s %s (%.1f s)%s", outcome, name, took.toMillis() / 1000.0,
                message.isEmpty() ? "" : ": " + message));
        return new ScenarioResult(name, description, outcome, message, took, List.copyOf(log));
    }

    private ScenarioResult skipped(String name, String description, String reason) {
        progress.accept("SKIPPED " + name + ": " + reason);
        return new ScenarioResult(name, description, ScenarioResult.Outcome.SKIPPED, reason, Duration.ZERO,
                List.of());
    }

    private void findCounterpart(List<String> log) {
        JsonNode acting = hub.me().path("acting");
        check(acting.hasNonNull("id"), "GET /api/v1/me names no acting participant; give --participant");
        actingKind = acting.path("kind").asText();
        ParticipantKind kind = ParticipantKind.fromApiName(actingKind)
                .orElseThrow(() -> new AssertionError("unknown kind " + actingKind));
        log.add("acting for " + acting.path("name").asText() + " (" + actingKind + ", " + acting.path("id").asText()
                + ")");
        String counterpartKind = kind == ParticipantKind.CREDITOR ? "counsellor-phase-2" : "creditor";
        List<JsonNode> found = hub.directory("Sandbox", counterpartKind);
        counterpart = found.stream().filter(p -> p.path("simulated").asBoolean(false)
                && "active".equals(p.path("status").asText())).findFirst().orElse(null);
        check(counterpart != null, "GET /api/v1/participants?q=Sandbox&kind=" + counterpartKind + " finds no "
                + "active participant with simulated: true (" + found.size() + " matches); is the sandbox running?");
        log.add("sandbox counterpart " + counterpart.path("name").asText() + " (" + counterpart.path("id").asText()
                + ")");
        List<String> mine = strings(acting.path("modules"));
        List<String> theirs = strings(counterpart.path("modules"));
        ParticipantKind other = ParticipantKind.fromApiName(counterpartKind).orElseThrow();
        Set<String> seen = new java.util.HashSet<>();
        for (Module module : CATALOGUE.modules()) {
            if (!mine.contains(module.id()) || !theirs.contains(module.id())) {
                continue;
            }
            for (MessageType type : module.messageTypes()) {
                if (type.isRequest() && type.senders().contains(kind) && type.recipients().contains(other)
                        && !type.answers().isEmpty() && type.requiredAttachmentsFor(kind).isEmpty()
                        && type.example() != null && type.example().has("referentieSchuldhulpverlener")
                        && seen.add(type.type())) {
                    requests.add(type);
                }
            }
        }
        log.add("request types to exchange: " + requests.stream().map(t -> t.module() + "/" + t.type()).toList());
    }

    private void exchange(MessageType type, List<String> log) {
        requireCounterpart();
        SubmitResult sent = hub.submit(NewMessage.to(counterpartId(), type.module(), type.type(),
                request(type, reference())), newKey());
        log.add("sent " + type.type() + " " + sent.id());
        InboxMessage answer = awaitAnswer(sent.id(), log, true);
        check(type.answers().contains(answer.type()), "the answer " + answer.id() + " is a " + answer.type()
                + ", not one of " + type.answers());
        JsonNode content = hub.content(answer);
        if (content == null) {
            log.add("the answer's content was not opened (own key; give --keys to check it against the standard)");
            return;
        }
        MessageType answerType = CATALOGUE.messageType(answer.module(), answer.type()).orElseThrow();
        var violations = validator.validate(answerType, content, ParticipantKind.fromApiName(
                counterpart.path("kind").asText()).orElse(null));
        check(violations.isEmpty(), "the answer breaks the standard: " + violations);
        log.add("the answer passes the standard");
    }

    private void violations(MessageType type, List<String> log) {
        requireRequest(type);
        ObjectNode broken = request(type, reference());
        broken.remove("referentieSchuldhulpverlener");
        boolean hasBsn = broken.path("client").has("bsn");
        if (hasBsn) {
            ((ObjectNode) broken.get("client")).put("bsn", "123456789");
        }
        try {
            SubmitResult accepted = hub.submit(NewMessage.to(counterpartId(), type.module(), type.type(), broken),
                    newKey());
            throw new AssertionError("the hub accepted a message without referentieSchuldhulpverlener: "
                    + accepted.id());
        } catch (ProblemException e) {
            check(e.status() == 422, "expected 422, got " + e.status() + " " + e.getMessage());
            check(!e.violations().isEmpty(), "a 422 without violations");
            for (Violation v : e.violations()) {
                check(v.code() != null && !v.code().isBlank(), "a violation without a code: " + v);
                check(v.pointer() != null && (v.pointer().isEmpty() || v.pointer().startsWith("/")),
                        "a violation without a JSON pointer: " + v);
                log.add("violation " + v.code() + " at " + v.pointer());
            }
            check(e.violations().stream().anyMatch(v -> v.code().equals("schema.required")),
                    "no schema.required violation for the missing referentieSchuldhulpverlener: " + e.violations());
            if (hasBsn) {
                check(e.violations().stream().anyMatch(v -> v.code().equals("field.bsn")
                        && v.pointer().endsWith("/client/bsn")), "no field.bsn violation at .../client/bsn: "
                                + e.violations());
            }
        }
    }

    private void idempotentRetry(MessageType type, List<String> log) {
        requireRequest(type);
        NewMessage message = NewMessage.to(counterpartId(), type.module(), type.type(), request(type, reference()));
        String key = newKey();
        SubmitResult first = hub.submit(message, key);
        SubmitResult second = hub.submit(message, key);
        log.add("submitted twice with Idempotency-Key " + key + ": " + first.id() + ", " + second.id()
                + (second.replayed() ? " (replayed)" : ""));
        check(first.id() != null && first.id().equals(second.id()), "a retry with the same Idempotency-Key made a "
                + "second message: " + first.id() + " and " + second.id());
        check(second.replayed(), "the retry was not answered as a replay (Idempotent-Replayed)");
        awaitAnswer(first.id(), log, true);
        sleep(Duration.ofSeconds(2));
        List<InboxMessage> more = answersTo(first.id());
        check(more.isEmpty(), "a second answer to " + first.id() + " arrived: the message was delivered twice");
    }

    private void batchPullAndAcknowledge(MessageType type, List<String> log) {
        requireRequest(type);
        SubmitResult sent = hub.submit(NewMessage.to(counterpartId(), type.module(), type.type(),
                request(type, reference())), newKey());
        InboxMessage answer = awaitAnswer(sent.id(), log, false);
        List<InboxMessage> page = hub.inbox(InboxQuery.all().limit(100).withContent().sender(counterpartId()));
        List<String> ids = page.stream().map(InboxMessage::id).toList();
        check(ids.contains(answer.id()), "the answer " + answer.id() + " is not in a batch pull of the inbox");
        Acknowledgements acks = hub.acknowledge(ids);
        log.add("pulled " + ids.size() + " message(s) with content, acknowledged " + acks.acknowledged().size());
        check(acks.acknowledged().contains(answer.id()) && acks.all(), "the batch acknowledgement did not take "
                + "every message: " + acks);
        try {
            hub.fetch(answer.id());
            throw new AssertionError("the acknowledged answer " + answer.id() + " can still be fetched");
        } catch (ProblemException e) {
            check(e.status() == 410 || e.status() == 404, "fetching an acknowledged message answered " + e.status());
        }
        check(answersTo(sent.id()).isEmpty(), "the acknowledged answer is still listed");
    }

    private void statusAndEvents(MessageType type, List<String> log) {
        requireRequest(type);
        String cursor = lastCursor();
        SubmitResult sent = hub.submit(NewMessage.to(counterpartId(), type.module(), type.type(),
                request(type, reference())), newKey());
        awaitAnswer(sent.id(), log, true);
        MessageStatus status = waitFor(() -> {
            try {
                MessageStatus s = hub.status(sent.id());
                return "acknowledged".equals(s.status()) ? s : null;
            } catch (ProblemException e) {
                return null;
            }
        }, answerTimeout);
        check(status != null, "the status of " + sent.id() + " did not reach acknowledged within "
                + answerTimeout.toSeconds() + " s");
        log.add("status " + status.status() + " (delivered " + status.deliveredAt() + ", acknowledged "
                + status.acknowledgedAt() + ")");
        Map<String, Boolean> seen = new LinkedHashMap<>();
        waitFor(() -> {
            String after = cursor;
            while (true) {
                EventPage page = hub.events(after, 500);
                for (EventPage.Event e : page.items()) {
                    check(EVENT_TYPES.contains(e.event()), "an undocumented event type: " + e.event());
                    if (sent.id().equals(e.messageId())) {
                        seen.put(e.event(), true);
                    }
                }
                if (page.next() == null || page.items().isEmpty()) {
                    break;
                }
                after = page.next();
            }
            return seen.keySet().containsAll(List.of("delivered", "acknowledged")) ? true : null;
        }, answerTimeout);
        log.add("events for " + sent.id() + ": " + seen.keySet());
        check(seen.keySet().containsAll(List.of("delivered", "acknowledged")), "the events feed did not report "
                + "delivered and acknowledged for " + sent.id() + ": " + seen.keySet());
    }

    private void lateAnswer(MessageType type, List<String> log) {
        requireRequest(type);
        long start = System.nanoTime();
        SubmitResult sent = hub.submit(NewMessage.to(counterpartId(), type.module(), type.type(),
                request(type, "SANDBOX-LATE-5-" + run + "-" + (++sequence))), newKey());
        InboxMessage answer = awaitAnswer(sent.id(), log, true, answerTimeout.plusSeconds(5));
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        log.add("the late answer " + answer.id() + " came after " + took.toMillis() + " ms");
        check(took.compareTo(Duration.ofSeconds(4)) >= 0, "the answer came after " + took.toMillis()
                + " ms, before the 5 s the marker asked for");
    }

    // ---- helpers ----

    private InboxMessage awaitAnswer(String requestId, List<String> log, boolean acknowledge) {
        return awaitAnswer(requestId, log, acknowledge, answerTimeout);
    }

    private InboxMessage awaitAnswer(String requestId, List<String> log, boolean acknowledge, Duration timeout) {
        long start = System.nanoTime();
        List<InboxMessage> found = waitFor(() -> {
            List<InboxMessage> answers = answersTo(requestId);
            return answers.isEmpty() ? null : answers;
        }, timeout);
        check(found != null, "no answer to " + requestId + " in the inbox within " + timeout.toSeconds() + " s");
        InboxMessage answer = found.get(0);
        log.add("answer " + answer.type() + " " + answer.id() + " with inReplyTo " + answer.inReplyTo() + " after "
                + Duration.ofNanos(System.nanoTime() - start).toMillis() + " ms");
        if (acknowledge) {
            hub.acknowledge(found.stream().map(InboxMessage::id).toList());
        }
        return answer;
    }

    private List<InboxMessage> answersTo(String requestId) {
        List<InboxMessage> answers = new ArrayList<>();
        for (InboxMessage m : hub.inbox(InboxQuery.all().limit(100).withContent().sender(counterpartId()))) {
            if (requestId.equals(m.inReplyTo())) {
                answers.add(m);
            }
        }
        return answers;
    }

    private String lastCursor() {
        String after = null;
        for (int pages = 0; pages < 1_000; pages++) {
            EventPage page = hub.events(after, 500);
            if (page.items().isEmpty()) {
                return after;
            }
            after = page.items().get(page.items().size() - 1).cursor();
            if (page.next() == null) {
                return after;
            }
        }
        return after;
    }

    private static <T> T waitFor(Supplier<T> probe, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            T value = probe.get();
            if (value != null) {
                return value;
            }
            if (System.nanoTime() > deadline) {
                return null;
            }
            sleep(Duration.ofMillis(250));
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted");
        }
    }

    private ObjectNode request(MessageType type, String reference) {
        ObjectNode payload = (ObjectNode) type.example().deepCopy();
        payload.put("referentieSchuldhulpverlener", reference);
        return payload;
    }

    private String reference() {
        return "CONF-" + run + "-" + (++sequence);
    }

    private static String newKey() {
        return UUID.randomUUID().toString();
    }

    private String counterpartId() {
        return counterpart.path("id").asText();
    }

    private void requireCounterpart() {
        if (counterpart == null) {
            throw new AssertionError("no sandbox counterpart (see directory.sandbox-counterpart)");
        }
    }

    private void requireRequest(MessageType type) {
        requireCounterpart();
        if (type == null) {
            throw new AssertionError("no request type to exchange with the counterpart");
        }
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static void check(boolean condition, String message) {
        if (!condition) {
            throw new AssertionError(message);
        }
    }

    Optional<JsonNode> counterpart() {
        return Optional.ofNullable(counterpart);
    }
}
