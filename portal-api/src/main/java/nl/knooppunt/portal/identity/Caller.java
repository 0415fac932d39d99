package nl.knooppunt.portal.identity;

import java.util.List;

import nl.knooppunt.portal.downstream.registry.RegistryParticipant;

/**
 * The authenticated caller, mapped to the participant it acts for.
 *
 * @param subject    the token's subject (user or client)
 * @param clientId   the OIDC client, when the token names one
 * @param acting     the participant this request acts for
 * @param mandates   every participant this caller may act for
 */
public record Caller(String subject, String clientId, RegistryParticipant acting, List<RegistryParticipant> mandates) {

    public String participantId() {
        return acting.id();
    }
}
