package nl.knooppunt.localstack.fault;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A steady load of submissions as a careful vendor sends them: a few concurrent clients, each submission with its
 * own Idempotency-Key, retried with the same key and body on 503, 429, 409 in-progress, 5xx, a timeout or a refused
 * connection, until it gets a final answer or its retry window ends. Recovery probes are fresh submissions tried
 * once for the measurement and then retried with their key like the others, so they are reconciled too. Every
 * submission carries its key in the payload ({@code toelichting}), so the reconciliation can tell which submission
 * each delivered message is.
 */
public final class SubmissionLoad implements AutoCloseable {

    /** What became of one submission. */
    public enum Outcome {
        /** 201: the hub accepted it. */
        ACCEPTED,
        /** A final refusal (4xx other than 409 in-progress and 429); never expected in this run. */
        REFUSED,
        /** No final answer within the retry window. */
        UNANSWERED
    }

    /**
     * One submission: its key, body, whether it is a recovery probe, its outcome (null while in flight), the message
     * id of the 201, how many tries it took and the statuses seen.
     */
    public static final class Submission {
        final String key;
        final String body;
        final boolean probe;
        volatile Outcome outcome;
        volatile String messageId;
        volatile int tries;
        final List<String> answers = new ArrayList<>();

        Submission(String key, String body, boolean probe) {
            this.key = key;
            this.body = body;
            this.probe = probe;
        }

        public String key() {
            return key;
        }

        public String body() {
            return body;
        }

        public boolean probe() {
            return probe;
        }

        public Outcome outcome() {
            return outcome;
        }

        public String messageId() {
            return messageId;
        }

        public int tries() {
            return tries;
        }

        public synchronized List<String> answers() {
            return List.copyOf(answers);
        }

        synchronized void answer(String what) {
            answers.add(what);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(40);

    private final URI messages;
    private final Supplier<String> token;
    private final String runId;
    private final ObjectNode template;
    private final int clients;
    private final double perSecond;
    private final Duration retryWindow;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    private final Map<String, Submission> submissions = new ConcurrentHashMap<>();
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicInteger started = new AtomicInteger();
    private final AtomicLong lastAccepted = new AtomicLong();
    private final AtomicInteger limit = new AtomicInteger(Integer.MAX_VALUE);
    private final ExecutorService probeRetries = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "fault-probe-retry");
        thread.setDaemon(true);
        return thread;
    });
    private ExecutorService pool;
    private Thread pacer;

    /**
     * @param api         base URL of portal-api
     * @param token       a current access token of the sending API client (refreshed by the caller)
     * @param template    a valid submission request; its payload gets {@code toelichting} per submission
     * @param clients     concurrent clients
     * @param perSecond   new submissions per second, all clients together
     * @param retryWindow how long one submission is retried before it counts as unanswered
     */
    public SubmissionLoad(URI api, Supplier<String> token, ObjectNode template, int clients, double perSecond,
            Duration retryWindow) {
        this.messages = URI.create(api.toString().replaceAll("/$", "") + "/api/v1/messages");
        this.token = token;
        this.template = template;
        this.clients = clients;
        this.perSecond = perSecond;
        this.retryWindow = retryWindow;
        this.runId = UUID.randomUUID().toString().substring(0, 8);
    }

    /** The marker every payload of this run carries in {@code toelichting}: {@code fault-run <run> <key>}. */
    public String marker() {
        return "fault-run " + runId + " ";
    }

    /** Starts the clients; new submissions start at the configured rate, never faster to make up for a stall. */
    public void start() {
        running.set(true);
        pool = Executors.newFixedThreadPool(clients);
        Semaphore free = new Semaphore(clients);
        pacer = new Thread(() -> {
            long intervalNanos = (long) (1_000_000_000L / perSecond);
            long next = System.nanoTime();
            while (running.get() && started.get() < limit.get()) {
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    java.util.concurrent.locks.LockSupport.parkNanos(wait);
                    continue;
                }
                next += intervalNanos;
                try {
                    free.acquire();
                } catch (InterruptedException e) {
                    return;
                }
                // no burst to catch up after the clients were all busy (an outage): the rate stays steady, so the
                // load's progress measures healthy time and faults spread by it are spread in time
                next = Math.max(next, System.nanoTime());
                started.incrementAndGet();
                pool.execute(() -> {
                    try {
                        submitOne();
                    } finally {
                        free.release();
                    }
                });
            }
        }, "fault-load-pacer");
        pacer.start();
    }

    /** Starts no new submissions once {@code total} have started. */
    public void limitTo(int total) {
        limit.set(total);
    }

    /** How many submissions have started. */
    public int started() {
        return started.get();
    }

    /** When the last 201 arrived ({@link System#nanoTime()}), 0 before the first. */
    public long lastAcceptedNanos() {
        return lastAccepted.get();
    }

    /** How many got a 201 so far. */
    public long accepted() {
        return submissions.values().stream().filter(s -> s.outcome == Outcome.ACCEPTED).count();
    }

    /** Stops starting submissions and waits for those in flight, probes included, to finish (retries included). */
    public void stopAndAwait(Duration timeout) throws InterruptedException {
        running.set(false);
        if (pacer != null) {
            pacer.join(timeout.toMillis());
        }
        if (pool != null) {
            pool.shutdown();
            if (!pool.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("submissions still in flight after " + timeout);
            }
        }
        probeRetries.shutdown();
        if (!probeRetries.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("recovery probes still in flight after " + timeout);
        }
    }

    /** Every submission of the run. */
    public Collection<Submission> submissions() {
        return submissions.values();
    }

    @Override
    public void close() {
        running.set(false);
        if (pool != null) {
            pool.shutdownNow();
        }
        probeRetries.shutdownNow();
    }

    /**
     * A recovery probe: one fresh submission whose first try tells whether the hub accepts submissions again. If that
     * try got a retryable answer, the probe is retried in the background with the same key and body, like the load,
     * until it gets a final answer or its retry window ends; it is reconciled like every other submission.
     *
     * @return whether the first try was answered 201
     */
    public boolean probe() {
        Submission submission = newSubmission(true);
        long deadline = System.nanoTime() + retryWindow.toNanos();
        submission.tries++;
        Answer first = send(submission);
        submission.answer(first.describe());
        if (first.status == 201 || !first.retryable()) {
            keepTrying(submission, deadline, first);
            return first.status == 201;
        }
        probeRetries.execute(() -> keepTrying(submission, deadline, first));
        return false;
    }

    private Submission newSubmission(boolean probe) {
        String key = UUID.randomUUID().toString();
        ObjectNode request = template.deepCopy();
        ((ObjectNode) request.get("payload")).put("toelichting", marker() + key);
        Submission submission = new Submission(key, request.toString(), probe);
        submissions.put(key, submission);
        return submission;
    }

    private void submitOne() {
        keepTrying(newSubmission(false), System.nanoTime() + retryWindow.toNanos(), null);
    }

    /**
     * Tries the submission with its key and body until a final answer or the deadline; {@code previous} is the answer
     * of a try already made (null: none yet).
     */
    private void keepTrying(Submission submission, long deadline, Answer previous) {
        Duration backoff = Duration.ofMillis(250);
        Answer answer = previous;
        while (true) {
            if (answer == null) {
                submission.tries++;
                answer = send(submission);
                submission.answer(answer.describe());
            }
            if (answer.status == 201) {
                submission.messageId = answer.messageId;
                submission.outcome = Outcome.ACCEPTED;
                lastAccepted.set(System.nanoTime());
                return;
            }
            if (!answer.retryable()) {
                submission.outcome = Outcome.REFUSED;
                return;
            }
            if (System.nanoTime() > deadline) {
                submission.outcome = Outcome.UNANSWERED;
                return;
            }
            Duration pause = answer.retryAfter != null ? answer.retryAfter : backoff;
            java.util.concurrent.locks.LockSupport.parkNanos(pause.toNanos());
            backoff = backoff.multipliedBy(2).compareTo(Duration.ofSeconds(4)) > 0 ? Duration.ofSeconds(4)
                    : backoff.multipliedBy(2);
            answer = null;
        }
    }

    /** One POST with the submission's key and body; the same key and body on every try. */
    Answer send(Submission submission) {
        HttpRequest request = HttpRequest.newBuilder(messages).timeout(REQUEST_TIMEOUT)
                .header("Authorization", "Bearer " + token.get())
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", submission.key)
                .POST(HttpRequest.BodyPublishers.ofString(submission.body)).build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            Duration retryAfter = response.headers().firstValue("Retry-After").map(SubmissionLoad::seconds)
                    .orElse(null);
            String id = null;
            String problemType = null;
            boolean replayed = response.headers().firstValue("Idempotent-Replayed").isPresent();
            try {
                JsonNode body = JSON.readTree(response.body());
                id = body.path("id").isTextual() ? body.path("id").asText() : null;
                problemType = body.path("type").isTextual() ? body.path("type").asText() : null;
            } catch (IOException notJson) {
                // an answer without a JSON body, e.g. from a proxy; the status decides
            }
            return new Answer(response.statusCode(), id, problemType, retryAfter, replayed, null);
        } catch (IOException e) {
            return new Answer(0, null, null, null, false, e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(0, null, null, null, false, "interrupted");
        }
    }

    private static Duration seconds(String value) {
        try {
            return Duration.ofSeconds(Math.max(1, Math.min(10, Long.parseLong(value.trim()))));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** One HTTP answer (status 0: no answer: timeout, connection refused or reset). */
    record Answer(int status, String messageId, String problemType, Duration retryAfter, boolean replayed,
            String error) {

        boolean retryable() {
            return status == 0 || status == 503 || status == 429 || status >= 500 || status == 401
                    || (status == 409 && problemType != null && problemType.endsWith("idempotency-key-in-progress"));
        }

        String describe() {
            return status == 0 ? "no answer (" + error + ")" : status + (problemType == null ? ""
                    : " " + problemType.replaceFirst(".*/", "")) + (replayed ? " replayed" : "");
        }
    }
}
