package nl.knooppunt.localstack;

/** A component of the local stack could not be started or stopped; the message says what to do. */
public class LocalStackException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** A failure with a message meant for the person running the stack. */
    public LocalStackException(String message) {
        super(message);
    }

    /** A failure with a message meant for the person running the stack and its cause. */
    public LocalStackException(String message, Throwable cause) {
        super(message, cause);
    }
}
