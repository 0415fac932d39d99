package nl.knooppunt.routing.support;

import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.time.Duration;
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

/** Service JWTs as portal-api signs them, from the generated key files of the test's secrets directory. */
public final class ServiceTokens {

    public static final String ISSUER = "urn:knooppunt:services";

    private ServiceTokens() {
    }

    /** A portal-api token for routing-service with the given groups. */
    public static String portalApi(String... groups) {
        PublicJsonWebKey key = Jwks.readPrivateKey(secretsDir().resolve(HubSecrets.PORTAL_API_SIGNING_KEY));
        return sign("routing-service", key.getKeyId(), key.getPrivateKey(), groups);
    }

    /** A token for another service (wrong audience), correctly signed. */
    public static String forAudience(String audience, String... groups) {
        PublicJsonWebKey key = Jwks.readPrivateKey(secretsDir().resolve(HubSecrets.PORTAL_API_SIGNING_KEY));
        return sign(audience, key.getKeyId(), key.getPrivateKey(), groups);
    }

    /** A token that claims portal-api's key id but is signed with a key the hub does not know. */
    public static String forged(String... groups) {
        try {
            PublicJsonWebKey foreign = EcJwkGenerator.generateJwk(EllipticCurves.P256, null, new SecureRandom());
            return sign("routing-service", HubSecrets.PORTAL_API_KEY_ID, foreign.getPrivateKey(), groups);
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Path secretsDir() {
        return Path.of(ConfigProvider.getConfig().getValue("knooppunt.secrets-dir", String.class));
    }

    private static String sign(String audience, String kid, PrivateKey key, String... groups) {
        return Jwt.issuer(ISSUER).subject("portal-api").audience(audience).groups(Set.of(groups))
                .expiresIn(Duration.ofMinutes(5))
                .jws().keyId(kid).algorithm(SignatureAlgorithm.ES256).sign(key);
    }
}
