package nl.knooppunt.kit.problem;

import java.util.Locale;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.quarkus.arc.properties.IfBuildProperty;
import io.quarkus.security.AuthenticationCompletionException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;

/**
 * Turns every failure of an internal service's REST call into an {@code application/problem+json} answer that
 * reveals nothing internal: a {@link ProblemException} as it is, a missing or refused service JWT as 401/403, a JAX-RS
 * status as itself, anything else as a logged 500. On by default; a service with mappers of its own for the same
 * exception types (portal-api, whose public API answers hostile input by kind) switches them off with the build
 * property {@code knooppunt.problem-mappers.enabled=false} and answers with the kit's {@link Problem} itself.
 */
@IfBuildProperty(name = "knooppunt.problem-mappers.enabled", stringValue = "true", enableIfMissing = true)
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response problem(ProblemException e) {
        Response.ResponseBuilder builder = answer(e.problem());
        e.headers().forEach(builder::header);
        return builder.build();
    }

    @ServerExceptionMapper({ UnauthorizedException.class, AuthenticationFailedException.class,
            AuthenticationCompletionException.class })
    public Response unauthorized(RuntimeException e) {
        LOG.debugf("service JWT refused: %s", e.getClass().getSimpleName());
        return answer(Problem.of(401, "unauthorized", "Unauthorized",
                "a valid service JWT (issuer urn:knooppunt:services, this service as audience) is required"))
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                .build();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return answer(Problem.of(403, "forbidden", "Forbidden",
                "the service JWT lacks the group this operation requires")).build();
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e) {
        Response.StatusType status = e.getResponse().getStatusInfo();
        if (status.getStatusCode() >= 500) {
            LOG.error("request failed", e);
        }
        String code = status.getReasonPhrase().toLowerCase(Locale.ROOT).replace(' ', '-');
        return answer(Problem.of(status.getStatusCode(), code, status.getReasonPhrase(),
                "the request cannot be served: " + status.getReasonPhrase().toLowerCase(Locale.ROOT))).build();
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e) {
        LOG.error("request failed", e);
        return answer(Problem.of(500, "internal-error", "Internal Server Error",
                "the request could not be handled; it has been logged")).build();
    }

    /** The answer carrying the problem, with its status and media type. */
    public static Response.ResponseBuilder answer(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem);
    }
}
