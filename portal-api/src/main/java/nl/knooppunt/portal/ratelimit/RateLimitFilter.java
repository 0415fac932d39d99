package nl.knooppunt.portal.ratelimit;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import nl.knooppunt.kit.problem.Problem;
import nl.knooppunt.portal.config.PortalConfig;

/**
 * Applies the rate limit to every request of the API ({@code /api/}): per OIDC client id for systems, per
 * organisation (OIN claim) for portal users, per remote address without a valid token. Over the limit: 429
 * problem with Retry-After. Every answer tells the caller its budget: {@value #LIMIT} and {@value #REMAINING}.
 */
public class RateLimitFilter {

    /** Response header: the caller's burst. */
    public static final String LIMIT = "RateLimit-Limit";
    /** Response header: requests the caller may still make at once. */
    public static final String REMAINING = "RateLimit-Remaining";

    private final RateLimiter limiter;
    private final CurrentIdentityAssociation identities;
    private final PortalConfig config;

    public RateLimitFilter(RateLimiter limiter, CurrentIdentityAssociation identities, PortalConfig config) {
        this.limiter = limiter;
        this.identities = identities;
        this.config = config;
    }

    @ServerRequestFilter
    public Uni<Response> limit(ContainerRequestContext request, HttpServerRequest http) {
        if (!request.getUriInfo().getPath().startsWith("/api/")) {
            return Uni.createFrom().nullItem();
        }
        String address = http.remoteAddress() == null ? "unknown" : http.remoteAddress().hostAddress();
        return identities.getDeferredIdentity()
                .onFailure().recoverWithNull()
                .map(identity -> {
                    String caller = callerKey(identity);
                    boolean anonymous = caller == null;
                    RateLimiter.Decision decision = limiter.acquire(anonymous ? "address:" + address : caller,
                            anonymous);
                    if (decision.limited()) {
                        http.response().headers().set(LIMIT, Integer.toString(decision.limit()))
                                .set(REMAINING, Integer.toString(decision.remaining()));
                    }
                    long retryAfter = decision.retryAfter();
                    if (retryAfter == 0) {
                        return null;
                    }
                    return Response.status(429).type(Problem.MEDIA_TYPE)
                            .header("Retry-After", Long.toString(retryAfter))
                            .entity(Problem.of(429, "rate-limited", "Too many requests",
                                    "this caller sent more requests than its rate limit allows; retry after "
                                            + retryAfter + " second(s)"))
                            .build();
                });
    }

    private String callerKey(SecurityIdentity identity) {
        if (identity == null || identity.isAnonymous() || !(identity.getPrincipal() instanceof JsonWebToken jwt)) {
            return null;
        }
        Object organisation = jwt.getClaim(config.portal().identity().organisationClaim());
        if (organisation != null && !organisation.toString().isBlank()) {
            return "organisation:" + organisation;
        }
        for (String claim : config.portal().identity().clientIdClaims()) {
            Object value = jwt.getClaim(claim);
            if (value != null && !value.toString().isBlank()) {
                return "client:" + value;
            }
        }
        return "subject:" + jwt.getSubject();
    }
}
