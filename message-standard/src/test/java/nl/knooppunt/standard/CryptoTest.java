package nl.knooppunt.standard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.OctJwkGenerator;
import org.jose4j.jwk.OctetSequenceJsonWebKey;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import nl.knooppunt.standard.crypto.CryptoException;
import nl.knooppunt.standard.crypto.HubSecrets;
import nl.knooppunt.standard.crypto.Jwks;
import nl.knooppunt.standard.crypto.RecipientCipher;
import nl.knooppunt.standard.crypto.TransitCipher;

class CryptoTest {

    @TempDir
    Path dir;

    private static final String PLAINTEXT = "{\"bsn\":\"999993653\"}";

    @Test
    void transitRoundTripAndRotation() throws Exception {
        HubSecrets.generateIfMissing(dir, List.of());
        TransitCipher cipher = new TransitCipher(Jwks.readSet(dir.resolve(HubSecrets.TRANSIT_KEYS)));
        String jwe = cipher.encrypt(PLAINTEXT);
        assertFalse(jwe.contains("999993653"));
        assertEquals(PLAINTEXT, cipher.decrypt(jwe));

        Path other = Files.createDirectory(dir.resolve("other"));
        HubSecrets.generateIfMissing(other, List.of());
        TransitCipher foreign = new TransitCipher(Jwks.readSet(other.resolve(HubSecrets.TRANSIT_KEYS)));
        assertThrows(CryptoException.class, () -> foreign.decrypt(jwe.replace("transit-1", "transit-9")));
    }

    /**
     * The documented rollout: add the new key at the end of validation-service's ring (decrypt only), then put it
     * first in portal-api's ring (it encrypts), and drop the old key once no submission made with it can be in
     * flight. No submission fails at any step.
     */
    @Test
    void transitKeyRotatesWithoutDowntime() throws Exception {
        OctetSequenceJsonWebKey k1 = transitKey("transit-1");
        OctetSequenceJsonWebKey k2 = transitKey("transit-2");
        TransitCipher portalBefore = ring(k1);
        String inFlight = portalBefore.encrypt(PLAINTEXT);

        TransitCipher validationStep1 = ring(k1, k2);
        assertEquals(PLAINTEXT, validationStep1.decrypt(inFlight));
        assertEquals(PLAINTEXT, validationStep1.decrypt(portalBefore.encrypt(PLAINTEXT)));

        TransitCipher portalStep2 = ring(k2, k1);
        String afterRotation = portalStep2.encrypt(PLAINTEXT);
        assertEquals("transit-2", kidOf(afterRotation));
        assertEquals(PLAINTEXT, validationStep1.decrypt(afterRotation));
        assertEquals(PLAINTEXT, validationStep1.decrypt(inFlight));

        TransitCipher validationStep3 = ring(k2);
        assertEquals(PLAINTEXT, validationStep3.decrypt(afterRotation));
        assertThrows(CryptoException.class, () -> validationStep3.decrypt(inFlight));
        assertThrows(CryptoException.class, () -> ring(k1).decrypt(afterRotation),
                "promoting the key in portal-api before validation-service knows it would fail submissions");
    }

    @Test
    void recipientEncryptionWithCustodyKey() {
        HubSecrets.generateIfMissing(dir, List.of("p1"));
        Map<String, List<PublicJsonWebKey>> custody = HubSecrets.readCustodyKeys(dir.resolve(HubSecrets.CUSTODY_KEYS));
        PublicJsonWebKey key = custody.get("p1").get(0);
        String jwe = RecipientCipher.encrypt(PLAINTEXT, key);
        assertEquals(PLAINTEXT, RecipientCipher.decrypt(jwe, custody.get("p1")));
    }

    @Test
    void ecRecipientsGetStandardJwesThatTheJdkAloneDecrypts() throws Exception {
        for (var curve : List.of(org.jose4j.keys.EllipticCurves.P256, org.jose4j.keys.EllipticCurves.P384)) {
            PublicJsonWebKey key = org.jose4j.jwk.EcJwkGenerator.generateJwk(curve);
            key.setKeyId("own-ec");
            String jwe = RecipientCipher.encrypt(PLAINTEXT, key);

            org.jose4j.jwe.JsonWebEncryption plain = new org.jose4j.jwe.JsonWebEncryption();
            plain.setCompactSerialization(jwe);
            plain.setKey(key.getPrivateKey());
            assertEquals(PLAINTEXT, plain.getPlaintextString());
            assertEquals("ECDH-ES+A256KW", plain.getAlgorithmHeaderValue());
        }
        assertEquals("SunEC", java.security.KeyPairGenerator.getInstance("EC").getProvider().getName(),
                "Bouncy Castle serves ECDH-ES only; it must not become the JDK's default EC provider");
        assertEquals("SunEC", java.security.Signature.getInstance("SHA256withECDSA").getProvider().getName());
    }

    @Test
    void otherKeysCannotDecrypt() throws Exception {
        HubSecrets.generateIfMissing(dir, List.of("p1"));
        PublicJsonWebKey key = HubSecrets.readCustodyKeys(dir.resolve(HubSecrets.CUSTODY_KEYS)).get("p1").get(0);
        String jwe = RecipientCipher.encrypt(PLAINTEXT, key);
        PublicJsonWebKey stranger = RsaJwkGenerator.generateJwk(2048);
        stranger.setKeyId(key.getKeyId());
        assertThrows(CryptoException.class, () -> RecipientCipher.decrypt(jwe, List.of(stranger)));
    }

    private static OctetSequenceJsonWebKey transitKey(String kid) {
        OctetSequenceJsonWebKey key = OctJwkGenerator.generateJwk(256);
        key.setKeyId(kid);
        return key;
    }

    private static String kidOf(String compactJwe) throws Exception {
        org.jose4j.jwe.JsonWebEncryption jwe = new org.jose4j.jwe.JsonWebEncryption();
        jwe.setCompactSerialization(compactJwe);
        return jwe.getKeyIdHeaderValue();
    }

    private static TransitCipher ring(OctetSequenceJsonWebKey... keys) {
        return new TransitCipher(new JsonWebKeySet(keys));
    }
}
