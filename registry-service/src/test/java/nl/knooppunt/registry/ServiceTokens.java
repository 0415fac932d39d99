package nl.knooppunt.registry;

import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

import org.eclipse.microprofile.config.ConfigProvider;
import org.jose4j.jwk.EcJwkGenerator;
import org.jose4j.keys.EllipticCurves;
import org.jose4j.lang.JoseException;

import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.build.Jwt;
import nl.knooppunt.standard.crypto.HubSecrets;
import nl.knooppunt.standard.crypto.Jwks;

/** Service JWTs for tests, signed like portal-api signs them (docs/internal-apis.md). */
final class ServiceTokens {

    static final String AUDIENCE = "registry-service";

    private ServiceTokens() {
    }

    /** A valid portal-api token for this service with the given groups. */
    static String portal(String... groups) {
        return sign(AUDIENCE, Set.of(groups), portalKey(), Instant.now(), Duration.ofMinutes(5));
    }

    static String sign(String audience, Set<String> groups, PrivateKey key, Instant issuedAt, Duration validity) {
        return signAs("portal-api", HubSecrets.PORTAL_API_KEY_ID, audience, groups, key, issuedAt, validity);
    }

    /** A valid routing-service token for this service, signed with routing-service's key, with the given groups. */
    static String routing(String... groups) {
        return signAs("routing-service", HubSecrets.ROUTING_SERVICE_KEY_ID, AUDIENCE, Set.of(groups),
                key(HubSecrets.ROUTING_SERVICE_SIGNING_KEY), Instant.now(), Duration.ofMinutes(5));
    }

    /** A token that names routing-service as its subject but is signed with portal-api's key (and kid). */
    static String routingSubjectWithPortalKey(String... groups) {
        return signAs("routing-service", HubSecrets.PORTAL_API_KEY_ID, AUDIENCE, Set.of(groups), portalKey(),
                Instant.now(), Duration.ofMinutes(5));
    }

    private static String signAs(String subject, String kid, String audience, Set<String> groups, PrivateKey key,
            Instant issuedAt, Duration validity) {
        return Jwt.issuer("urn:knooppunt:services")
                .subject(subject)
                .audience(audience)
                .groups(groups)
                .issuedAt(issuedAt)
                .expiresAt(issuedAt.plus(validity))
                .jws()
                .keyId(kid)
                .algorithm(SignatureAlgorithm.ES256)
                .sign(key);
    }

    /** portal-api's signing key from the test secrets directory. */
    static PrivateKey portalKey() {
        return key(HubSecrets.PORTAL_API_SIGNING_KEY);
    }

    /** The test secrets directory. */
    static Path secretsDir() {
        return Path.of(ConfigProvider.getConfig().getValue("knooppunt.secrets-dir", String.class));
    }

    private static PrivateKey key(String file) {
        return Jwks.readPrivateKey(secretsDir().resolve(file)).getPrivateKey();
    }

    /** A P-256 key the registry does not know. */
    static PrivateKey foreignKey() {
        try {
            return EcJwkGenerator.generateJwk(EllipticCurves.P256, null, new SecureRandom()).getPrivateKey();
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }
}
