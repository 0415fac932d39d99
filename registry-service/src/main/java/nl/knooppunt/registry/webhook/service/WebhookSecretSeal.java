package nl.knooppunt.registry.webhook.service;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.OctetSequenceJsonWebKey;

import io.quarkus.runtime.Startup;
import nl.knooppunt.standard.crypto.CryptoException;
import nl.knooppunt.standard.crypto.HubSecrets;
import nl.knooppunt.standard.crypto.Jwks;
import nl.knooppunt.standard.crypto.KeyMaterialException;

/**
 * Seals webhook secrets for the database and opens them again: AES-256-GCM under the first key of
 * {@link HubSecrets#WEBHOOK_SECRET_KEYS} (every key of the ring opens what it sealed, so the ring can rotate), a fresh
 * 96-bit nonce per seal, and the participant id and secret id as associated data. The ring is read once at startup; a
 * missing or broken file stops the registry from starting.
 */
@Startup
@Singleton
public class WebhookSecretSeal {

    private static final String TRANSFORMATION = "AES/GCM/NoPadding";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecureRandom random = new SecureRandom();
    private final Map<String, SecretKey> keys = new LinkedHashMap<>();
    private final String currentKid;

    public WebhookSecretSeal(@ConfigProperty(name = "knooppunt.secrets-dir") Path secretsDir) {
        for (JsonWebKey key : Jwks.readSet(secretsDir.resolve(HubSecrets.WEBHOOK_SECRET_KEYS)).getJsonWebKeys()) {
            if (!(key instanceof OctetSequenceJsonWebKey oct) || oct.getOctetSequence().length != 32
                    || oct.getKeyId() == null || oct.getKeyId().isBlank()) {
                throw new KeyMaterialException(HubSecrets.WEBHOOK_SECRET_KEYS
                        + " must hold 256-bit oct JWKs, each with a kid", null);
            }
            if (keys.put(oct.getKeyId(), new SecretKeySpec(oct.getOctetSequence(), "AES")) != null) {
                throw new KeyMaterialException(HubSecrets.WEBHOOK_SECRET_KEYS + " has a kid twice", null);
            }
        }
        if (keys.isEmpty()) {
            throw new KeyMaterialException(HubSecrets.WEBHOOK_SECRET_KEYS + " is empty", null);
        }
        this.currentKid = keys.keySet().iterator().next();
    }

    /**
     * A secret sealed for its row.
     *
     * @param sealedWith the kid of the key that sealed it
     * @param nonce      the GCM nonce
     * @param sealed     ciphertext and tag
     */
    public record Sealed(String sealedWith, byte[] nonce, byte[] sealed) {
    }

    /** Seals the secret's bytes for the row {@code secretId} of {@code participantId}. */
    public Sealed seal(UUID participantId, UUID secretId, byte[] secret) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(Cipher.ENCRYPT_MODE, keys.get(currentKid), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(associatedData(participantId, secretId));
            return new Sealed(currentKid, nonce, cipher.doFinal(secret));
        } catch (GeneralSecurityException e) {
            throw new CryptoException("sealing a webhook secret failed", e);
        }
    }

    /** The secret's bytes; fails when the key is not in the ring or the row was altered or moved. */
    public byte[] open(UUID participantId, UUID secretId, Sealed sealed) {
        SecretKey key = keys.get(sealed.sealedWith());
        if (key == null) {
            throw new CryptoException("a webhook secret is sealed with a key that is not in "
                    + HubSecrets.WEBHOOK_SECRET_KEYS, null);
        }
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed.nonce()));
            cipher.updateAAD(associatedData(participantId, secretId));
            return cipher.doFinal(sealed.sealed());
        } catch (GeneralSecurityException e) {
            throw new CryptoException("opening a webhook secret failed", e);
        }
    }

    /** The kid that seals new secrets. */
    public String currentKeyId() {
        return currentKid;
    }

    private static byte[] associatedData(UUID participantId, UUID secretId) {
        return ("knooppunt-webhook-secret/" + participantId + "/" + secretId).getBytes(StandardCharsets.UTF_8);
    }
}
