package nl.knooppunt.registry.participant.rest;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** Request bodies of the operator endpoints. */
public final class ParticipantRequests {

    private ParticipantRequests() {
    }

    /**
     * A participant to register, or the new master data of one.
     *
     * @param status   initial status (onboarding or active); create only, default onboarding
     * @param modules  modules to switch on; create only
     * @param delivery delivery preference; create only, default mailbox
     */
    @JsonIgnoreProperties(ignoreUnknown = false)
    public record ParticipantRequest(String oin, String kvk, String kvkBranch, String name, String kind,
            String sector, String contactEmail, String status, List<String> modules, DeliveryRequest delivery) {
    }

    /**
     * A status change.
     *
     * @param status the new status
     * @param reason why (kept in the audit trail)
     */
    public record StatusRequest(String status, String reason) {
    }

    /**
     * A delivery preference.
     *
     * @param mode       mailbox or webhook
     * @param webhookUrl https URL for webhook mode
     */
    public record DeliveryRequest(String mode, String webhookUrl) {
    }

    /**
     * Whether a participant is simulated (ADR 0048).
     *
     * @param simulated true to mark it, false to unmark it
     */
    public record SimulatedRequest(Boolean simulated) {
    }
}
