package nl.knooppunt.standard.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.OctetSequenceJsonWebKey;

/**
 * Seals on verdicts, validation-service's answers to portal-api: HMAC-SHA256 over the record key (the message id) and
 * value, keyed by a key derived from the submission link's ring that only these two services hold, in the record
 * header {@value #HEADER} as {@code <link kid>.<base64url mac>} (the transit ratchet's keys destroy themselves, so they
 * no longer key seals: ADR 0034). A component that can write to Kafka cannot forge a
 * verdict and so cannot make portal-api answer a sender falsely. Symmetric on purpose: a verdict is made and checked
 * once per submission, and a MAC costs microseconds where a signature costs a private-key operation (ADR 0014, amended).
 */
public final class VerdictSeals {

    /** Kafka record header carrying the seal. */
    public static final String HEADER = "knooppunt-seal";
    private static final byte[] CONTEXT = "knooppunt verdict seal v1".getBytes(StandardCharsets.UTF_8);
    private static final String HMAC = "HmacSHA256";

    private final String currentKid;
    private final Map<String, byte[]> keysByKid = new LinkedHashMap<>();

    /** Seals with the first key of the ring; checks seals made with any of its keys (rotation). */
    public VerdictSeals(JsonWebKeySet ring) {
        for (JsonWebKey key : ring.getJsonWebKeys()) {
            if (!(key instanceof OctetSequenceJsonWebKey oct) || oct.getKeyId() == null) {
                throw new KeyMaterialException("verdict seal keys must be oct JWKs with a kid", null);
            }
            keysByKid.put(oct.getKeyId(), mac(oct.getOctetSequence(), CONTEXT));
        }
        if (keysByKid.isEmpty()) {
            throw new KeyMaterialException("the verdict seal key ring is empty", null);
        }
        this.currentKid = keysByKid.keySet().iterator().next();
    }

    /** The seal over a verdict record with this key and value. */
    public String seal(String recordKey, String value) {
        return currentKid + "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(mac(keysByKid.get(currentKid), content(recordKey, value)));
    }

    /** Whether the seal is one of this ring's keys over exactly this key and value. */
    public boolean verify(String recordKey, String value, String seal) {
        if (seal == null) {
            return false;
        }
        int dot = seal.lastIndexOf('.');
        if (dot <= 0) {
            return false;
        }
        byte[] key = keysByKid.get(seal.substring(0, dot));
        if (key == null) {
            return false;
        }
        byte[] given;
        try {
            given = Base64.getUrlDecoder().decode(seal.substring(dot + 1));
        } catch (IllegalArgumentException e) {
            return false;
        }
        return MessageDigest.isEqual(given, mac(key, content(recordKey, value)));
    }

    private static byte[] content(String recordKey, String value) {
        return ((recordKey == null ? "" : recordKey) + "\n" + (value == null ? "-" : "+" + value))
                .getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] mac(byte[] key, byte[] content) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(new SecretKeySpec(key, HMAC));
            return mac.doFinal(content);
        } catch (GeneralSecurityException e) {
            throw new CryptoException("computing a verdict seal failed", e);
        }
    }
}
