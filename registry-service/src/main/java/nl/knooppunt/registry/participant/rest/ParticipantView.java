package nl.knooppunt.registry.participant.rest;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

import nl.knooppunt.registry.webhook.rest.WebhookSecretView;

/**
 * A participant as the internal API shows it (docs/internal-apis.md).
 *
 * @param delivery  delivery preference: {@code mode} and, for webhooks, {@code webhookUrl}
 * @param keyIds    kids of the current public keys, newest first
 * @param keys      the current public JWKs, newest first; only in single-participant answers
 * @param simulated whether the participant is a sandbox counterpart (ADR 0048)
 * @param webhookSecret the webhook signing secret this very call issued (ADR 0037); in no other answer
 */
public record ParticipantView(String id, String oin, String kvk, String kvkBranch, String name, String kind,
        String sector, String status, String contactEmail, Delivery delivery, List<String> modules,
        List<String> keyIds, long version, String updatedAt, boolean simulated,
        @JsonInclude(JsonInclude.Include.NON_NULL) List<JsonNode> keys,
        @JsonInclude(JsonInclude.Include.NON_NULL) WebhookSecretView webhookSecret) {

    /** The same participant with the secret a call issued. */
    public ParticipantView withWebhookSecret(WebhookSecretView secret) {
        return new ParticipantView(id, oin, kvk, kvkBranch, name, kind, sector, status, contactEmail, delivery,
                modules, keyIds, version, updatedAt, simulated, keys, secret);
    }

    /**
     * Delivery preference.
     *
     * @param mode       mailbox or webhook
     * @param webhookUrl push URL (webhook only)
     */
    public record Delivery(String mode, String webhookUrl) {
    }
}
