package nl.knooppunt.standard.crypto;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jose4j.jwe.ContentEncryptionAlgorithmIdentifiers;
import org.jose4j.jwe.JsonWebEncryption;
import org.jose4j.jwe.KeyManagementAlgorithmIdentifiers;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.OctetSequenceJsonWebKey;
import org.jose4j.lang.JoseException;

/**
 * Symmetric transit encryption between portal-api and validation-service: JWE {@code dir} + {@code A256GCM}.
 * The first key of the ring encrypts; every key of the ring decrypts (rotation without downtime).
 */
public final class TransitCipher {

    private static final AlgorithmConstraints KEY_ALGS = new AlgorithmConstraints(
            AlgorithmConstraints.ConstraintType.PERMIT, KeyManagementAlgorithmIdentifiers.DIRECT);
    private static final AlgorithmConstraints CONTENT_ALGS = new AlgorithmConstraints(
            AlgorithmConstraints.ConstraintType.PERMIT, ContentEncryptionAlgorithmIdentifiers.AES_256_GCM);

    private final OctetSequenceJsonWebKey current;
    private final Map<String, OctetSequenceJsonWebKey> byKid = new LinkedHashMap<>();

    public TransitCipher(JsonWebKeySet ring) {
        List<JsonWebKey> keys = ring.getJsonWebKeys();
        for (JsonWebKey key : keys) {
            if (!(key instanceof OctetSequenceJsonWebKey oct) || oct.getOctetSequence().length != 32) {
                throw new KeyMaterialException("transit keys must be 256-bit oct JWKs", null);
            }
            if (oct.getKeyId() == null || byKid.put(oct.getKeyId(), oct) != null) {
                throw new KeyMaterialException("every transit key needs a unique kid", null);
            }
        }
        if (byKid.isEmpty()) {
            throw new KeyMaterialException("the transit key ring is empty", null);
        }
        this.current = byKid.values().iterator().next();
    }

    /** Encrypts with the current key; returns a compact JWE. */
    public String encrypt(String plaintext) {
        try {
            JsonWebEncryption jwe = new JsonWebEncryption();
            jwe.setAlgorithmHeaderValue(KeyManagementAlgorithmIdentifiers.DIRECT);
            jwe.setEncryptionMethodHeaderParameter(ContentEncryptionAlgorithmIdentifiers.AES_256_GCM);
            jwe.setKeyIdHeaderValue(current.getKeyId());
            jwe.setKey(current.getKey());
            jwe.setPlaintext(plaintext);
            return jwe.getCompactSerialization();
        } catch (JoseException e) {
            throw new CryptoException("transit encryption failed", e);
        }
    }

    /** Decrypts a compact JWE made by any key of the ring. */
    public String decrypt(String compactJwe) {
        try {
            JsonWebEncryption jwe = new JsonWebEncryption();
            jwe.setAlgorithmConstraints(KEY_ALGS);
            jwe.setContentEncryptionAlgorithmConstraints(CONTENT_ALGS);
            jwe.setCompactSerialization(compactJwe);
            OctetSequenceJsonWebKey key = byKid.get(jwe.getKeyIdHeaderValue());
            if (key == null) {
                throw new CryptoException("unknown transit key id", null);
            }
            jwe.setKey(key.getKey());
            return jwe.getPlaintextString();
        } catch (JoseException e) {
            throw new CryptoException("transit decryption failed", e);
        }
    }
}
