package nl.knooppunt.registry.problem;

import java.util.Locale;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.quarkus.security.AuthenticationCompletionException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;

/** Turns every failure of a REST call into an {@code application/problem+json} answer. */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response problem(ProblemException e) {
        return answer(e.problem());
    }

    @ServerExceptionMapper({ UnauthorizedException.class, AuthenticationFailedException.class,
            AuthenticationCompletionException.class })
    public Response unauthorized(RuntimeException e) {
        LOG.debugf("service JWT refused: %s", e.getClass().getSimpleName());
        return Response.fromResponse(answer(Problem.of("unauthorized", "Unauthorized", 401,
                        "a valid service JWT (issuer urn:knooppunt:services, audience registry-service) is required")))
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                .build();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return answer(Problem.of("forbidden", "Forbidden", 403,
                "the service JWT lacks the group this operation requires"));
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e) {
        Response.StatusType status = e.getResponse().getStatusInfo();
        if (status.getStatusCode() >= 500) {
            LOG.error("request failed", e);
        }
        String code = status.getReasonPhrase().toLowerCase(Locale.ROOT).replace(' ', '-');
        return answer(Problem.of(code, status.getReasonPhrase(), status.getStatusCode(),
                "the request cannot be served: " + status.getReasonPhrase().toLowerCase(Locale.ROOT)));
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e) {
        LOG.error("request failed", e);
        return answer(Problem.of("internal-error", "Internal Server Error", 500,
                "the registry could not handle the request; it has been logged"));
    }

    private static Response answer(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
    }
}
