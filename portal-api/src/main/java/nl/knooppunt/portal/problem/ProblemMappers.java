package nl.knooppunt.portal.problem;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

/** Turns every failure into an RFC 9457 problem response that reveals nothing internal. */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response problem(ProblemException e) {
        Response.ResponseBuilder builder = respond(e.problem());
        e.headers().forEach(builder::header);
        return builder.build();
    }

    @ServerExceptionMapper({ UnauthorizedException.class, AuthenticationFailedException.class })
    public Response unauthorized(RuntimeException e) {
        return respond(Problem.of(401, "unauthorized", "Unauthorized",
                "a valid bearer token from the hub's identity provider is required"))
                .header("WWW-Authenticate", "Bearer").build();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return respond(Problem.of(403, "forbidden", "Forbidden", "the caller may not do this")).build();
    }

    @ServerExceptionMapper
    public Response malformedJson(JsonProcessingException e) {
        return respond(Problem.of(400, "malformed-json", "Malformed JSON",
                "the request body is not valid JSON of the expected shape")).build();
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        if (e instanceof NotFoundException) {
            return respond(Problem.of(404, "not-found", "Not found", "no such resource")).build();
        }
        if (e instanceof NotAllowedException) {
            return respond(Problem.of(405, "method-not-allowed", "Method not allowed",
                    "this resource does not support the method")).build();
        }
        if (e instanceof NotSupportedException) {
            return respond(Problem.of(415, "unsupported-media-type", "Unsupported media type",
                    "send application/json")).build();
        }
        if (status == 400 && e.getCause() instanceof JsonProcessingException) {
            return malformedJson((JsonProcessingException) e.getCause());
        }
        if (status >= 500) {
            LOG.errorf("request failed with status %d: %s", status, e.getClass().getName());
            return respond(Problem.of(500, "internal", "Internal error", "the hub could not handle the request"))
                    .build();
        }
        return respond(Problem.of(status, "http-" + status, Response.Status.fromStatusCode(status) == null
                ? "Error" : Response.Status.fromStatusCode(status).getReasonPhrase(), "the request was refused"))
                .build();
    }

    @ServerExceptionMapper(priority = 10_000)
    public Response unexpected(Throwable e) {
        LOG.errorf("unexpected failure: %s", e.getClass().getName());
        return respond(Problem.of(500, "internal", "Internal error", "the hub could not handle the request"))
                .build();
    }

    private static Response.ResponseBuilder respond(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem);
    }
}
