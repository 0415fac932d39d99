package nl.knooppunt.routing.support;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Set;

import nl.knooppunt.standard.crypto.HubSecrets;
import nl.knooppunt.testsupport.ServiceTokenSigner;

/** Service JWTs as portal-api signs them for routing-service's tests, through test-support's {@link ServiceTokenSigner}. */
public final class ServiceTokens {

    public static final String ISSUER = ServiceTokenSigner.ISSUER;

    private ServiceTokens() {
    }

    /** A portal-api token for routing-service with the given groups. */
    public static String portalApi(String... groups) {
        return ServiceTokenSigner.portalApi("routing-service", groups);
    }

    /** A token for another service (wrong audience), correctly signed. */
    public static String forAudience(String audience, String... groups) {
        return ServiceTokenSigner.portalApi(audience, groups);
    }

    /** A token that claims portal-api's key id but is signed with a key the hub does not know. */
    public static String forged(String... groups) {
        return ServiceTokenSigner.sign("portal-api", HubSecrets.PORTAL_API_KEY_ID, "routing-service", Set.of(groups),
                ServiceTokenSigner.foreignKey(), Instant.now(), ServiceTokenSigner.LIFETIME);
    }

    public static Path secretsDir() {
        return ServiceTokenSigner.secretsDir();
    }
}
