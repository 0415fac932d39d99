package nl.knooppunt.portal.problem;

import java.util.Optional;
import java.util.Set;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import nl.knooppunt.kit.problem.ProblemMappers;

/**
 * Keeps API requests honest about their bodies: a body without a content type is refused (415) instead of guessed as
 * JSON, and a content type on an empty body (some HTTP clients label every POST as a form) is dropped, so a bodiless
 * API call such as acknowledge is never mistaken for a portal form (whose CSRF check would refuse it).
 */
public class RequestShape {

    private static final Set<String> WITH_BODY = Set.of("POST", "PUT", "PATCH");

    @ServerRequestFilter(preMatching = true)
    public void dropContentTypeOfEmptyBodies(ContainerRequestContext request) {
        if (request.getUriInfo().getPath().startsWith("/api/")
                && request.getHeaderString(HttpHeaders.CONTENT_TYPE) != null && !hasBody(request)) {
            request.getHeaders().remove(HttpHeaders.CONTENT_TYPE);
        }
    }

    private static boolean hasBody(ContainerRequestContext request) {
        String length = request.getHeaderString(HttpHeaders.CONTENT_LENGTH);
        return request.getHeaderString("Transfer-Encoding") != null || length != null && !"0".equals(length.trim());
    }

    @ServerRequestFilter
    public Optional<Response> requireContentType(ContainerRequestContext request) {
        if (!request.getUriInfo().getPath().startsWith("/api/") || !WITH_BODY.contains(request.getMethod())
                || request.getHeaderString(HttpHeaders.CONTENT_TYPE) != null) {
            return Optional.empty();
        }
        return hasBody(request)
                ? Optional.of(ProblemMappers.answer(PublicProblemMappers.unsupportedMediaType()).build())
                : Optional.empty();
    }
}
