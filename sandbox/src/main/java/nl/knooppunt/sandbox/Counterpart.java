package nl.knooppunt.sandbox;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;
import nl.knooppunt.client.InboxMessage;
import nl.knooppunt.client.InboxPage;
import nl.knooppunt.client.InboxQuery;
import nl.knooppunt.client.KnooppuntClient;
import nl.knooppunt.client.KnooppuntException;
import nl.knooppunt.client.NewMessage;
import nl.knooppunt.client.PayloadDecryptor;
import nl.knooppunt.client.ProblemException;
import nl.knooppunt.client.SubmitResult;
import nl.knooppunt.client.Violation;

/**
 * The own system of the simulated participants: an ordinary vendor over the public API. It pulls the vendor-wide
 * inbox of its API client in batches with content, opens each payload with its own private keys, answers as the
 * {@link Responder} plans (every answer with an {@code Idempotency-Key} derived from the message it answers, so a
 * retry after a crash is delivered once) and acknowledges the batch. It logs types, ids and rule codes, never
 * content.
 */
public final class Counterpart implements AutoCloseable {

    private final KnooppuntClient hub;
    private final PayloadDecryptor keys;
    private final Responder responder;
    private final Consumer<String> log;
    private volatile java.time.Instant lastPoll = java.time.Instant.now();
    private final ScheduledExecutorService later = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "sandbox-late-answers");
        thread.setDaemon(true);
        return thread;
    });

    public Counterpart(KnooppuntClient hub, PayloadDecryptor keys, Responder responder, Consumer<String> log) {
        this.hub = hub;
        this.keys = keys;
        this.responder = responder;
        this.log = log;
    }

    /**
     * Handles everything waiting now: page by page, each page answered and then acknowledged.
     *
     * @return how many messages were handled
     */
    public int pollOnce() {
        int handled = 0;
        for (InboxPage page : hub.vendorInbox().pages(InboxQuery.all().limit(100).withContent())) {
            for (InboxMessage message : page.items()) {
                handle(message);
                handled++;
            }
            if (!page.items().isEmpty()) {
                page.acknowledge();
            }
        }
        return handled;
    }

    /** Polls until interrupted, every {@code interval}; a failing poll is logged and tried again. */
    public void run(Duration interval) {
        while (!Thread.currentThread().isInterrupted()) {
            try {
                pollOnce();
                lastPoll = java.time.Instant.now();
            } catch (RuntimeException e) {
                log.accept("WARNING: poll failed (tried again in " + interval.toSeconds() + " s): " + e.getMessage());
            }
            try {
                Thread.sleep(interval.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void handle(InboxMessage message) {
        JsonNode payload;
        try {
            payload = keys.content(message);
        } catch (KnooppuntException e) {
            log.accept("WARNING: message " + message.id() + " (" + message.type() + ") does not open with the "
                    + "sandbox's keys: " + e.getMessage());
            return;
        }
        Responder.Plan plan = responder.plan(message.id(), message.module(), message.type(), message.sender(),
                payload);
        log.accept("message " + message.id() + " (" + message.module() + "/" + message.type() + ") to "
                + message.recipient() + ": " + plan.note());
        if (plan.steps().isEmpty()) {
            return;
        }
        KnooppuntClient acting = hub.actingFor(message.recipient());
        Runnable send = () -> execute(acting, message.id(), plan.steps());
        if (plan.markers().delay().isZero()) {
            send.run();
        } else {
            later.schedule(send, plan.markers().delay().toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Sends the steps in order; a refusal of a step meant to be refused is reported in the next answer's text. */
    private void execute(KnooppuntClient acting, String answered, List<Responder.Outgoing> steps) {
        List<String> refusals = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            Responder.Outgoing step = steps.get(i);
            if (!step.meantToBeRefused() && !refusals.isEmpty() && step.payload().has("toelichting")) {
                step.payload().put("toelichting", "Sandbox: de hub weigerde eerst een " + step.type() + " met "
                        + String.join("; ", refusals) + ". Dit is het geldige antwoord.");
            }
            NewMessage outgoing = new NewMessage(step.module(), step.type(), List.of(step.recipient()),
                    step.inReplyTo(), step.payload());
            String key = "sandbox-" + answered + "-" + i;
            try {
                SubmitResult result = acting.submit(outgoing, key);
                log.accept((step.meantToBeRefused() ? "WARNING: the hub accepted a message meant to be refused: "
                        : "sent ") + step.type() + " " + result.id() + (step.inReplyTo() == null ? ""
                                : " in reply to " + step.inReplyTo()) + (result.replayed() ? " (replayed)" : ""));
            } catch (ProblemException e) {
                String codes = e.violations().isEmpty() ? e.kind()
                        : String.join(", ", e.violations().stream().map(Counterpart::describe).toList());
                if (step.meantToBeRefused()) {
                    refusals.add(codes);
                    log.accept("the hub refused the " + step.type() + " meant to be refused, as it should: "
                            + e.status() + " " + codes);
                } else {
                    log.accept("WARNING: the hub refused " + step.type() + " in reply to " + step.inReplyTo() + ": "
                            + e.status() + " " + codes);
                }
            } catch (KnooppuntException e) {
                log.accept("WARNING: sending " + step.type() + " failed: " + e.getMessage());
            }
        }
    }

    private static String describe(Violation v) {
        return v.code() + " op " + (v.pointer() == null || v.pointer().isEmpty() ? "/" : v.pointer());
    }

    /** When the last poll succeeded (its health: Kubernetes restarts a counterpart that cannot reach the hub). */
    public java.time.Instant lastPoll() {
        return lastPoll;
    }

    @Override
    public void close() {
        later.shutdownNow();
    }

    /** For the log: which participant ids the counterpart acts for, by name. */
    static String describe(Map<String, SandboxParticipant> ids) {
        List<String> parts = new ArrayList<>();
        ids.forEach((id, p) -> parts.add(p.name() + " (" + p.kind() + ", " + id + ")"));
        return String.join(", ", parts);
    }
}
