package nl.knooppunt.registry;

import java.nio.file.Path;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

import nl.knooppunt.standard.crypto.HubSecrets;
import nl.knooppunt.testsupport.ServiceTokenSigner;

/** Service JWTs for registry-service's tests, through test-support's {@link ServiceTokenSigner}. */
final class ServiceTokens {

    static final String AUDIENCE = "registry-service";

    private ServiceTokens() {
    }

    /** A valid portal-api token for this service with the given groups. */
    static String portal(String... groups) {
        return ServiceTokenSigner.portalApi(AUDIENCE, groups);
    }

    static String sign(String audience, Set<String> groups, PrivateKey key, Instant issuedAt, Duration validity) {
        return ServiceTokenSigner.sign("portal-api", HubSecrets.PORTAL_API_KEY_ID, audience, groups, key, issuedAt,
                validity);
    }

    /** A valid routing-service token for this service, signed with routing-service's key, with the given groups. */
    static String routing(String... groups) {
        return ServiceTokenSigner.sign("routing-service", HubSecrets.ROUTING_SERVICE_KEY_ID, AUDIENCE,
                Set.of(groups), ServiceTokenSigner.key(HubSecrets.ROUTING_SERVICE_SIGNING_KEY).getPrivateKey(),
                Instant.now(), ServiceTokenSigner.LIFETIME);
    }

    /** A token that names routing-service as its subject but is signed with portal-api's key (and kid). */
    static String routingSubjectWithPortalKey(String... groups) {
        return ServiceTokenSigner.sign("routing-service", HubSecrets.PORTAL_API_KEY_ID, AUDIENCE, Set.of(groups),
                portalKey(), Instant.now(), ServiceTokenSigner.LIFETIME);
    }

    /** portal-api's signing key from the test secrets directory. */
    static PrivateKey portalKey() {
        return ServiceTokenSigner.key(HubSecrets.PORTAL_API_SIGNING_KEY).getPrivateKey();
    }

    /** The test secrets directory. */
    static Path secretsDir() {
        return ServiceTokenSigner.secretsDir();
    }

    /** A P-256 key the registry does not know. */
    static PrivateKey foreignKey() {
        return ServiceTokenSigner.foreignKey();
    }
}
