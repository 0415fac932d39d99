package nl.knooppunt.client;

/** The hub could not be reached or answered something the client cannot use; the base of the client's exceptions. */
public class KnooppuntException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public KnooppuntException(String message) {
        super(message);
    }

    public KnooppuntException(String message, Throwable cause) {
        super(message, cause);
    }
}
