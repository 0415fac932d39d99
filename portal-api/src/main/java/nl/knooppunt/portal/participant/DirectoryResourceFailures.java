package nl.knooppunt.portal.participant;

import java.io.IOException;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;

import jakarta.ws.rs.WebApplicationException;
import nl.knooppunt.kit.problem.ProblemException;

/** Turns the registry's 400 answer to a directory search into the caller's 400 with the registry's detail. */
final class DirectoryResourceFailures {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private DirectoryResourceFailures() {
    }

    static boolean isBadRequest(Throwable failure) {
        return failure instanceof WebApplicationException web && web.getResponse().getStatus() == 400;
    }

    static Throwable badRequest(Throwable failure) {
        String detail = "invalid search parameters";
        try {
            String body = ((WebApplicationException) failure).getResponse().readEntity(String.class);
            Object registryDetail = MAPPER.readValue(body, Map.class).get("detail");
            if (registryDetail instanceof String text) {
                detail = text;
            }
        } catch (IOException | RuntimeException e) {
            detail = "invalid search parameters";
        }
        return ProblemException.badRequest(detail);
    }
}
