package nl.knooppunt.standard.crypto;

import java.util.List;
import java.util.Locale;

import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.lang.JoseException;

/**
 * Detached signatures (JWS, ES256, RFC 7515 appendix F) that registry-service puts on every record of the participant
 * snapshot topic, in the header {@value #HEADER}. They bind the record key and value (or the absence of a value for a
 * tombstone), so a component that can write to Kafka can neither forge a participant (say, with its own encryption
 * key) nor move a genuine snapshot under another participant. Only keys whose id starts with
 * {@value #KEY_ID_PREFIX} verify: a leaked key of another service cannot sign participants.
 */
public final class SnapshotSignatures {

    /** Kafka record header carrying the detached JWS. */
    public static final String HEADER = "knooppunt-signature";
    /** Key ids of the registry's signing keys start with this. */
    public static final String KEY_ID_PREFIX = "registry-service-";

    private SnapshotSignatures() {
    }

    /** The detached JWS over a record with this key and value (null for a tombstone). */
    public static String sign(String recordKey, String value, PublicJsonWebKey signingKey) {
        if (signingKey.getKeyId() == null || !signingKey.getKeyId().startsWith(KEY_ID_PREFIX)) {
            throw new KeyMaterialException("participant snapshots are signed with a key whose id starts with "
                    + KEY_ID_PREFIX, null);
        }
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(signedContent(recordKey, value));
        jws.setKey(signingKey.getPrivateKey());
        jws.setKeyIdHeaderValue(signingKey.getKeyId());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256);
        try {
            return jws.getDetachedContentCompactSerialization();
        } catch (JoseException e) {
            throw new CryptoException("signing a participant snapshot failed", e);
        }
    }

    /** A verifier trusting the registry keys found in {@code serviceKeys} (the hub's service public key set). */
    public static Verifier verifier(JsonWebKeySet serviceKeys) {
        List<JsonWebKey> registryKeys = serviceKeys.getJsonWebKeys().stream()
                .filter(k -> k.getKeyId() != null && k.getKeyId().startsWith(KEY_ID_PREFIX))
                .toList();
        return new Verifier(registryKeys);
    }

    /** What is signed (as UTF-8): the key, a newline, then "+" and the value, or "-" for a tombstone. */
    private static String signedContent(String recordKey, String value) {
        return (recordKey == null ? "" : recordKey) + "\n" + (value == null ? "-" : "+" + value);
    }

    /** Why a snapshot record was refused; the code is safe to log, count and put in a dead-letter header. */
    public enum Rejection {
        /** No signature header. */
        UNSIGNED,
        /** Not a JWS, an algorithm other than ES256, or an unknown key id. */
        INVALID,
        /** The signature does not match the record's key and value. */
        BAD_SIGNATURE;

        public String code() {
            return "snapshot." + name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /** Checks snapshot records against the registry's published keys; thread-safe. */
    public static final class Verifier {

        private final List<JsonWebKey> registryKeys;

        private Verifier(List<JsonWebKey> registryKeys) {
            this.registryKeys = registryKeys;
        }

        /** Null when the record is signed by the registry as it is; otherwise why it is refused. */
        public Rejection check(String recordKey, String value, String signature) {
            if (signature == null || signature.isBlank()) {
                return Rejection.UNSIGNED;
            }
            try {
                JsonWebSignature jws = new JsonWebSignature();
                jws.setAlgorithmConstraints(new AlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT,
                        AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256));
                jws.setCompactSerialization(signature);
                String kid = jws.getKeyIdHeaderValue();
                JsonWebKey key = registryKeys.stream().filter(k -> k.getKeyId().equals(kid)).findFirst().orElse(null);
                if (!(key instanceof PublicJsonWebKey publicKey)) {
                    return Rejection.INVALID;
                }
                jws.setPayload(signedContent(recordKey, value));
                jws.setKey(publicKey.getPublicKey());
                return jws.verifySignature() ? null : Rejection.BAD_SIGNATURE;
            } catch (JoseException e) {
                return Rejection.INVALID;
            }
        }
    }
}
