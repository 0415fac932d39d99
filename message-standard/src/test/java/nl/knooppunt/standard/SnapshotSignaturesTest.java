package nl.knooppunt.standard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;

import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.keys.HmacKey;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import nl.knooppunt.standard.crypto.HubSecrets;
import nl.knooppunt.standard.crypto.Jwks;
import nl.knooppunt.standard.crypto.KeyMaterialException;
import nl.knooppunt.standard.crypto.SnapshotSignatures;
import nl.knooppunt.standard.crypto.SnapshotSignatures.Rejection;

class SnapshotSignaturesTest {

    private static final String KEY = "b7e2d154-3e3c-4d66-8b1f-4a2a8b1e3b02";
    private static final String VALUE = "{\"id\":\"" + KEY + "\",\"keys\":[{\"kid\":\"energie-1\"}],\"version\":7}";

    @TempDir
    Path dir;

    private PublicJsonWebKey registryKey;
    private SnapshotSignatures.Verifier verifier;

    @BeforeEach
    void secrets() {
        HubSecrets.generateIfMissing(dir);
        registryKey = Jwks.readPrivateKey(dir.resolve(HubSecrets.REGISTRY_SERVICE_SIGNING_KEY));
        verifier = SnapshotSignatures.verifier(Jwks.readSet(dir.resolve(HubSecrets.SERVICE_PUBLIC_KEYS)));
    }

    @Test
    void acceptsWhatTheRegistrySigned() {
        assertNull(verifier.check(KEY, VALUE, SnapshotSignatures.sign(KEY, VALUE, registryKey)));
        assertNull(verifier.check(KEY, null, SnapshotSignatures.sign(KEY, null, registryKey)));
    }

    @Test
    void refusesUnsignedTamperedAndMovedRecords() {
        String signature = SnapshotSignatures.sign(KEY, VALUE, registryKey);
        assertEquals(Rejection.UNSIGNED, verifier.check(KEY, VALUE, null));
        assertEquals(Rejection.UNSIGNED, verifier.check(KEY, VALUE, " "));
        assertEquals(Rejection.BAD_SIGNATURE, verifier.check(KEY, VALUE.replace("energie-1", "attacker-1"), signature));
        assertEquals(Rejection.BAD_SIGNATURE,
                verifier.check("6a1f0c43-2d2b-4c55-9a0e-3f1f7a0d2a01", VALUE, signature));
        // a signed snapshot does not make a tombstone, nor a signed tombstone an empty value
        assertEquals(Rejection.BAD_SIGNATURE, verifier.check(KEY, null, signature));
        assertEquals(Rejection.BAD_SIGNATURE, verifier.check(KEY, "", SnapshotSignatures.sign(KEY, null, registryKey)));
        assertEquals(Rejection.INVALID, verifier.check(KEY, VALUE, "not a jws"));
    }

    @Test
    void refusesSignaturesByOtherServicesAndForeignRegistries() throws Exception {
        PublicJsonWebKey portal = Jwks.readPrivateKey(dir.resolve(HubSecrets.PORTAL_API_SIGNING_KEY));
        assertThrows(KeyMaterialException.class, () -> SnapshotSignatures.sign(KEY, VALUE, portal));
        JsonWebSignature byPortal = new JsonWebSignature();
        byPortal.setPayload(KEY + "\n+" + VALUE);
        byPortal.setKey(portal.getPrivateKey());
        byPortal.setKeyIdHeaderValue(portal.getKeyId());
        byPortal.setAlgorithmHeaderValue(AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256);
        assertEquals(Rejection.INVALID, verifier.check(KEY, VALUE, byPortal.getDetachedContentCompactSerialization()));

        Path other = Files.createDirectory(dir.resolve("other"));
        HubSecrets.generateIfMissing(other);
        PublicJsonWebKey foreign = Jwks.readPrivateKey(other.resolve(HubSecrets.REGISTRY_SERVICE_SIGNING_KEY));
        assertEquals(Rejection.BAD_SIGNATURE, verifier.check(KEY, VALUE, SnapshotSignatures.sign(KEY, VALUE, foreign)));
    }

    @Test
    void refusesUnsignedAndSymmetricAlgorithms() throws Exception {
        String header = Base64.getUrlEncoder().withoutPadding().encodeToString(
                ("{\"alg\":\"none\",\"kid\":\"" + HubSecrets.REGISTRY_SERVICE_KEY_ID + "\"}")
                        .getBytes(StandardCharsets.UTF_8));
        assertEquals(Rejection.INVALID, verifier.check(KEY, VALUE, header + ".."));

        // HS256 keyed with the registry's public key, the classic algorithm confusion
        JsonWebSignature hmac = new JsonWebSignature();
        hmac.setPayload(KEY + "\n+" + VALUE);
        hmac.setKey(new HmacKey(registryKey.toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY)
                .getBytes(StandardCharsets.UTF_8)));
        hmac.setKeyIdHeaderValue(registryKey.getKeyId());
        hmac.setAlgorithmHeaderValue(AlgorithmIdentifiers.HMAC_SHA256);
        assertEquals(Rejection.INVALID, verifier.check(KEY, VALUE, hmac.getDetachedContentCompactSerialization()));
    }

    @Test
    void anOlderSecretsDirectoryGainsTheMissingSigningKeys() throws Exception {
        Path old = Files.createDirectory(dir.resolve("old"));
        HubSecrets.generateIfMissing(old);
        Files.delete(old.resolve(HubSecrets.REGISTRY_SERVICE_SIGNING_KEY));
        Files.delete(old.resolve(HubSecrets.ROUTING_SERVICE_SIGNING_KEY));
        JsonWebKeySet withoutRegistry = new JsonWebKeySet(Jwks.readSet(old.resolve(HubSecrets.SERVICE_PUBLIC_KEYS))
                .getJsonWebKeys().stream().filter(k -> !k.getKeyId().startsWith("registry")
                        && !k.getKeyId().startsWith("routing")).toList());
        Files.writeString(old.resolve(HubSecrets.SERVICE_PUBLIC_KEYS),
                withoutRegistry.toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY));

        HubSecrets.generateIfMissing(old);

        PublicJsonWebKey added = Jwks.readPrivateKey(old.resolve(HubSecrets.REGISTRY_SERVICE_SIGNING_KEY));
        assertTrue(Files.exists(old.resolve(HubSecrets.ROUTING_SERVICE_SIGNING_KEY)));
        JsonWebKeySet publicKeys = Jwks.readSet(old.resolve(HubSecrets.SERVICE_PUBLIC_KEYS));
        assertEquals(4, publicKeys.getJsonWebKeys().size());
        assertTrue(publicKeys.getJsonWebKeys().stream().allMatch(k -> !(k instanceof PublicJsonWebKey p)
                || p.getPrivateKey() == null));
        assertNull(SnapshotSignatures.verifier(publicKeys)
                .check(KEY, VALUE, SnapshotSignatures.sign(KEY, VALUE, added)));
    }
}
