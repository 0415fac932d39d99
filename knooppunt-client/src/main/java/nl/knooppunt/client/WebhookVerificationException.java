package nl.knooppunt.client;

/** A push that must not be trusted: not signed with your secret, altered, or outside the time tolerance. */
public class WebhookVerificationException extends KnooppuntException {

    private static final long serialVersionUID = 1L;

    public WebhookVerificationException(String message) {
        super(message);
    }
}
