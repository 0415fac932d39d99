package nl.knooppunt.routing.idempotency.rest;

import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.ResponseStatus;

import io.smallrye.mutiny.Uni;
import nl.knooppunt.routing.common.problem.ProblemException;
import nl.knooppunt.routing.config.RoutingConfig;
import nl.knooppunt.routing.idempotency.repository.IdempotencyRepository;

/** Idempotency keys of submissions for portal-api: claim, complete with the first result, release on failure. */
@Path("/internal/v1/idempotency-keys")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed(IdempotencyResource.GROUP)
public class IdempotencyResource {

    /** Group a caller needs to use idempotency keys. */
    public static final String GROUP = "messages.write";
    private static final int MAX_KEY_LENGTH = 255;

    private final IdempotencyRepository repository;
    private final Clock clock;
    private final RoutingConfig.Expiry config;

    public IdempotencyResource(IdempotencyRepository repository, Clock clock, RoutingConfig config) {
        this.repository = repository;
        this.clock = clock;
        this.config = config.routing().expiry();
    }

    /**
     * A key of a sender and the digest of a request body.
     *
     * @param result the first result (opaque JSON text), on complete only
     */
    public record KeyRequest(String sender, String key, String digest, String result) {
    }

    /**
     * The answer to a claim.
     *
     * @param outcome claimed, completed, mismatch or in-progress
     * @param result  the first result when completed
     */
    public record ClaimView(String outcome, String result) {
    }

    @POST
    @Path("/claim")
    public Uni<ClaimView> claim(KeyRequest request) {
        UUID sender = check(request);
        Instant now = clock.instant();
        return repository.claim(sender, request.key(), request.digest(), now, now.minus(config.idempotencyKeyTtl()))
                .map(claim -> new ClaimView(claim.outcome().name().toLowerCase(Locale.ROOT).replace('_', '-'),
                        claim.result()));
    }

    @POST
    @Path("/complete")
    @ResponseStatus(204)
    public Uni<Void> complete(KeyRequest request) {
        UUID sender = check(request);
        if (request.result() == null) {
            throw ProblemException.badRequest("'result' is required");
        }
        return repository.complete(sender, request.key(), request.digest(), request.result()).map(done -> {
            if (!done) {
                throw ProblemException.notFound("no open claim for this key and body");
            }
            return null;
        });
    }

    @POST
    @Path("/release")
    @ResponseStatus(204)
    public Uni<Void> release(KeyRequest request) {
        return repository.release(check(request), request.key(), request.digest());
    }

    private static UUID check(KeyRequest request) {
        if (request == null || request.sender() == null || request.key() == null || request.digest() == null
                || request.key().isEmpty() || request.key().length() > MAX_KEY_LENGTH) {
            throw ProblemException.badRequest("'sender', 'key' (1 to 255 characters) and 'digest' are required");
        }
        try {
            return UUID.fromString(request.sender());
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("'sender' must be a participant id");
        }
    }
}
