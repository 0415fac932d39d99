package nl.knooppunt.routing.idempotency.rest;

import java.time.Duration;
import java.time.format.DateTimeParseException;
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
import nl.knooppunt.kit.problem.ProblemException;
import nl.knooppunt.routing.config.RoutingConfig;
import nl.knooppunt.routing.idempotency.service.IdempotencyKeys;

/**
 * Idempotency keys of submissions for portal-api: claim (or take over an abandoned claim after its lease), complete
 * with the first result, release when nothing was sent.
 */
@Path("/internal/v1/idempotency-keys")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed(IdempotencyResource.GROUP)
public class IdempotencyResource {

    /** Group a caller needs to use idempotency keys. */
    public static final String GROUP = "messages.write";
    private static final int MAX_KEY_LENGTH = 255;

    private final IdempotencyKeys keys;
    private final RoutingConfig.Expiry config;

    public IdempotencyResource(IdempotencyKeys keys, RoutingConfig config) {
        this.keys = keys;
        this.config = config.routing().expiry();
    }

    /**
     * A key of a sender and the digest of a request body.
     *
     * @param result the first result (opaque JSON text), on complete only
     * @param lease  on claim only, optional: after how long (ISO-8601 duration, e.g. {@code PT5S}) an open claim of
     *               the same body counts as abandoned and may be taken over; absent: never before the key expires
     */
    public record KeyRequest(String sender, String key, String digest, String result, String lease) {
    }

    /**
     * The answer to a claim.
     *
     * @param outcome claimed, completed, mismatch or in-progress
     * @param result  the first result when completed
     * @param since   when claimed or completed: when the key's current use began (ISO-8601 instant), the same for
     *                every claim of that use, so the caller can derive the same message ids again
     */
    public record ClaimView(String outcome, String result, String since) {
    }

    @POST
    @Path("/claim")
    public Uni<ClaimView> claim(KeyRequest request) {
        UUID sender = check(request);
        Duration lease = lease(request.lease());
        return keys.claim(sender, request.key(), request.digest(), lease)
                .map(claim -> new ClaimView(claim.outcome().name().toLowerCase(Locale.ROOT).replace('_', '-'),
                        claim.result(), claim.since()));
    }

    @POST
    @Path("/complete")
    @ResponseStatus(204)
    public Uni<Void> complete(KeyRequest request) {
        UUID sender = check(request);
        if (request.result() == null) {
            throw ProblemException.badRequest("'result' is required");
        }
        return keys.complete(sender, request.key(), request.digest(), request.result()).map(done -> {
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
        return keys.release(check(request), request.key(), request.digest());
    }

    private Duration lease(String lease) {
        if (lease == null) {
            return null;
        }
        try {
            Duration parsed = Duration.parse(lease);
            if (!parsed.isNegative() && parsed.compareTo(config.idempotencyKeyTtl()) <= 0) {
                return parsed;
            }
        } catch (DateTimeParseException e) {
            // answered below
        }
        throw ProblemException.badRequest("'lease' must be an ISO-8601 duration between PT0S and the key's lifetime");
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
