package nl.knooppunt.client;

import java.text.ParseException;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEDecrypter;
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.crypto.ECDHDecrypter;
import com.nimbusds.jose.crypto.RSADecrypter;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;

/**
 * Opens the payloads the hub encrypted to your own key: a compact JWE ({@code RSA-OAEP-256} or
 * {@code ECDH-ES+A256KW}, content {@code A256GCM}) whose {@code kid} names one of your private keys. Keep old keys in
 * the set after a rotation until no message to them is left. Thread-safe.
 */
public final class PayloadDecryptor {

    private static final Set<JWEAlgorithm> KEY_ALGORITHMS = Set.of(JWEAlgorithm.RSA_OAEP_256,
            JWEAlgorithm.ECDH_ES_A256KW);

    private final JWKSet privateKeys;

    /** Decrypts with these private keys (EC or RSA, each with its {@code kid}). */
    public PayloadDecryptor(JWKSet privateKeys) {
        for (JWK key : privateKeys.getKeys()) {
            if (!key.isPrivate() || key.getKeyID() == null) {
                throw new IllegalArgumentException("every key must be private and have a kid: " + key.getKeyID());
            }
        }
        this.privateKeys = privateKeys;
    }

    /** Decrypts with these private keys. */
    public static PayloadDecryptor of(JWK... privateKeys) {
        return new PayloadDecryptor(new JWKSet(List.of(privateKeys)));
    }

    /** The plaintext of a compact JWE: the JSON the sender submitted. */
    public String decrypt(String compactJwe) {
        JWEObject jwe;
        try {
            jwe = JWEObject.parse(compactJwe);
        } catch (ParseException e) {
            throw new KnooppuntException("not a compact JWE: " + e.getMessage(), e);
        }
        JWEAlgorithm algorithm = jwe.getHeader().getAlgorithm();
        if (!KEY_ALGORITHMS.contains(algorithm)
                || !EncryptionMethod.A256GCM.equals(jwe.getHeader().getEncryptionMethod())) {
            throw new KnooppuntException("a payload encrypted with " + algorithm + "/"
                    + jwe.getHeader().getEncryptionMethod() + ", not as the hub encrypts");
        }
        String kid = jwe.getHeader().getKeyID();
        JWK key = kid == null ? null : privateKeys.getKeyByKeyId(kid);
        if (key == null) {
            throw new KnooppuntException("no private key with kid " + kid);
        }
        try {
            jwe.decrypt(decrypter(key));
        } catch (JOSEException e) {
            throw new KnooppuntException("the payload does not decrypt with key " + kid + ": " + e.getMessage(), e);
        }
        return jwe.getPayload().toString();
    }

    /** The payload of a compact JWE as JSON. */
    public JsonNode decryptJson(String compactJwe) {
        return Json.read(decrypt(compactJwe));
    }

    /** The content of a message fetched with content: its {@code encryptedPayload} decrypted. */
    public JsonNode content(InboxMessage message) {
        if (message.encryptedPayload() != null) {
            return decryptJson(message.encryptedPayload());
        }
        throw new KnooppuntException("message " + message.id() + " was listed without content");
    }

    private static JWEDecrypter decrypter(JWK key) throws JOSEException {
        if (key instanceof ECKey ec) {
            return new ECDHDecrypter(ec);
        }
        if (key instanceof RSAKey rsa) {
            return new RSADecrypter(rsa);
        }
        throw new KnooppuntException("key " + key.getKeyID() + " is neither EC nor RSA");
    }
}
