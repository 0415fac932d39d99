package nl.knooppunt.testsupport.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What every answer to a hostile case must be: the documented status; a refusal an RFC 9457 problem (type, title,
 * status) under {@code https://knooppunt.nl/problems/}; no internals, no request value, no cookie and no injected
 * header in any answer.
 */
public final class HostileAnswers {

    /** Traces of internals no answer may carry: stack traces, class and package names, SQL, parser positions. */
    public static final List<String> LEAKS = List.of("Exception", "\tat ", "at nl.", "at io.", "java.", "javax.",
            "nl.knooppunt.portal", "io.quarkus", "io.vertx", "io.smallrye", "jackson", "com.fasterxml", "org.",
            "Caused by", "SELECT ", "INSERT ", "UPDATE ", "DELETE FROM", "line: ", "column: ", "[Source");

    private static final ObjectMapper JSON = new ObjectMapper();

    private HostileAnswers() {
    }

    /**
     * Asserts everything the API promises about the answer to this case except what happens behind it (Kafka).
     *
     * @return the case's title and the answer, to name the case in further assertions
     */
    public static String assertAnswer(HostileCase c, RawHttp.Response r) {
        String where = c.title() + " answered " + r.status() + " " + abbreviate(r.body());
        assertEquals(c.status(), r.status(), where);
        for (String leak : LEAKS) {
            assertFalse(r.body().contains(leak), where + " leaks '" + leak + "'");
        }
        for (String secret : c.secrets()) {
            assertFalse(r.body().contains(secret), where + " echoes the request value");
            assertFalse(r.body().contains(jsonEscaped(secret)), where + " echoes the request value (escaped)");
        }
        assertNull(r.header("set-cookie"), where + " sets a cookie");
        assertNull(r.header("x-injected"), where + " has an injected header");
        switch (c.expect()) {
            case REFUSED, JUDGED -> assertProblem(r, c, where);
            case ACCEPTED -> assertTrue(r.header("content-type").startsWith("application/json"), where);
            case OK -> {
                if (c.status() != 204) {
                    assertTrue(r.header("content-type").startsWith("application/json"), where);
                }
            }
        }
        return where;
    }

    /** A value as it appears inside a JSON string (quotes, backslashes, control characters escaped). */
    public static String jsonEscaped(String value) {
        return JSON.valueToTree(value).toString().replaceAll("^\"|\"$", "");
    }

    private static void assertProblem(RawHttp.Response r, HostileCase c, String where) {
        String type = r.header("content-type");
        assertNotNull(type, where + ": no content type");
        assertTrue(type.startsWith("application/problem+json"), where + ": content type " + type);
        JsonNode problem;
        try {
            problem = JSON.readTree(r.body());
        } catch (Exception e) {
            throw new AssertionError(where + ": the body is not JSON");
        }
        assertTrue(problem.path("type").asText().startsWith("https://knooppunt.nl/problems/"), where);
        assertFalse(problem.path("title").asText().isBlank(), where + ": no title");
        assertEquals(c.status(), problem.path("status").asInt(), where + ": status in the body");
        if (c.problem() != null) {
            assertEquals("https://knooppunt.nl/problems/" + c.problem(), problem.path("type").asText(), where);
        }
        if (c.status() == 401) {
            assertEquals("Bearer", r.header("www-authenticate"), where);
        }
        if (c.status() == 503 || c.status() == 429) {
            assertNotNull(r.header("retry-after"), where);
        }
    }

    private static String abbreviate(String body) {
        return body.length() > 300 ? body.substring(0, 300) + "..." : body;
    }
}
