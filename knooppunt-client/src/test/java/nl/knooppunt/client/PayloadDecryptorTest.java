package nl.knooppunt.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDHEncrypter;
import com.nimbusds.jose.crypto.RSAEncrypter;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;

/**
 * Own-key payloads open with the participant's private key chosen by {@code kid}, EC and RSA alike, an old key kept
 * after a rotation included; a payload to another key, or not encrypted as the hub encrypts, does not open. (The
 * hub's own encryption is checked against this class end to end, in deploy/local-stack.)
 */
class PayloadDecryptorTest {

    private static final String PAYLOAD = "{\"referentieSchuldhulpverlener\":\"SHV-2026-00417\",\"bedrag\":89525}";

    private static String encrypt(JWK key, JWEAlgorithm algorithm, String plaintext) throws Exception {
        JWEObject jwe = new JWEObject(new JWEHeader.Builder(algorithm, EncryptionMethod.A256GCM)
                .keyID(key.getKeyID()).build(), new Payload(plaintext));
        jwe.encrypt(key instanceof ECKey ec ? new ECDHEncrypter(ec.toECPublicKey())
                : new RSAEncrypter(key.toRSAKey().toRSAPublicKey()));
        return jwe.serialize();
    }

    @Test
    void opensEcAndRsaPayloadsWithTheKeyTheirKidNames() throws Exception {
        ECKey ec = new ECKeyGenerator(Curve.P_256).keyID("ec-1").generate();
        RSAKey rsa = new RSAKeyGenerator(2048).keyID("rsa-1").generate();
        PayloadDecryptor decryptor = PayloadDecryptor.of(ec, rsa);

        assertEquals(PAYLOAD, decryptor.decrypt(encrypt(ec, JWEAlgorithm.ECDH_ES_A256KW, PAYLOAD)));
        JsonNode json = decryptor.decryptJson(encrypt(rsa, JWEAlgorithm.RSA_OAEP_256, PAYLOAD));
        assertEquals(89525, json.path("bedrag").asInt());
    }

    @Test
    void aPayloadToAKeyItDoesNotHoldDoesNotOpen() throws Exception {
        ECKey mine = new ECKeyGenerator(Curve.P_256).keyID("mine").generate();
        ECKey theirs = new ECKeyGenerator(Curve.P_256).keyID("theirs").generate();
        ECKey theirsUnderMyKid = new ECKeyGenerator(Curve.P_256).keyID("mine").generate();

        KnooppuntException unknown = assertThrows(KnooppuntException.class,
                () -> PayloadDecryptor.of(mine).decrypt(encrypt(theirs, JWEAlgorithm.ECDH_ES_A256KW, PAYLOAD)));
        assertTrue(unknown.getMessage().contains("theirs"), unknown.getMessage());
        assertThrows(KnooppuntException.class, () -> PayloadDecryptor.of(mine)
                .decrypt(encrypt(theirsUnderMyKid, JWEAlgorithm.ECDH_ES_A256KW, PAYLOAD)));
    }

    @Test
    void onlyTheHubsAlgorithmsAreAccepted() throws Exception {
        RSAKey rsa = new RSAKeyGenerator(2048).keyID("rsa").generate();

        KnooppuntException refused = assertThrows(KnooppuntException.class,
                () -> PayloadDecryptor.of(rsa).decrypt(encrypt(rsa, JWEAlgorithm.RSA_OAEP_512, PAYLOAD)));
        assertTrue(refused.getMessage().contains("RSA-OAEP-512"), refused.getMessage());
        assertThrows(KnooppuntException.class, () -> PayloadDecryptor.of(rsa).decrypt("not.a.jwe"));
    }

    @Test
    void theContentOfAMessageIsItsDecryptedPayload() throws Exception {
        ECKey ec = new ECKeyGenerator(Curve.P_256).keyID("ec").generate();
        PayloadDecryptor decryptor = PayloadDecryptor.of(ec);
        InboxMessage ownKey = new InboxMessage("m1", null, "m1", null, "schuldinventarisatie", "saldoverzoek", "s",
                "fetched", null, null, encrypt(ec, JWEAlgorithm.ECDH_ES_A256KW, PAYLOAD));
        InboxMessage envelopeOnly = new InboxMessage("m3", null, "m3", null, "schuldinventarisatie", "saldoverzoek",
                "s", "delivered", null, null, null);

        assertEquals(Json.read(PAYLOAD), decryptor.content(ownKey));
        assertThrows(KnooppuntException.class, () -> decryptor.content(envelopeOnly));
    }

    @Test
    void publicKeysAreRefused() throws Exception {
        ECKey ec = new ECKeyGenerator(Curve.P_256).keyID("ec").generate();
        assertThrows(IllegalArgumentException.class, () -> PayloadDecryptor.of(ec.toPublicJWK()));
    }
}
