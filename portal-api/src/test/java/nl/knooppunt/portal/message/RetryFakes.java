package nl.knooppunt.portal.message;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * Stands in for routing-service's idempotency keys under {@code /retry-fake}, with its rules: the first body of a
 * key wins, an open claim may be taken over after the lease the caller names, and {@code since} stays the same for
 * one use of the key. Recording a result can be made to fail.
 */
@Path("/retry-fake/internal/v1/idempotency-keys")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class RetryFakes {

    /** One use of a key. */
    static final class Use {
        final String digest;
        final Instant since;
        volatile String result;

        Use(String digest, Instant since) {
            this.digest = digest;
            this.since = since;
        }
    }

    /** Keys, as sender|key. */
    static final Map<String, Use> KEYS = new ConcurrentHashMap<>();
    /** Every call, as "action sender|key". */
    static final List<String> CALLS = new CopyOnWriteArrayList<>();
    /** When set, complete answers 500. */
    static volatile boolean failComplete;

    /** A claim, complete or release, as portal-api sends it. */
    public record KeyRequest(String sender, String key, String digest, String result, String lease) {
    }

    @POST
    @Path("/claim")
    public Map<String, String> claim(KeyRequest request) {
        CALLS.add("claim " + id(request));
        Instant now = Instant.now();
        Use use = KEYS.computeIfAbsent(id(request), k -> new Use(request.digest(), now));
        Map<String, String> answer = new HashMap<>();
        if (!use.digest.equals(request.digest())) {
            answer.put("outcome", "mismatch");
        } else if (use.result != null) {
            answer.put("outcome", "completed");
            answer.put("result", use.result);
            answer.put("since", use.since.toString());
        } else if (use.since.equals(now) || request.lease() != null
                && !use.since.isAfter(now.minus(Duration.parse(request.lease())))) {
            answer.put("outcome", "claimed");
            answer.put("since", use.since.toString());
        } else {
            answer.put("outcome", "in-progress");
        }
        return answer;
    }

    @POST
    @Path("/complete")
    public Response complete(KeyRequest request) {
        CALLS.add("complete " + id(request));
        if (failComplete) {
            return Response.serverError().build();
        }
        Use use = KEYS.get(id(request));
        if (use == null || !use.digest.equals(request.digest()) || use.result != null) {
            return Response.status(404).build();
        }
        use.result = request.result();
        return Response.noContent().build();
    }

    @POST
    @Path("/release")
    public Response release(KeyRequest request) {
        CALLS.add("release " + id(request));
        KEYS.computeIfPresent(id(request),
                (k, use) -> use.result == null && use.digest.equals(request.digest()) ? null : use);
        return Response.noContent().build();
    }

    private static String id(KeyRequest request) {
        return request.sender() + "|" + request.key();
    }
}
