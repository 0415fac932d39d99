package nl.knooppunt.load;

import java.util.List;

import org.jose4j.jwk.PublicJsonWebKey;

/**
 * What the load run works with: the vendor API clients and the seeded participants.
 *
 * @param vendors        the vendor clients
 * @param counsellors    counsellors (phase 2) and administrators
 * @param creditors      creditors
 * @param guaranteeFund  the one guarantee fund (waarborgfonds)
 */
public record Population(List<Vendor> vendors, List<Member> counsellors, List<Member> creditors,
        Member guaranteeFund) {

    /**
     * A vendor's API client.
     *
     * @param clientId OIDC client id
     * @param secret   its secret
     */
    public record Vendor(String clientId, String secret) {
    }

    /**
     * A seeded participant.
     *
     * @param id      participant id
     * @param oin     OIN
     * @param kind    kind (API name)
     * @param webhook whether it gets pushes (else it pulls from its mailbox)
     * @param vendor  the vendor acting for it
     * @param keys    its own key pairs (private keys, held only by the driver as the participant's system would),
     *                newest first; the registry has the public halves, the newest is the one the hub encrypts to
     * @param webhookSecret the secret its pushes are signed with ({@code whsec_...}), null for the mailbox
     */
    public record Member(String id, String oin, String kind, boolean webhook, Vendor vendor,
            List<PublicJsonWebKey> keys, String webhookSecret) {

        @Override
        public String toString() {
            return "Member[" + id + ", " + kind + (webhook ? ", webhook" : ", mailbox") + "]";
        }
    }

    /** Every participant. */
    public List<Member> all() {
        List<Member> all = new java.util.ArrayList<>(counsellors);
        all.addAll(creditors);
        all.add(guaranteeFund);
        return all;
    }
}
