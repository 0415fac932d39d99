package nl.knooppunt.portal.problem;

import static nl.knooppunt.kit.problem.ProblemMappers.answer;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.ws.rs.NotAcceptableException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import nl.knooppunt.kit.problem.Problem;
import nl.knooppunt.kit.problem.ProblemException;
import nl.knooppunt.kit.problem.ProblemMappers;
import nl.knooppunt.standard.envelope.Violation;

/**
 * Turns every failure of portal-api into an RFC 9457 problem response that reveals nothing internal: JSON errors by
 * kind, request values repeated only when plain (ADR 0020). They replace the service kit's generic
 * {@link ProblemMappers} (off here: {@code knooppunt.problem-mappers.enabled=false}) and answer with the kit's
 * {@link Problem}.
 */
public class PublicProblemMappers {

    private static final Logger LOG = Logger.getLogger(PublicProblemMappers.class);
    /** Request headers whose values a problem may name only when they are plain identifiers. */
    private static final List<String> ECHOED_HEADERS = List.of("Knooppunt-Participant", "Idempotency-Key");

    @ServerExceptionMapper
    public Response problem(ProblemException e, UriInfo uri, HttpHeaders headers) {
        Response.ResponseBuilder builder = answer(withoutRequestValues(e.problem(), inputs(uri, headers)));
        e.headers().forEach(builder::header);
        return builder.build();
    }

    @ServerExceptionMapper({ UnauthorizedException.class, AuthenticationFailedException.class })
    public Response unauthorized(RuntimeException e) {
        return answer(Problem.of(401, "unauthorized", "Unauthorized",
                "a valid bearer token from the hub's identity provider is required"))
                .header("WWW-Authenticate", "Bearer").build();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return answer(Problem.of(403, "forbidden", "Forbidden", "the caller may not do this")).build();
    }

    @ServerExceptionMapper
    public Response malformedJson(JsonProcessingException e) {
        return answer(json(e)).build();
    }

    @ServerExceptionMapper
    public Response unparsableJson(JsonParseException e) {
        return answer(json(e)).build();
    }

    @ServerExceptionMapper
    public Response wrongShape(MismatchedInputException e) {
        return answer(json(e)).build();
    }

    @ServerExceptionMapper
    public Response unknownField(UnrecognizedPropertyException e) {
        return answer(unknownFieldProblem(e)).build();
    }

    @ServerExceptionMapper
    public Response tooDeep(StreamConstraintsException e) {
        return answer(tooComplex()).build();
    }

    @ServerExceptionMapper
    public Response notUtf8(java.nio.charset.CharacterCodingException e) {
        return answer(malformed()).build();
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        Throwable cause = e.getCause();
        if (e instanceof NotFoundException && cause != null && !(cause instanceof WebApplicationException)) {
            // JAX-RS answers 404 when a query or path parameter cannot be converted: that is the caller's input
            return answer(Problem.of(400, "bad-request", "Bad request", "a parameter of the request is not valid"))
                    .build();
        }
        if (e instanceof NotFoundException) {
            return answer(Problem.of(404, "not-found", "Not found", "no such resource")).build();
        }
        if (e instanceof NotAllowedException) {
            return answer(Problem.of(405, "method-not-allowed", "Method not allowed",
                    "this resource does not support the method")).build();
        }
        if (e instanceof NotSupportedException) {
            return answer(unsupportedMediaType()).build();
        }
        if (e instanceof NotAcceptableException) {
            return answer(Problem.of(406, "not-acceptable", "Not acceptable",
                    "this resource answers application/json (errors: application/problem+json)")).build();
        }
        if (status == 413) {
            return answer(bodyTooLarge()).build();
        }
        if (status == 400 && cause instanceof JsonProcessingException json) {
            return answer(json(json)).build();
        }
        if (status >= 500) {
            LOG.errorf("request failed with status %d: %s", status, trace(e));
            return answer(Problem.of(500, "internal", "Internal error", "the hub could not handle the request"))
                    .build();
        }
        Response.Status known = Response.Status.fromStatusCode(status);
        return answer(Problem.of(status, "http-" + status, known == null ? "Error" : known.getReasonPhrase(),
                "the request was refused")).build();
    }

    @ServerExceptionMapper(priority = 10_000)
    public Response unexpected(Throwable e) {
        LOG.errorf("unexpected failure: %s", trace(e));
        return answer(Problem.of(500, "internal", "Internal error", "the hub could not handle the request"))
                .build();
    }

    /** 400 for a body that is not JSON of the expected shape. */
    public static Problem malformed() {
        return Problem.of(400, "malformed-json", "Malformed JSON",
                "the request body is not valid UTF-8 JSON of the expected shape");
    }

    /** 415 for a body that is not JSON. */
    public static Problem unsupportedMediaType() {
        return Problem.of(415, "unsupported-media-type", "Unsupported media type", "send application/json");
    }

    /** 413 for a request body over the size limit. */
    public static Problem bodyTooLarge() {
        return Problem.of(413, "body-too-large", "Request body too large",
                "the request body is larger than the hub accepts");
    }

    /** The problem of a JSON body that cannot be read: too complex, an unknown field, or malformed. */
    private static Problem json(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof StreamConstraintsException) {
                return tooComplex();
            }
            if (t instanceof UnrecognizedPropertyException unknown) {
                return unknownFieldProblem(unknown);
            }
        }
        return malformed();
    }

    private static Problem tooComplex() {
        return Problem.of(400, "json-too-complex", "JSON too complex",
                "the request body nests deeper, or has longer names, numbers or strings, than the hub accepts");
    }

    private static Problem unknownFieldProblem(UnrecognizedPropertyException e) {
        return Problem.of(400, "unknown-field", "Unknown field", "the request has a field the API does not know: '"
                + Echo.safe(e.getPropertyName()) + "'; see the OpenAPI document at /q/openapi");
    }

    private static List<String> inputs(UriInfo uri, HttpHeaders headers) {
        List<String> values = new ArrayList<>();
        if (uri != null) {
            uri.getPathParameters().values().forEach(values::addAll);
            uri.getQueryParameters().values().forEach(values::addAll);
        }
        if (headers != null) {
            ECHOED_HEADERS.forEach(name -> {
                List<String> header = headers.getRequestHeader(name);
                if (header != null) {
                    values.addAll(header);
                }
            });
        }
        return values;
    }

    /** Replaces every request value that is not a plain identifier in the problem's texts. */
    static Problem withoutRequestValues(Problem problem, Collection<String> inputs) {
        List<String> unsafe = inputs.stream().filter(v -> v != null && !v.isEmpty() && !Echo.isPlain(v)).toList();
        if (unsafe.isEmpty()) {
            return problem;
        }
        List<Violation> violations = problem.violations() == null ? null : problem.violations().stream()
                .map(v -> new Violation(v.code(), v.pointer(), hide(v.message(), unsafe))).toList();
        return new Problem(problem.type(), problem.title(), problem.status(), hide(problem.detail(), unsafe),
                violations);
    }

    private static String hide(String text, List<String> unsafe) {
        if (text == null) {
            return null;
        }
        String result = text;
        for (String value : unsafe) {
            result = result.replace(value, Echo.HIDDEN);
        }
        return result;
    }

    /**
     * Where a failure came from, for the log, never a message (messages can quote input): the classes of the cause
     * chain and the innermost hub frame at ERROR; the top frames of each cause only when the category logs DEBUG.
     */
    static String trace(Throwable e) {
        StringBuilder out = new StringBuilder();
        StackTraceElement hubFrame = null;
        int depth = 0;
        for (Throwable t = e; t != null && depth < 4; t = t.getCause() == t ? null : t.getCause(), depth++) {
            out.append(depth == 0 ? "" : " caused by ").append(t.getClass().getName());
            StackTraceElement[] frames = t.getStackTrace();
            // where it was thrown, even in framework code (frames carry no request data)
            for (int i = 0; i < Math.min(frames.length, 3) && !LOG.isDebugEnabled(); i++) {
                out.append(i == 0 ? " at " : " < ").append(frames[i]);
            }
            for (int i = 0; i < frames.length; i++) {
                if (frames[i].getClassName().startsWith("nl.knooppunt.")) {
                    hubFrame = frames[i];
                    break;
                }
            }
            if (LOG.isDebugEnabled()) {
                for (int i = 0; i < Math.min(frames.length, 12); i++) {
                    out.append(System.lineSeparator()).append("\tat ").append(frames[i]);
                }
            }
        }
        if (hubFrame != null) {
            out.append(" (in ").append(hubFrame).append(')');
        }
        return out.toString();
    }
}
