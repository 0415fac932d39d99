package nl.knooppunt.registry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.OctJwkGenerator;
import org.jose4j.jwk.OctetSequenceJsonWebKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import nl.knooppunt.registry.webhook.service.WebhookSecretSeal;
import nl.knooppunt.standard.crypto.CryptoException;
import nl.knooppunt.standard.crypto.HubSecrets;
import nl.knooppunt.standard.crypto.Jwks;
import nl.knooppunt.standard.crypto.KeyMaterialException;

/** Webhook secrets sealed for the database (ADR 0037): AES-256-GCM bound to their row, under a ring that rotates. */
class WebhookSecretSealTest {

    private static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path dir;

    @Test
    void aSealOpensOnlyForItsOwnRowUnaltered() {
        HubSecrets.generateIfMissing(dir);
        WebhookSecretSeal seal = new WebhookSecretSeal(dir);
        UUID participant = UUID.randomUUID();
        UUID row = UUID.randomUUID();
        WebhookSecretSeal.Sealed sealed = seal.seal(participant, row, SECRET);

        assertEquals(HubSecrets.WEBHOOK_SECRET_KEY_ID, sealed.sealedWith());
        assertEquals(12, sealed.nonce().length);
        assertFalse(new String(sealed.sealed(), StandardCharsets.ISO_8859_1).contains("0123456789"), "not in clear");
        assertArrayEquals(SECRET, seal.open(participant, row, sealed));
        assertNotEquals(List.of(sealed.nonce()), List.of(seal.seal(participant, row, SECRET).nonce()));

        assertThrows(CryptoException.class, () -> seal.open(UUID.randomUUID(), row, sealed),
                "moved to another participant");
        assertThrows(CryptoException.class, () -> seal.open(participant, UUID.randomUUID(), sealed), "another row");
        byte[] altered = sealed.sealed().clone();
        altered[0] ^= 1;
        assertThrows(CryptoException.class, () -> seal.open(participant, row,
                new WebhookSecretSeal.Sealed(sealed.sealedWith(), sealed.nonce(), altered)), "altered");
        assertThrows(CryptoException.class, () -> seal.open(participant, row,
                new WebhookSecretSeal.Sealed("webhook-secret-key-9", sealed.nonce(), sealed.sealed())),
                "a key the ring lacks");
    }

    @Test
    void aRotatedRingSealsWithItsFirstKeyAndStillOpensWhatTheOldOneSealed() throws Exception {
        HubSecrets.generateIfMissing(dir);
        UUID participant = UUID.randomUUID();
        UUID row = UUID.randomUUID();
        WebhookSecretSeal.Sealed old = new WebhookSecretSeal(dir).seal(participant, row, SECRET);

        Path ring = dir.resolve(HubSecrets.WEBHOOK_SECRET_KEYS);
        OctetSequenceJsonWebKey next = OctJwkGenerator.generateJwk(256);
        next.setKeyId("webhook-secret-key-2");
        JsonWebKeySet rotated = new JsonWebKeySet(next);
        Jwks.readSet(ring).getJsonWebKeys().forEach(rotated::addJsonWebKey);
        Files.writeString(ring, rotated.toJson(JsonWebKey.OutputControlLevel.INCLUDE_SYMMETRIC));

        WebhookSecretSeal seal = new WebhookSecretSeal(dir);
        assertEquals("webhook-secret-key-2", seal.currentKeyId());
        assertEquals("webhook-secret-key-2", seal.seal(participant, row, SECRET).sealedWith());
        assertArrayEquals(SECRET, seal.open(participant, row, old), "the old key still opens its rows");
    }

    @Test
    void aRingOfTheWrongKindStopsTheRegistry() throws Exception {
        HubSecrets.generateIfMissing(dir);
        Files.copy(dir.resolve(HubSecrets.REGISTRY_SERVICE_SIGNING_KEY), dir.resolve(HubSecrets.WEBHOOK_SECRET_KEYS),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertThrows(RuntimeException.class, () -> new WebhookSecretSeal(dir));
        Files.writeString(dir.resolve(HubSecrets.WEBHOOK_SECRET_KEYS), "{\"keys\":[]}");
        assertThrows(KeyMaterialException.class, () -> new WebhookSecretSeal(dir));
    }
}
