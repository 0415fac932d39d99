package nl.knooppunt.validation.dependency;

/** A service this one depends on (registry, routing) could not answer; the record must be retried, never judged. */
public class DependencyUnavailableException extends RuntimeException {

    public DependencyUnavailableException(String dependency, Throwable cause) {
        super(dependency + " is unavailable (" + describe(cause) + ")", cause);
    }

    private static String describe(Throwable cause) {
        if (cause instanceof jakarta.ws.rs.WebApplicationException wae && wae.getResponse() != null) {
            return "HTTP " + wae.getResponse().getStatus();
        }
        return cause == null ? "no answer" : cause.getClass().getSimpleName();
    }
}
