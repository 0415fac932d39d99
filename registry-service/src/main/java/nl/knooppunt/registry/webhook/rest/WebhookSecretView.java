package nl.knooppunt.registry.webhook.rest;

import nl.knooppunt.registry.webhook.service.WebhookSecrets;

/**
 * A webhook signing secret as the answer of the call that issued it shows it, the only time it is shown (ADR 0037).
 *
 * @param secret             {@code whsec_} + base64 of the secret's bytes: give it to the receiver
 * @param issuedAt           when it was issued
 * @param previousValidUntil when the previous secret stops signing pushes (end of the rotation overlap), or null
 */
public record WebhookSecretView(String secret, String issuedAt, String previousValidUntil) {

    @Override
    public String toString() {
        return "WebhookSecretView[secret=<redacted>, issuedAt=" + issuedAt + "]";
    }

    /** The view of a secret just issued. */
    public static WebhookSecretView of(WebhookSecrets.Issued issued) {
        return new WebhookSecretView(issued.secret(), issued.issuedAt().toInstant().toString(),
                issued.previousValidUntil() == null ? null : issued.previousValidUntil().toInstant().toString());
    }
}
