package nl.knooppunt.client;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * The hub's API v1 for a vendor system: submit, follow what you sent, pull and acknowledge your inbox. Thread-safe;
 * build one per API client and take {@link #actingFor(String)} views of it for the participants it acts for.
 *
 * <pre>{@code
 * KnooppuntClient hub = KnooppuntClient.builder(URI.create("https://hub.example"))
 *         .credentials(ClientCredentials.of(tokenUrl, "my-client", secret)).build();
 * SubmitResult sent = hub.submit(NewMessage.to(creditorId, "schuldinventarisatie", "saldoverzoek", payload));
 * }</pre>
 */
public final class KnooppuntClient {

    static final String INBOX = "/inbox";
    static final String VENDOR_INBOX = "/vendor-inbox";

    private final Transport transport;
    private final ClientCredentials credentials;
    private final String participant;

    private KnooppuntClient(Transport transport, ClientCredentials credentials, String participant) {
        this.transport = transport;
        this.credentials = credentials;
        this.participant = participant;
    }

    /** A builder for the hub at this base URL (scheme, host and port; the client adds {@code /api/v1}). */
    public static Builder builder(URI hubUrl) {
        return new Builder(hubUrl);
    }

    /**
     * The same client acting for this participant ({@code Knooppunt-Participant}): needed by an API client with
     * mandates for several participants. Shares the token and the HTTP client.
     */
    public KnooppuntClient actingFor(String participantId) {
        return new KnooppuntClient(transport, credentials, Objects.requireNonNull(participantId, "participantId"));
    }

    /** The participant this client acts for, null when the hub decides (a client with one mandate). */
    public String participant() {
        return participant;
    }

    /** The tokens this client sends. */
    public ClientCredentials credentials() {
        return credentials;
    }

    /**
     * Submits a message with a new {@code Idempotency-Key}, retried with that key as the {@link RetryPolicy} says.
     *
     * @throws ProblemException when the hub refuses it, e.g. {@code 422} with its {@link ProblemException#violations()}
     */
    public SubmitResult submit(NewMessage message) {
        return submit(message.toJson(), newIdempotencyKey());
    }

    /**
     * Submits a message with your own {@code Idempotency-Key}: keep the key with the message in your system and a
     * retry after a crash of your system is still delivered once (within 24 hours).
     */
    public SubmitResult submit(NewMessage message, String idempotencyKey) {
        return submit(message.toJson(), idempotencyKey);
    }

    /** Submits a request body already written as JSON ({@code module}, {@code type}, {@code recipient}, ...). */
    public SubmitResult submit(String requestJson, String idempotencyKey) {
        return Transport.await(submitAsync(requestJson, idempotencyKey));
    }

    /** {@link #submit(NewMessage)} without blocking. */
    public CompletableFuture<SubmitResult> submitAsync(NewMessage message) {
        return submitAsync(message.toJson(), newIdempotencyKey());
    }

    /** {@link #submit(String, String)} without blocking. */
    public CompletableFuture<SubmitResult> submitAsync(String requestJson, String idempotencyKey) {
        Transport.Call call = Transport.Call.post("/messages", participant, requestJson)
                .withHeader("Idempotency-Key", Objects.requireNonNull(idempotencyKey, "idempotencyKey"));
        return transport.send(call, response -> SubmitResult.of(Json.read(response.body()), idempotencyKey,
                response.headers().firstValue("Idempotent-Replayed").map("true"::equalsIgnoreCase).orElse(false)));
    }

    /** A fresh key for one submission (a random UUID). */
    public static String newIdempotencyKey() {
        return UUID.randomUUID().toString();
    }

    /** The status of a message you sent. */
    public MessageStatus status(String messageId) {
        return Transport.await(transport.send(Transport.Call.get("/messages/" + encode(messageId), participant),
                response -> MessageStatus.of(Json.read(response.body()))));
    }

    /** The events of everything you sent after this cursor (null: from the start), up to {@code limit} (1-500). */
    public EventPage events(String after, int limit) {
        String query = "?limit=" + limit + (after == null ? "" : "&after=" + encode(after));
        return Transport.await(transport.send(Transport.Call.get("/events" + query, participant),
                response -> EventPage.of(Json.read(response.body()))));
    }

    /** The inbox of the participant this client acts for. */
    public Inbox inbox() {
        return new Inbox(transport, INBOX, participant);
    }

    /** The vendor-wide inbox: the messages of every participant this API client acts for (ADR 0038). */
    public Inbox vendorInbox() {
        return new Inbox(transport, VENDOR_INBOX, null);
    }

    /** One message of your inbox with its content; marks it fetched. */
    public InboxMessage fetch(String messageId) {
        return Transport.await(transport.send(Transport.Call.get(INBOX + "/" + encode(messageId), participant),
                response -> InboxMessage.of(Json.read(response.body()))));
    }

    /** Acknowledges one message of your inbox; the hub deletes its content. */
    public void acknowledge(String messageId) {
        Transport.await(transport.send(Transport.Call.post(INBOX + "/" + encode(messageId) + "/ack", participant,
                null), response -> null));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** Builds a {@link KnooppuntClient}. */
    public static final class Builder {

        private final URI hubUrl;
        private ClientCredentials credentials;
        private HttpClient http;
        private RetryPolicy retry = RetryPolicy.defaults();
        private Duration requestTimeout = Duration.ofSeconds(30);

        private Builder(URI hubUrl) {
            this.hubUrl = Objects.requireNonNull(hubUrl, "hubUrl");
        }

        /** The API client's tokens (required). */
        public Builder credentials(ClientCredentials tokens) {
            this.credentials = tokens;
            return this;
        }

        /** The HTTP client (default: a new one with a 10 s connect timeout). */
        public Builder httpClient(HttpClient client) {
            this.http = client;
            return this;
        }

        /** When to retry (default {@link RetryPolicy#defaults()}). */
        public Builder retryPolicy(RetryPolicy policy) {
            this.retry = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /** The timeout of each attempt (default 30 s). */
        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        public KnooppuntClient build() {
            Objects.requireNonNull(credentials, "credentials");
            HttpClient client = http != null ? http
                    : HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
            URI api = URI.create(hubUrl.toString().replaceAll("/+$", "") + "/api/v1");
            return new KnooppuntClient(new Transport(api, client, credentials, retry, requestTimeout), credentials,
                    null);
        }
    }
}
