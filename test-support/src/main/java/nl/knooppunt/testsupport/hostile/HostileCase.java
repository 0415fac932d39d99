package nl.knooppunt.testsupport.hostile;

import java.util.ArrayList;
import java.util.List;

/**
 * One hostile request against the public API with the status the API documents for it.
 *
 * @param category       the table's category, e.g. {@code malformed JSON}
 * @param name           the case within its category; category and name together are unique
 * @param method         HTTP method
 * @param path           raw request target, sent as is
 * @param headers        headers as name and value, values sent as UTF-8 bytes (CR LF included)
 * @param body           the body, or null for none
 * @param declaredLength a Content-Length to declare instead of the body's, or null
 * @param chunked        whether the body is sent with chunked transfer encoding
 * @param status         the documented status
 * @param problem        the documented problem type after {@code https://knooppunt.nl/problems/}, or null for any
 * @param expect         what the case expects besides its status
 * @param secrets        request values that must not come back in the answer, nor reach a log
 * @param before         a step to run before the request (null: none)
 */
public record HostileCase(String category, String name, String method, String path, List<String[]> headers,
        byte[] body, String declaredLength, boolean chunked, int status, String problem, Expect expect,
        List<String> secrets, Runnable before) {

    /** What a case expects besides its status. */
    public enum Expect {
        /** problem+json, and nothing published to knooppunt.submissions */
        REFUSED,
        /** problem+json from validation's verdict (the submission had to be published to be judged) */
        JUDGED,
        /** accepted: 201 JSON; the Kafka record carries no request value in clear */
        ACCEPTED,
        /** a plain JSON answer */
        OK
    }

    /** Category and name, as the test reports them. */
    public String title() {
        return category + ": " + name;
    }

    /** The same request expecting another answer. */
    public HostileCase status(int newStatus, String newProblem, Expect newExpect) {
        return new HostileCase(category, name, method, path, headers, body, declaredLength, chunked, newStatus,
                newProblem, newExpect, secrets, before);
    }

    /** The same request and status with another expectation. */
    public HostileCase expecting(Expect newExpect) {
        return status(status, problem, newExpect);
    }

    /** The same case with these request values to look for in answers and logs. */
    public HostileCase withSecrets(List<String> newSecrets) {
        return new HostileCase(category, name, method, path, headers, body, declaredLength, chunked, status, problem,
                expect, newSecrets, before);
    }

    /** The same case with one more header. */
    public HostileCase withHeader(String[] header) {
        List<String[]> more = new ArrayList<>(headers);
        more.add(header);
        return new HostileCase(category, name, method, path, more, body, declaredLength, chunked, status, problem,
                expect, secrets, before);
    }

    /** The same case with a step to run before its request. */
    public HostileCase before(Runnable step) {
        return new HostileCase(category, name, method, path, headers, body, declaredLength, chunked, status, problem,
                expect, secrets, step);
    }
}
