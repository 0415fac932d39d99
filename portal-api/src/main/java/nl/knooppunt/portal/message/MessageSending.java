package nl.knooppunt.portal.message;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import nl.knooppunt.kit.problem.Problem;
import nl.knooppunt.kit.problem.ProblemException;
import nl.knooppunt.portal.downstream.routing.RoutingClient;
import nl.knooppunt.portal.identity.Caller;
import nl.knooppunt.portal.problem.Downstream;

/**
 * POST /api/v1/messages beyond one plain submission: several {@code recipients} (one submission each, answered
 * together) and the {@code Idempotency-Key} (the first result is kept by routing-service for 24 h per sender; the
 * same key with the same body answers it again, with another body 409). Keyed submissions get message ids derived
 * from the request, so a retry after a timeout or a crash resubmits the same ids and cannot deliver twice (ADR 0025).
 */
@ApplicationScoped
public class MessageSending {

    /** Request header of idempotent submissions. */
    public static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    /** Response header set when an answer is a replay of the first result. */
    public static final String REPLAYED = "Idempotent-Replayed";
    private static final int MAX_RECIPIENTS = 100;
    private static final int MAX_KEY_LENGTH = 255;
    private static final Logger LOG = Logger.getLogger(MessageSending.class);

    private final SubmissionService submissions;
    private final RoutingClient routing;
    private final ObjectMapper mapper;
    private final IdempotencyConfig idempotency;
    private final Recipients recipients;

    public MessageSending(SubmissionService submissions, @RestClient RoutingClient routing, ObjectMapper mapper,
            IdempotencyConfig idempotency, Recipients recipients) {
        this.submissions = submissions;
        this.routing = routing;
        this.mapper = mapper;
        this.idempotency = idempotency;
        this.recipients = recipients;
    }

    /**
     * Sends the message, idempotently when a key is given. Recipients named by OIN are resolved first; an unknown one
     * is a 422 {@code recipient.unknown} (with {@code recipients}: that recipient's entry), before any key is claimed.
     */
    public Uni<Response> send(Caller caller, SubmissionRequest request, String idempotencyKey) {
        check(request);
        if (idempotencyKey != null && (idempotencyKey.isBlank() || idempotencyKey.length() > MAX_KEY_LENGTH)) {
            throw ProblemException.badRequest("the Idempotency-Key header must have 1 to 255 characters");
        }
        return recipients.resolve(request).chain(targets -> {
            if (request.recipients() == null && !targets.get(0).known()) {
                return Uni.createFrom().failure(ProblemException.violations(List.of(targets.get(0).violation())));
            }
            distinct(targets);
            return send(caller, request, targets, idempotencyKey);
        });
    }

    private Uni<Response> send(Caller caller, SubmissionRequest request, List<Recipients.Target> targets,
            String idempotencyKey) {
        if (idempotencyKey == null) {
            return submit(caller, request, targets, recipient -> null);
        }
        String digest = digest(request);
        RoutingClient.KeyRequest key = new RoutingClient.KeyRequest(caller.participantId(), idempotencyKey,
                digest, null, idempotency.lease().toString());
        return routing.claim(key)
                .onFailure().transform(Downstream.failure("routing-service", "no such key"))
                .chain(claim -> switch (claim.outcome()) {
                    case "claimed" -> submit(caller, request, targets, recipient -> MessageIds.of(key.sender(),
                            key.key(), digest, claim.since(), recipient))
                            .call(response -> complete(key, remember(response)))
                            .onFailure().call(failure -> settled(failure)
                                    ? routing.release(key).onFailure().recoverWithNull()
                                    : Uni.createFrom().voidItem());
                    case "completed" -> Uni.createFrom().item(replay(claim.result()));
                    case "mismatch" -> Uni.createFrom().failure(new ProblemException(Problem.of(409,
                            "idempotency-key-reused", "Idempotency key reused",
                            "this Idempotency-Key was used with a different request body in the last 24 hours")));
                    default -> Uni.createFrom().failure(new ProblemException(Problem.of(409,
                            "idempotency-key-in-progress", "Request in progress",
                            "a request with this Idempotency-Key is still being processed; retry shortly"),
                            Map.of("Retry-After", Long.toString(Math.max(1, idempotency.lease().toSeconds())))));
                });
    }

    /**
     * Whether a failed keyed submission is settled: refused before or by validation (a client error or 422), so
     * nothing of it will be delivered and the key may be used again. Anything else (503, no verdict in time, Kafka
     * down, a crash) keeps the claim open: the submission may still be delivered, and a retry after the lease
     * submits the same message ids (ADR 0025).
     */
    private static boolean settled(Throwable failure) {
        return failure instanceof ProblemException problem && problem.problem().status() < 500;
    }

    private Uni<Void> complete(RoutingClient.KeyRequest key, String result) {
        RoutingClient.KeyRequest done = new RoutingClient.KeyRequest(key.sender(), key.key(), key.digest(), result,
                null);
        Uni<Void> call = routing.complete(done);
        if (idempotency.completeAttempts() > 1) {
            call = call.onFailure(MessageSending::retriable).retry().withBackOff(Duration.ofMillis(100))
                    .atMost(idempotency.completeAttempts() - 1L);
        }
        return call.onFailure().invoke(f -> LOG.warnf("the result of an Idempotency-Key of %s could not be recorded "
                        + "(%s); a retry will submit the same message again", key.sender(),
                        f.getClass().getSimpleName()))
                .onFailure().recoverWithNull();
    }

    private static boolean retriable(Throwable failure) {
        return !(failure instanceof WebApplicationException web) || web.getResponse().getStatus() >= 500;
    }

    /**
     * Submits to every resolved recipient (by participant id); a recipient that could not be resolved is a rejected
     * entry. Entries name each recipient as the request did.
     */
    private Uni<Response> submit(Caller caller, SubmissionRequest request, List<Recipients.Target> targets,
            Function<String, String> ids) {
        if (request.recipients() == null) {
            String recipient = targets.get(0).participantId();
            return submissions.submit(caller, request.to(recipient), ids.apply(recipient)).map(result -> Response
                    .created(URI.create("/api/v1/messages/" + result.id())).entity(result).build());
        }
        List<Uni<MultiSubmissionResult.Entry>> each = targets.stream()
                .map(target -> target.known() ? submissions.submit(caller, request.to(target.participantId()),
                        ids.apply(target.participantId()))
                        .map(r -> new MultiSubmissionResult.Entry(target.given(), r.id(), r.conversationId(),
                                r.status(), null))
                        // only a rejection becomes an entry; anything else fails the request as it is (throwing
                        // from the recovery would wrap it in a CompositeException, an unmapped 500)
                        .onFailure(MessageSending::rejected).recoverWithItem(f -> new MultiSubmissionResult.Entry(
                                target.given(), null, null, "rejected", ((ProblemException) f).problem().violations()))
                        : Uni.createFrom().item(new MultiSubmissionResult.Entry(target.given(), null, null,
                                "rejected", List.of(target.violation()))))
                .toList();
        return Uni.join().all(each).andFailFast().map(entries -> {
            boolean anyAccepted = entries.stream().anyMatch(e -> "accepted".equals(e.status()));
            return Response.status(anyAccepted ? 201 : 422).entity(new MultiSubmissionResult(entries)).build();
        });
    }

    private static boolean rejected(Throwable failure) {
        return failure instanceof ProblemException problem && problem.problem().status() == 422;
    }

    private static void check(SubmissionRequest request) {
        if (request == null) {
            throw ProblemException.badRequest("a JSON body with module, type, recipient and payload is required");
        }
        if (request.recipients() == null) {
            return;
        }
        if (request.recipient() != null) {
            throw ProblemException.badRequest("give either 'recipient' or 'recipients', not both");
        }
        if (request.recipients().isEmpty() || request.recipients().size() > MAX_RECIPIENTS) {
            throw ProblemException.badRequest("'recipients' must name 1 to " + MAX_RECIPIENTS + " participants");
        }
        if (request.recipients().stream().anyMatch(r -> r == null || r.isBlank())
                || new HashSet<>(request.recipients()).size() != request.recipients().size()) {
            throw ProblemException.badRequest("'recipients' must be distinct participant ids or OINs");
        }
    }

    /** Refuses {@code recipients} that name one participant twice, once by id and once by OIN. */
    private static void distinct(List<Recipients.Target> targets) {
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < targets.size(); i++) {
            String id = targets.get(i).participantId();
            Integer earlier = id == null ? null : seen.putIfAbsent(id.toLowerCase(Locale.ROOT), i);
            if (earlier != null) {
                throw ProblemException.badRequest("/recipients/" + i + " names the same participant as /recipients/"
                        + earlier);
            }
        }
    }

    private String digest(SubmissionRequest request) {
        try {
            byte[] body = mapper.writeValueAsBytes(request);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw ProblemException.badRequest("the request body cannot be serialised as JSON");
        }
    }

    private String remember(Response response) {
        try {
            return mapper.writeValueAsString(Map.of("status", response.getStatus(),
                    "location", response.getLocation() == null ? "" : response.getLocation().toString(),
                    "body", mapper.valueToTree(response.getEntity())));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("result cannot be serialised", e);
        }
    }

    private Response replay(String stored) {
        try {
            JsonNode result = mapper.readTree(stored.getBytes(StandardCharsets.UTF_8));
            Response.ResponseBuilder builder = Response.status(result.path("status").asInt())
                    .type(MediaType.APPLICATION_JSON).entity(result.path("body")).header(REPLAYED, "true");
            String location = result.path("location").asText("");
            if (!location.isEmpty()) {
                builder.location(URI.create(location));
            }
            return builder.build();
        } catch (java.io.IOException e) {
            throw ProblemException.unavailable("the first result of this Idempotency-Key cannot be read",
                    Downstream.RETRY_AFTER_SECONDS);
        }
    }
}
