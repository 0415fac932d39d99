package nl.knooppunt.standard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;

import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import nl.knooppunt.standard.crypto.CryptoException;
import nl.knooppunt.standard.crypto.HubSecrets;
import nl.knooppunt.standard.crypto.RecipientCipher;

class CryptoTest {

    @TempDir
    Path dir;

    private static final String PLAINTEXT = "{\"bsn\":\"999993653\"}";

    @Test
    void recipientEncryptionWithAnRsaKey() throws Exception {
        PublicJsonWebKey key = rsaKey("p1-own-1");
        String jwe = RecipientCipher.encrypt(PLAINTEXT, key);
        assertEquals(PLAINTEXT, RecipientCipher.decrypt(jwe, List.of(key)));
    }

    @Test
    void theHubsSecretsHoldNoParticipantKeyAndARetiredCustodyFileGoes() throws Exception {
        java.nio.file.Files.writeString(dir.resolve("custody-keys.json"), "{}");
        HubSecrets.generateIfMissing(dir);
        assertEquals(false, java.nio.file.Files.exists(dir.resolve("custody-keys.json")),
                "custody keys of earlier versions are deleted (ADR 0042)");
        java.nio.file.Files.writeString(dir.resolve("custody-keys.json"), "{}");
        HubSecrets.generateIfMissing(dir);
        assertEquals(false, java.nio.file.Files.exists(dir.resolve("custody-keys.json")),
                "also from a directory that has every other file");
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
        PublicJsonWebKey key = rsaKey("p1-own-1");
        String jwe = RecipientCipher.encrypt(PLAINTEXT, key);
        PublicJsonWebKey stranger = RsaJwkGenerator.generateJwk(2048);
        stranger.setKeyId(key.getKeyId());
        assertThrows(CryptoException.class, () -> RecipientCipher.decrypt(jwe, List.of(stranger)));
    }

    private static PublicJsonWebKey rsaKey(String kid) throws Exception {
        PublicJsonWebKey key = RsaJwkGenerator.generateJwk(2048);
        key.setKeyId(kid);
        return key;
    }
}
