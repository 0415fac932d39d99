package nl.knooppunt.standard.crypto;

import java.security.Security;
import java.util.Collection;

import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.jose4j.jca.ProviderContext;

import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwe.ContentEncryptionAlgorithmIdentifiers;
import org.jose4j.jwe.JsonWebEncryption;
import org.jose4j.jwe.KeyManagementAlgorithmIdentifiers;
import org.jose4j.jwk.EllipticCurveJsonWebKey;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.lang.JoseException;

/**
 * Payload encryption to a recipient's public key, standard JWE (RFC 7516): {@code RSA-OAEP-256} for RSA keys,
 * {@code ECDH-ES+A256KW} for EC keys, content always {@code A256GCM}. Any stock JOSE library decrypts it.
 * For EC recipients the ephemeral key pair and the key agreement come from Bouncy Castle, three times faster than
 * the JDK 17 provider; everything else, and every use of a long-term private key, stays with the JDK (ADR 0032).
 */
public final class RecipientCipher {

    private static final ProviderContext EPHEMERAL_EC = ephemeralEcProviders();

    private static final AlgorithmConstraints KEY_ALGS = new AlgorithmConstraints(
            AlgorithmConstraints.ConstraintType.PERMIT, KeyManagementAlgorithmIdentifiers.RSA_OAEP_256,
            KeyManagementAlgorithmIdentifiers.ECDH_ES_A256KW);
    private static final AlgorithmConstraints CONTENT_ALGS = new AlgorithmConstraints(
            AlgorithmConstraints.ConstraintType.PERMIT, ContentEncryptionAlgorithmIdentifiers.AES_256_GCM);

    private RecipientCipher() {
    }

    /** The JWE key management algorithm used for this recipient key. */
    public static String keyAlgorithmFor(PublicJsonWebKey key) {
        if (key instanceof RsaJsonWebKey) {
            return KeyManagementAlgorithmIdentifiers.RSA_OAEP_256;
        }
        if (key instanceof EllipticCurveJsonWebKey) {
            return KeyManagementAlgorithmIdentifiers.ECDH_ES_A256KW;
        }
        throw new KeyMaterialException("recipient keys must be RSA or EC", null);
    }

    /** Encrypts the plaintext to the recipient's public key; returns a compact JWE carrying the key's kid. */
    public static String encrypt(String plaintext, PublicJsonWebKey recipientKey) {
        try {
            JsonWebEncryption jwe = new JsonWebEncryption();
            jwe.setAlgorithmHeaderValue(keyAlgorithmFor(recipientKey));
            jwe.setEncryptionMethodHeaderParameter(ContentEncryptionAlgorithmIdentifiers.AES_256_GCM);
            jwe.setKeyIdHeaderValue(recipientKey.getKeyId());
            jwe.setContentTypeHeaderValue("application/json");
            jwe.setKey(recipientKey.getPublicKey());
            if (recipientKey instanceof EllipticCurveJsonWebKey) {
                jwe.setProviderContext(EPHEMERAL_EC);
            }
            jwe.setPlaintext(plaintext);
            return jwe.getCompactSerialization();
        } catch (JoseException e) {
            throw new CryptoException("recipient encryption failed", e);
        }
    }

    /**
     * Bouncy Castle for the ephemeral EC key pair and the ECDH agreement of {@code ECDH-ES} only; registered last, so
     * it is never the JDK's default for anything else.
     */
    private static ProviderContext ephemeralEcProviders() {
        synchronized (Security.class) {
            if (Security.getProvider(BouncyCastleProvider.PROVIDER_NAME) == null) {
                Security.addProvider(new BouncyCastleProvider());
            }
        }
        ProviderContext context = new ProviderContext();
        for (ProviderContext.Context c : new ProviderContext.Context[] {context.getGeneralProviderContext(),
                context.getSuppliedKeyProviderContext()}) {
            c.setKeyPairGeneratorProvider(BouncyCastleProvider.PROVIDER_NAME);
            c.setKeyAgreementProvider(BouncyCastleProvider.PROVIDER_NAME);
        }
        return context;
    }

    /** The kid in a compact JWE's protected header, or null when it has none or is not a JWE. */
    public static String keyIdOf(String compactJwe) {
        try {
            JsonWebEncryption jwe = new JsonWebEncryption();
            jwe.setCompactSerialization(compactJwe);
            return jwe.getKeyIdHeaderValue();
        } catch (JoseException | RuntimeException e) {
            return null;
        }
    }

    /** Decrypts with whichever of the given private keys the JWE's kid names. */
    public static String decrypt(String compactJwe, Collection<PublicJsonWebKey> privateKeys) {
        try {
            JsonWebEncryption jwe = new JsonWebEncryption();
            jwe.setAlgorithmConstraints(KEY_ALGS);
            jwe.setContentEncryptionAlgorithmConstraints(CONTENT_ALGS);
            jwe.setCompactSerialization(compactJwe);
            String kid = jwe.getKeyIdHeaderValue();
            PublicJsonWebKey key = privateKeys.stream().filter(k -> k.getKeyId().equals(kid)).findFirst()
                    .orElseThrow(() -> new CryptoException("no private key for the message's key id", null));
            jwe.setKey(key.getPrivateKey());
            return jwe.getPlaintextString();
        } catch (JoseException e) {
            throw new CryptoException("decryption failed", e);
        }
    }
}
