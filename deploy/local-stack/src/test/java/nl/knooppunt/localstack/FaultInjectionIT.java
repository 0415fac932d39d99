package nl.knooppunt.localstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import org.jose4j.jwk.PublicJsonWebKey;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import nl.knooppunt.localstack.fault.HubApi;
import nl.knooppunt.localstack.fault.KafkaBacklog;
import nl.knooppunt.localstack.fault.PushReceiver;
import nl.knooppunt.localstack.fault.Reconciliation;
import nl.knooppunt.localstack.fault.RoutingTables;
import nl.knooppunt.localstack.fault.SubmissionLoad;
import nl.knooppunt.standard.crypto.RecipientCipher;

/**
 * Crashes under load: while a steady load of idempotent submissions runs, each component (PostgreSQL, Kafka, the four
 * services) is killed with SIGKILL and started again in turn, then all of them together, then every one is
 * restarted with SIGTERM (a rolling restart). The rounds are spread over the whole load: round i of n starts once
 * i / (n + 1) of the submissions have started. The creditor takes half of the rounds by push, half from its mailbox.
 * Afterwards every submission, recovery probes and unanswered ones included, is reconciled over the API and against
 * routing-service's own tables: nothing accepted is lost or doubled (under one id or two), every row the hub stored
 * is traced to exactly one submission, every submission without an answer either arrived once or is proven never
 * accepted, every status is final, every service is healthy again without help. Runs just before
 * {@link LocalStackIT}, which stops the shared stack, and leaves the stack healthy.
 *
 * <p>CI kills each component once and all of them together once, with a modest load; the full run adds the rolling
 * restart and repeats the series three times ({@code -Dfault.rounds=each,together,rolling} chooses). When anything is
 * found, the stack's logs are copied to {@code target/fault-injection-logs} before the stack is stopped. The full run
 * ({@code docs/reliability.md}):
 * {@code ./mvnw -B -o -pl deploy/local-stack verify -Dit.test=FaultInjectionIT -Dtest=none
 * -Dsurefire.failIfNoSpecifiedTests=false -Dfault.submissions=10000}. Figures go to
 * {@code target/fault-injection-report.txt}.
 */
@ExtendWith(LocalStackExtension.class)
@Order(Integer.MAX_VALUE - 1)
class FaultInjectionIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SENDER = Demo.GEMEENTE_CLIENT.clientId();
    private static final String RECIPIENT = Demo.ENERGIE_CLIENT.clientId();

    /** Submissions at least (the load runs on after the rounds until this many have started). */
    private static final int SUBMISSIONS = Integer.getInteger("fault.submissions", 400);
    private static final boolean FULL = SUBMISSIONS > 1_000;
    /** New submissions per second, all clients together. */
    private static final double RATE = Double.parseDouble(System.getProperty("fault.rate", FULL ? "25" : "5"));
    /** Concurrent clients. */
    private static final int CLIENTS = Integer.getInteger("fault.clients", FULL ? 12 : 4);
    /** How often the whole series of rounds runs. */
    private static final int CYCLES = Integer.getInteger("fault.cycles", FULL ? 3 : 1);
    /** Normal load between two rounds. */
    private static final Duration SETTLE = Duration.ofSeconds(Long.getLong("fault.settle-seconds", 3));
    /** Kinds of rounds per cycle: each (every component alone), together (all at once), rolling (SIGTERM). */
    private static final List<String> ROUNDS = List.of(System.getProperty("fault.rounds",
            FULL ? "each,together,rolling" : "each,together").split(","));
    /** How long one submission is retried with its key before it counts as unanswered. */
    private static final Duration RETRY_WINDOW = Duration.ofSeconds(Long.getLong("fault.retry-window-seconds", 90));
    private static final Duration RECOVERY_LIMIT = Duration.ofSeconds(150);
    /**
     * Quiet time after the last push is concluded and before the reconciliation: routing-service repeats a push whose
     * outcome it could not record once the push's lease has run out (push timeout 10 s plus a fixed 30 s margin,
     * {@code PushDispatcher}); a failed push is retried after its back-off, but only while its row is still
     * {@code accepted}, and the run first waits until no row is. 45 s covers a lease and the 1 s push tick.
     */
    private static final Duration PUSH_SETTLE = Duration.ofSeconds(Long.getLong("fault.push-settle-seconds", 45));

    private final List<String> log = new ArrayList<>();
    private final Map<String, String> recoveries = new LinkedHashMap<>();
    /** The recipient's own key (Voorbeeld Energie's, on its users' side): what fetches and pushes are opened with. */
    private List<PublicJsonWebKey> energieKeys = List.of();

    /** One planned fault: its name in the report and what it does to the stack. */
    private record Fault(String name, Consumer<LocalStack> inject) {
    }

    @Test
    void noAcceptedSubmissionIsLostOrDoubledWhateverCrashes(LocalStack stack) throws Exception {
        Instant began = Instant.now();
        List<PublicJsonWebKey> energieKeys = List.of(DemoUserKeys.read(stack.stateDir(),
                Demo.ENERGIE_PARTICIPANT_ID));
        this.energieKeys = energieKeys;
        RoutingTables tables = new RoutingTables(stack.jdbcUrl("routing"));
        Set<String> storedBefore = tables.messageIds(Demo.GEMEENTE_PARTICIPANT_ID, Demo.ENERGIE_PARTICIPANT_ID);
        List<Fault> faults = faults();
        try (HubApi hub = new HubApi(stack, Map.of(SENDER, Demo.GEMEENTE_CLIENT.secret(), RECIPIENT,
                Demo.ENERGIE_CLIENT.secret()));
                PushReceiver receiver = new PushReceiver(energieKeys);
                SubmissionLoad load = new SubmissionLoad(hub.portal(), () -> hub.token(SENDER), saldoverzoek(hub),
                        CLIENTS, RATE, RETRY_WINDOW)) {
            load.start();
            for (int round = 0; round < faults.size(); round++) {
                int startAt = (int) ((long) (round + 1) * SUBMISSIONS / (faults.size() + 1));
                round(stack, hub, receiver, load, round, startAt, faults.get(round));
            }
            load.limitTo(Math.max(SUBMISSIONS, load.started()));
            awaitUntil(Duration.ofSeconds(Math.max(120, (long) (SUBMISSIONS / RATE) * 3)),
                    () -> load.started() >= SUBMISSIONS);
            load.stopAndAwait(RETRY_WINDOW.plusSeconds(60));
            note("load stopped: " + load.started() + " submissions, " + load.accepted() + " accepted");

            // every accepted submission arrives (a late straggler would be a duplicate: wait a little longer)
            List<String> acceptedIds = load.submissions().stream()
                    .filter(s -> s.outcome() == SubmissionLoad.Outcome.ACCEPTED).map(SubmissionLoad.Submission::messageId)
                    .toList();
            try {
                org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofSeconds(2))
                        .ignoreExceptions().until(() -> arrived(hub, receiver).containsAll(acceptedIds));
            } catch (org.awaitility.core.ConditionTimeoutException missing) {
                note("not every accepted submission arrived within 180 s; the reconciliation names the missing");
            }
            settle(stack, tables);

            Reconciliation reconciliation = new Reconciliation();
            String marker = load.marker();
            receiver.pushes().forEach(p -> reconciliation.delivered(new Reconciliation.Delivered(p.messageId(),
                    p.toelichting().startsWith(marker) ? p.toelichting().substring(marker.length()) : null, "push")));
            List<String> mailboxRefusals = drainMailbox(hub, marker, reconciliation);
            for (String id : reconciliation.deliveredIds()) {
                HubApi.Reply status = hub.get(SENDER, "/api/v1/messages/" + id);
                reconciliation.status(id, status.status() == 200 ? status.body().path("status").asText()
                        : "HTTP " + status.status());
            }
            for (SubmissionLoad.Submission s : load.submissions()) {
                if (s.outcome() == SubmissionLoad.Outcome.ACCEPTED && !reconciliation.deliveredIds()
                        .contains(s.messageId())) {
                    HubApi.Reply status = hub.get(SENDER, "/api/v1/messages/" + s.messageId());
                    reconciliation.status(s.messageId(), status.status() == 200
                            ? status.body().path("status").asText() : "HTTP " + status.status());
                }
            }
            Map<String, Long> backlog = KafkaBacklog.of(stack.kafkaBootstrapServers());
            List<RoutingTables.MessageRow> rows = tables.messages(Demo.GEMEENTE_PARTICIPANT_ID,
                    Demo.ENERGIE_PARTICIPANT_ID, storedBefore);
            Map<String, RoutingTables.KeyClaim> claims = tables.claims(Demo.GEMEENTE_PARTICIPANT_ID,
                    load.submissions().stream().map(SubmissionLoad.Submission::key).toList());
            Reconciliation.Figures figures = reconciliation.figures(load.submissions(), new Reconciliation.Store(
                    rows, claims, backlog, payload -> keyInPayload(payload, energieKeys, marker),
                    Demo.GEMEENTE_PARTICIPANT_ID, Demo.ENERGIE_PARTICIPANT_ID));
            List<String> inconsistentReplays = replays(hub, load);
            Map<String, Boolean> healthy = new LinkedHashMap<>();
            Service.ALL.forEach(service -> healthy.put(service.name(), hub.healthy(service)));
            hub.setDelivery(Demo.ENERGIE_PARTICIPANT_ID, Map.of("mode", "mailbox"));

            report(began, figures, inconsistentReplays, healthy, receiver);
            if (!figures.clean() || !inconsistentReplays.isEmpty() || !mailboxRefusals.isEmpty()) {
                keepLogs();
            }
            assertEquals(List.of(), figures.lost, "accepted but never delivered");
            assertEquals(List.of(), figures.duplicated, "delivered more than once");
            assertEquals(List.of(), figures.mismatched, "delivered under another id than the 201 named");
            assertEquals(List.of(), figures.notFinal, "half-routed: not in a final status");
            assertEquals(List.of(), figures.refused, "refused although valid");
            assertEquals(List.of(), figures.untraced, "stored by the hub, but no submission of the run accounts for it");
            assertEquals(List.of(), figures.deliveredNotStored, "delivered, but routing-service holds no row of it");
            assertEquals(List.of(), figures.unansweredUnproven,
                    "unanswered, not delivered, and not proven never accepted");
            assertEquals(List.of(), figures.underived, "a 201 named another id than the key's claim derives");
            assertEquals(List.of(), inconsistentReplays, "a retry with the same Idempotency-Key answered otherwise");
            assertEquals(List.of(), mailboxRefusals, "the creditor's own mailbox refused a fetch or acknowledgement");
            assertEquals(Map.of(), receiver.undecryptable(), "pushes the receiver could not decrypt");
            assertEquals(Map.of(), receiver.unverified(), "pushes whose Standard Webhooks signature did not verify");
            assertTrue(healthy.values().stream().allMatch(Boolean::booleanValue), "unhealthy: " + healthy);
            assertTrue(load.started() >= SUBMISSIONS, "load reached " + SUBMISSIONS);
        }
    }

    /** The faults of the run, in order: each cycle runs the chosen kinds of rounds. */
    private static List<Fault> faults() {
        List<Fault> faults = new ArrayList<>();
        for (int cycle = 0; cycle < CYCLES; cycle++) {
            if (ROUNDS.contains("each")) {
                for (String component : LocalStack.RESTARTABLE) {
                    faults.add(new Fault("kill -9 " + component, s -> s.restart(component, false)));
                }
            }
            if (ROUNDS.contains("together")) {
                faults.add(new Fault("kill -9 all together", s -> s.restartTogether(LocalStack.RESTARTABLE, false)));
            }
            if (ROUNDS.contains("rolling")) {
                faults.add(new Fault("SIGTERM rolling restart",
                        s -> LocalStack.RESTARTABLE.forEach(c -> s.restart(c, true))));
            }
        }
        return faults;
    }

    /**
     * One fault: pick the creditor's delivery mode, run normal load for the settle time and until {@code startAt}
     * submissions have started, crash, restart, and wait until submissions succeed again.
     */
    private void round(LocalStack stack, HubApi hub, PushReceiver receiver, SubmissionLoad load, int round,
            int startAt, Fault fault) {
        boolean push = round % 2 == 1;
        if (push && !receiver.trustsAny()) {
            // the run's own webhook signing secret, issued before the first switch to push, so that routing signs
            // every push of the run with it (a creditor that had one keeps it signing for the overlap)
            receiver.trust(hub.issueWebhookSecret(Demo.ENERGIE_PARTICIPANT_ID));
        }
        hub.setDelivery(Demo.ENERGIE_PARTICIPANT_ID, push
                ? Map.of("mode", "webhook", "webhookUrl", receiver.url().toString())
                : Map.of("mode", "mailbox")).ifPresent(receiver::trust);
        long settleUntil = System.nanoTime() + SETTLE.toNanos();
        awaitUntil(SETTLE.plusSeconds(5), () -> System.nanoTime() >= settleUntil);
        awaitUntil(Duration.ofSeconds(Math.max(120, (long) (SUBMISSIONS / RATE) * 3)),
                () -> load.started() >= startAt);
        int startedAtFault = load.started();
        long begin = System.nanoTime();
        fault.inject().accept(stack);
        long ready = System.nanoTime();
        // recovered: a fresh submission gets its 201 at its first try (the load's own retries may wait on older keys);
        // a probe that does not is retried with its key in the background and reconciled like the load
        org.awaitility.Awaitility.await().atMost(RECOVERY_LIMIT).pollInterval(Duration.ofSeconds(1))
                .until(load::probe);
        long recovered = System.nanoTime();
        awaitUntil(RECOVERY_LIMIT, () -> Service.ALL.stream().allMatch(hub::healthy));
        String figures = String.format("restart until ready %.1f s, fresh submission accepted after %.1f s (delivery %s,"
                + " fault at submission %d, %d submitted after recovery)",
                (ready - begin) / 1e9, (recovered - begin) / 1e9, push ? "push" : "mailbox", startedAtFault,
                load.started());
        recoveries.put("round " + (round + 1) + ": " + fault.name(), figures);
        note("round " + (round + 1) + " " + fault.name() + ": " + figures);
    }

    /**
     * Waits until nothing submitted can still change what the hub holds: no record waits in Kafka for validation or
     * routing, no message of the run waits for a push, and then {@link #PUSH_SETTLE} more, so a push repeated after
     * its lease has arrived before the receiver's pushes are counted. What does not settle in time is left to the
     * reconciliation, which reports it.
     */
    private void settle(LocalStack stack, RoutingTables tables) {
        try {
            awaitUntil(Duration.ofSeconds(120), () -> KafkaBacklog.of(stack.kafkaBootstrapServers()).values().stream()
                    .allMatch(waiting -> waiting == 0));
        } catch (org.awaitility.core.ConditionTimeoutException backlog) {
            note("records still wait in Kafka after 120 s: " + KafkaBacklog.of(stack.kafkaBootstrapServers()));
        }
        try {
            awaitUntil(Duration.ofSeconds(180), () -> tables.waitingPushes(Demo.GEMEENTE_PARTICIPANT_ID,
                    Demo.ENERGIE_PARTICIPANT_ID) == 0);
        } catch (org.awaitility.core.ConditionTimeoutException waiting) {
            note("messages still wait for a push after 180 s");
        }
        awaitQuiet(PUSH_SETTLE);
        note("settled: no Kafka backlog, no push waiting, " + PUSH_SETTLE.toSeconds() + " s quiet");
    }

    /** The submission key in a payload routing still holds, or null when it is none of this run's. */
    private static String keyInPayload(String jwe, List<PublicJsonWebKey> keys, String marker) {
        try {
            String toelichting = JSON.readTree(RecipientCipher.decrypt(jwe, keys)).path("toelichting").asText("");
            return toelichting.startsWith(marker) ? toelichting.substring(marker.length()) : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static java.util.Set<String> arrived(HubApi hub, PushReceiver receiver) {
        java.util.Set<String> ids = new java.util.HashSet<>(hub.inbox(RECIPIENT));
        receiver.pushes().forEach(p -> ids.add(p.messageId()));
        return ids;
    }

    /**
     * Fetches and acknowledges every message of this run in the creditor's mailbox, tracing each to its key. A fetch
     * or acknowledgement the API refuses is a finding (the message then has no final status), not an abort, so the
     * report is complete.
     */
    private List<String> drainMailbox(HubApi hub, String marker, Reconciliation reconciliation) {
        List<String> refused = new ArrayList<>();
        for (String id : hub.inbox(RECIPIENT)) {
            HubApi.Reply message = hub.get(RECIPIENT, "/api/v1/inbox/" + id);
            if (message.status() != 200) {
                refused.add("fetching " + id + " answered " + message.status() + " " + problemType(message));
                continue;
            }
            String jwe = message.body().path("encryptedPayload").asText();
            String toelichting;
            try {
                toelichting = JSON.readTree(RecipientCipher.decrypt(jwe, energieKeys)).path("toelichting").asText("");
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            if (!toelichting.startsWith(marker)) {
                continue;
            }
            reconciliation.delivered(new Reconciliation.Delivered(id, toelichting.substring(marker.length()),
                    "mailbox"));
            HubApi.Reply ack = hub.post(RECIPIENT, "/api/v1/inbox/" + id + "/ack");
            if (ack.status() != 204) {
                refused.add("acknowledging " + id + " answered " + ack.status() + " " + problemType(ack));
            }
        }
        if (!refused.isEmpty()) {
            note(refused.size() + " mailbox calls refused, first: " + refused.get(0));
        }
        return refused;
    }

    private static String problemType(HubApi.Reply reply) {
        return reply.body() == null ? "" : reply.body().path("type").asText("") + " "
                + reply.body().path("detail").asText("");
    }

    /**
     * A retry with the same key and body of an accepted submission answers its 201 with the same id again: replayed
     * from the recorded result, or (when recording it failed) re-judged under the same derived id (ADR 0025).
     */
    private List<String> replays(HubApi hub, SubmissionLoad load) {
        List<String> inconsistent = new ArrayList<>();
        java.util.concurrent.atomic.AtomicInteger rejudged = new java.util.concurrent.atomic.AtomicInteger();
        load.submissions().stream().filter(s -> s.outcome() == SubmissionLoad.Outcome.ACCEPTED)
                .limit(Integer.getInteger("fault.replays", 200)).forEach(s -> {
                    HubApi.Reply again = hub.submit(SENDER, s.body(), s.key());
                    String id = again.body() == null ? null : again.body().path("id").asText(null);
                    if (again.status() == 201 && !again.replayed()) {
                        rejudged.incrementAndGet();
                    }
                    if (again.status() != 201 || !s.messageId().equals(id)) {
                        inconsistent.add(s.key() + ": first 201 " + s.messageId() + ", retry " + again.status()
                                + " " + id + (again.replayed() ? " replayed" : ""));
                    }
                });
        note("replays: " + rejudged.get() + " of the accepted submissions had no recorded result and were re-judged "
                + "under the same id");
        return inconsistent;
    }

    private static ObjectNode saldoverzoek(HubApi hub) throws IOException {
        JsonNode type = hub.get(SENDER, "/api/v1/standard/schuldinventarisatie/saldoverzoek").body();
        ObjectNode request = JSON.createObjectNode().put("module", "schuldinventarisatie").put("type", "saldoverzoek")
                .put("recipient", Demo.ENERGIE_PARTICIPANT_ID);
        request.set("payload", type.get("example").deepCopy());
        return request;
    }

    private void report(Instant began, Reconciliation.Figures figures, List<String> replays,
            Map<String, Boolean> healthy, PushReceiver receiver) throws IOException {
        StringBuilder b = new StringBuilder();
        b.append("Fault injection run ").append(began).append(" (").append(Duration.between(began, Instant.now())
                .toSeconds()).append(" s): target ").append(SUBMISSIONS).append(" submissions, ").append(RATE)
                .append("/s, ").append(CLIENTS).append(" clients, ").append(CYCLES).append(" cycle(s)\n\n");
        recoveries.forEach((round, text) -> b.append(round).append(": ").append(text).append('\n'));
        b.append('\n');
        figures.summary().forEach((k, v) -> b.append(String.format("%-66s %s%n", k, v)));
        b.append(String.format("%-66s %s%n", "inconsistent idempotent replays", replays.size()));
        b.append(String.format("%-66s %s%n", "services healthy at the end", healthy));
        figures.findings().forEach((kind, items) -> items.stream().limit(20)
                .forEach(item -> b.append(kind).append(": ").append(item).append('\n')));
        replays.stream().limit(20).forEach(r -> b.append("replay: ").append(r).append('\n'));
        b.append('\n');
        log.forEach(line -> b.append(line).append('\n'));
        Path file = Path.of("target", "fault-injection-report.txt");
        Files.createDirectories(file.getParent());
        Files.writeString(file, b.toString(), StandardCharsets.UTF_8);
        System.out.println(b);
    }

    /** Copies the stack's logs out of its state directory, which the next start of the stack wipes. */
    private void keepLogs() throws IOException {
        Path from = LocalStackExtension.stateDir().resolve("logs");
        Path to = Path.of("target", "fault-injection-logs");
        Files.createDirectories(to);
        try (var files = Files.list(from)) {
            for (Path file : files.toList()) {
                Files.copy(file, to.resolve(file.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
        note("logs of the stack copied to " + to.toAbsolutePath());
    }

    private void note(String line) {
        String stamped = Instant.now() + " " + line;
        log.add(stamped);
        System.out.println("[fault-injection] " + stamped);
    }

    private static void awaitUntil(Duration limit, java.util.concurrent.Callable<Boolean> condition) {
        org.awaitility.Awaitility.await().atMost(limit).pollInterval(Duration.ofMillis(250))
                .ignoreExceptions().until(condition);
    }

    private static void awaitQuiet(Duration quiet) {
        long until = System.nanoTime() + quiet.toNanos();
        awaitUntil(quiet.plusSeconds(5), () -> System.nanoTime() >= until);
    }
}
