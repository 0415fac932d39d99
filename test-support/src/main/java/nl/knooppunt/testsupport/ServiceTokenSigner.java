package nl.knooppunt.testsupport;

import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

import org.eclipse.microprofile.config.ConfigProvider;
import org.jose4j.jwk.EcJwkGenerator;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.keys.EllipticCurves;
import org.jose4j.lang.JoseException;

import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.build.Jwt;
import nl.knooppunt.standard.crypto.HubSecrets;
import nl.knooppunt.standard.crypto.Jwks;

/**
 * Service JWTs for tests (docs/internal-apis.md), the one helper every module's tests sign with: as a service signs
 * them, from the key files of the test's secrets directory ({@link HubSecretsTestResource}), or deliberately wrong.
 */
public final class ServiceTokenSigner {

    /** Issuer of every service JWT of the hub. */
    public static final String ISSUER = "urn:knooppunt:services";
    /** Lifetime of the tokens signed here unless a test says otherwise. */
    public static final Duration LIFETIME = Duration.ofMinutes(5);

    private ServiceTokenSigner() {
    }

    /** A valid portal-api token for {@code audience} with the groups, signed with portal-api's key and kid. */
    public static String portalApi(String audience, String... groups) {
        PublicJsonWebKey key = key(HubSecrets.PORTAL_API_SIGNING_KEY);
        return sign("portal-api", key.getKeyId(), audience, Set.of(groups), key.getPrivateKey(), Instant.now(),
                LIFETIME);
    }

    /** A token of {@code subject} with its kid, signed with {@code key}, issued at {@code issuedAt}. */
    public static String sign(String subject, String kid, String audience, Set<String> groups, PrivateKey key,
            Instant issuedAt, Duration validity) {
        return Jwt.issuer(ISSUER)
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

    /** The signing key (private JWK) in {@code file} of the test's secrets directory, e.g. a service's signing key. */
    public static PublicJsonWebKey key(String file) {
        return Jwks.readPrivateKey(secretsDir().resolve(file));
    }

    /** The test's secrets directory ({@code knooppunt.secrets-dir}). */
    public static Path secretsDir() {
        return Path.of(ConfigProvider.getConfig().getValue("knooppunt.secrets-dir", String.class));
    }

    /** A P-256 key the hub does not know, to forge tokens with. */
    public static PrivateKey foreignKey() {
        try {
            return EcJwkGenerator.generateJwk(EllipticCurves.P256, null, new SecureRandom()).getPrivateKey();
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }
}
