package nl.knooppunt.routing.push;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.lang.JoseException;

import nl.knooppunt.routing.config.RoutingConfig;
import nl.knooppunt.standard.crypto.CryptoException;
import nl.knooppunt.standard.crypto.HubSecrets;
import nl.knooppunt.standard.crypto.Jwks;

/**
 * Signs push bodies: an ES256 JWS with detached payload (RFC 7515 appendix F) over the exact request body, with
 * routing-service's key ({@code kid routing-service-1}, published at portal-api {@code GET /api/v1/hub-keys}).
 */
@ApplicationScoped
public class PushSigner {

    /** Request header carrying the detached signature. */
    public static final String SIGNATURE_HEADER = "Knooppunt-Signature";
    /** JOSE header {@code typ} of push signatures. */
    public static final String TYPE = "knooppunt-push+jws";

    private final PublicJsonWebKey key;

    public PushSigner(RoutingConfig config) {
        this.key = Jwks.readPrivateKey(config.secretsDir().resolve(HubSecrets.ROUTING_SERVICE_SIGNING_KEY));
    }

    /** The detached compact JWS ({@code header..signature}) over the body. */
    public String sign(String body, Instant at) {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256);
        jws.setKeyIdHeaderValue(key.getKeyId());
        jws.setHeader("typ", TYPE);
        jws.getHeaders().setObjectHeaderValue("iat", at.getEpochSecond());
        jws.setPayloadBytes(body.getBytes(StandardCharsets.UTF_8));
        jws.setKey(key.getPrivateKey());
        try {
            return jws.getDetachedContentCompactSerialization();
        } catch (JoseException e) {
            throw new CryptoException("signing a push failed", e);
        }
    }
}
