package nl.knooppunt.validation.security;

import java.nio.file.Path;
import java.util.List;

import jakarta.inject.Singleton;

import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.PublicJsonWebKey;

import io.quarkus.runtime.Startup;
import nl.knooppunt.standard.crypto.EnvelopeAssertions;
import nl.knooppunt.standard.crypto.HubSecrets;
import nl.knooppunt.standard.crypto.Jwks;
import nl.knooppunt.standard.crypto.KeyMaterialException;
import nl.knooppunt.standard.crypto.TransitCipher;
import nl.knooppunt.validation.config.KnooppuntConfig;

/**
 * The key material validation-service works with, read once at startup from the secrets directory (a missing or
 * broken file stops the service from starting): portal-api's public keys, the transit ring, its own signing key.
 */
@Startup
@Singleton
public class HubKeys {

    /** Issuer of submission assertions. */
    public static final String PORTAL_API = "portal-api";
    /** This service's name: issuer of delivery assertions and subject of its service JWTs. */
    public static final String VALIDATION_SERVICE = "validation-service";

    private final EnvelopeAssertions.Verifier submissionAssertions;
    private final TransitCipher transit;
    private final PublicJsonWebKey signingKey;

    public HubKeys(KnooppuntConfig config) {
        Path dir = config.secretsDir();
        this.submissionAssertions = EnvelopeAssertions.verifier(PORTAL_API,
                keysOf(Jwks.readSet(dir.resolve(HubSecrets.SERVICE_PUBLIC_KEYS)), PORTAL_API));
        this.transit = new TransitCipher(Jwks.readSet(dir.resolve(HubSecrets.TRANSIT_KEYS)));
        this.signingKey = Jwks.readPrivateKey(dir.resolve(HubSecrets.VALIDATION_SERVICE_SIGNING_KEY));
    }

    /** Verifies portal-api's assertions on submissions, trusting only portal-api's own keys. */
    public EnvelopeAssertions.Verifier submissionAssertions() {
        return submissionAssertions;
    }

    /** Decrypts transit payloads from portal-api. */
    public TransitCipher transit() {
        return transit;
    }

    /** This service's private signing key (delivery assertions, service JWTs). */
    public PublicJsonWebKey signingKey() {
        return signingKey;
    }

    private static JsonWebKeySet keysOf(JsonWebKeySet all, String service) {
        List<JsonWebKey> own = all.getJsonWebKeys().stream()
                .filter(k -> k.getKeyId() != null && k.getKeyId().startsWith(service))
                .toList();
        if (own.isEmpty()) {
            throw new KeyMaterialException("no public key of " + service + " in " + HubSecrets.SERVICE_PUBLIC_KEYS,
                    null);
        }
        return new JsonWebKeySet(own);
    }
}
