package nl.knooppunt.client;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;

/** Sends one API request with a bearer token, retrying it as the {@link RetryPolicy} says, and reads problems. */
final class Transport {

    private final URI api;
    private final HttpClient http;
    private final ClientCredentials credentials;
    private final RetryPolicy retry;
    private final Duration timeout;

    Transport(URI api, HttpClient http, ClientCredentials credentials, RetryPolicy retry, Duration timeout) {
        this.api = api;
        this.http = http;
        this.credentials = credentials;
        this.retry = retry;
        this.timeout = timeout;
    }

    /** One request: method, path under {@code /api/v1} (with its query), JSON body or null, extra headers. */
    record Call(String method, String path, String body, Map<String, String> headers) {

        static Call get(String path, String participant) {
            return new Call("GET", path, null, participantHeader(participant));
        }

        static Call post(String path, String participant, String body) {
            return new Call("POST", path, body, participantHeader(participant));
        }

        Call withHeader(String name, String value) {
            Map<String, String> more = new LinkedHashMap<>(headers);
            more.put(name, value);
            return new Call(method, path, body, more);
        }

        private static Map<String, String> participantHeader(String participant) {
            return participant == null ? Map.of() : Map.of("Knooppunt-Participant", participant);
        }
    }

    <T> CompletableFuture<T> send(Call call, Function<HttpResponse<String>, T> onSuccess) {
        return attempt(call, onSuccess, 1, System.nanoTime());
    }

    private <T> CompletableFuture<T> attempt(Call call, Function<HttpResponse<String>, T> onSuccess, int attempt,
            long start) {
        HttpRequest request;
        try {
            request = request(call);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).handle((response, failure) -> {
            if (failure != null) {
                Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause() : failure;
                KnooppuntException error = new KnooppuntException(call.method() + " " + request.uri().getPath()
                        + " got no answer: " + cause, cause);
                return cause instanceof IOException ? this.<T>again(call, onSuccess, attempt, start, error,
                        Optional.empty()) : CompletableFuture.<T>failedFuture(error);
            }
            int status = response.statusCode();
            if (status >= 200 && status < 300) {
                try {
                    return CompletableFuture.completedFuture(onSuccess.apply(response));
                } catch (RuntimeException e) {
                    return CompletableFuture.<T>failedFuture(e);
                }
            }
            if (status == 401) {
                credentials.invalidate();
            }
            ProblemException problem = problem(response);
            boolean retriable = status == 429 || status == 503
                    || (status == 409 && problem.retryAfter().isPresent());
            return retriable ? this.<T>again(call, onSuccess, attempt, start, problem, problem.retryAfter())
                    : CompletableFuture.<T>failedFuture(problem);
        }).thenCompose(Function.identity());
    }

    private <T> CompletableFuture<T> again(Call call, Function<HttpResponse<String>, T> onSuccess, int attempt,
            long start, KnooppuntException failure, Optional<Duration> retryAfter) {
        Optional<Duration> delay = retry.nextDelay(attempt, Duration.ofNanos(System.nanoTime() - start), retryAfter);
        if (delay.isEmpty()) {
            return CompletableFuture.failedFuture(failure);
        }
        return CompletableFuture.supplyAsync(() -> null,
                CompletableFuture.delayedExecutor(delay.get().toMillis(), TimeUnit.MILLISECONDS))
                .thenCompose(ignored -> attempt(call, onSuccess, attempt + 1, start));
    }

    private HttpRequest request(Call call) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(api + call.path())).timeout(timeout)
                .header("Authorization", "Bearer " + credentials.accessToken())
                .header("Accept", "application/json, application/problem+json");
        call.headers().forEach(builder::header);
        if (call.body() == null) {
            builder.method(call.method(), HttpRequest.BodyPublishers.noBody());
        } else {
            builder.header("Content-Type", "application/json")
                    .method(call.method(), HttpRequest.BodyPublishers.ofString(call.body()));
        }
        return builder.build();
    }

    /** The problem of a non-2xx answer; a body that is no problem gets the status as its title. */
    static ProblemException problem(HttpResponse<String> response) {
        JsonNode body = Json.readOrNull(response.body());
        Duration retryAfter = response.headers().firstValue("Retry-After").map(Transport::retryAfter).orElse(null);
        int status = response.statusCode();
        if (body == null || !body.isObject()) {
            return new ProblemException(status, "about:blank", "HTTP " + status, null, List.of(), retryAfter);
        }
        return new ProblemException(body.path("status").asInt(status), Json.text(body, "type"),
                Json.text(body, "title"), Json.text(body, "detail"), Json.violations(body.path("violations")),
                retryAfter);
    }

    /** {@code Retry-After} as delay-seconds or an HTTP date; null when it is neither. */
    static Duration retryAfter(String value) {
        String trimmed = value.trim();
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(trimmed)));
        } catch (NumberFormatException notSeconds) {
            try {
                Duration until = Duration.between(java.time.Instant.now(),
                        ZonedDateTime.parse(trimmed, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
                return until.isNegative() ? Duration.ZERO : until;
            } catch (DateTimeParseException neither) {
                return null;
            }
        }
    }

    /** The result of a future, with the exception it failed with (unwrapped) thrown here. */
    static <T> T await(CompletableFuture<T> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            future.cancel(true);
            throw new KnooppuntException("interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new KnooppuntException(String.valueOf(e.getCause()), e.getCause());
        }
    }
}
