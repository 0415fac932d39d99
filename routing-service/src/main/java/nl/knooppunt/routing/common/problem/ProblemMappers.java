package nl.knooppunt.routing.common.problem;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;

/** Turns every failure of the REST layer into an {@code application/problem+json} answer. */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response problem(ProblemException e) {
        return respond(e.problem());
    }

    @ServerExceptionMapper({ UnauthorizedException.class, AuthenticationFailedException.class })
    public Response unauthorized() {
        return Response.fromResponse(respond(Problem.of("unauthorized", "Unauthorized", 401,
                "a valid service token is required"))).header(HttpHeaders.WWW_AUTHENTICATE, "Bearer").build();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return respond(Problem.of("forbidden", "Forbidden", 403, "the service token lacks the required group"));
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e) {
        Response.StatusType status = e.getResponse().getStatusInfo();
        return respond(Problem.of("http-" + status.getStatusCode(), status.getReasonPhrase(),
                status.getStatusCode(), status.getReasonPhrase()));
    }

    /** The database is down or restarting: a retriable 503 rather than a 500 (ADR 0024). */
    @ServerExceptionMapper({ java.net.ConnectException.class, io.vertx.sqlclient.ClosedConnectionException.class })
    public Response databaseUnavailable(Exception e) {
        LOG.warnf("database unavailable answering a request: %s", e.getClass().getSimpleName());
        return Response.fromResponse(respond(Problem.of("unavailable", "Service unavailable", 503,
                "the mailbox store is unavailable; retry shortly"))).header("Retry-After", "2").build();
    }

    @ServerExceptionMapper
    public Response unexpected(Exception e) {
        LOG.error("unexpected failure answering a request", e);
        return respond(Problem.of("internal", "Internal server error", 500, "the request could not be completed"));
    }

    private static Response respond(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
    }
}
