package nl.knooppunt.localstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEDecrypter;
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.crypto.DirectDecrypter;
import com.nimbusds.jose.crypto.ECDHDecrypter;
import com.nimbusds.jose.crypto.RSADecrypter;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;

import nl.knooppunt.standard.crypto.HubSecrets;
import nl.knooppunt.standard.crypto.Jwks;
import nl.knooppunt.standard.crypto.RecipientCipher;

/**
 * What a vendor relies on, checked with a stock JOSE library (Nimbus JOSE+JWT, not the hub's jose4j): a payload the
 * hub encrypts to the vendor's registered public key opens with the vendor's private key, for every key kind the
 * registry accepts, also across a key rotation; and no key the hub holds opens it.
 */
class VendorDecryptionTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PLAINTEXT = "{\"client\":{\"bsn\":\"999993653\",\"achternaam\":\"Vries\"}}";

    @TempDir
    Path secrets;

    @ParameterizedTest
    @ValueSource(strings = { "RSA-2048", "RSA-4096", "P-256", "P-384" })
    void vendorDecryptsWithAStockLibrary(String kind) throws Exception {
        JWK vendorKey = vendorKey(kind, "vendor-" + kind + "-1");

        String jwe = hubEncryptsTo(vendorKey);

        JWEObject parsed = JWEObject.parse(jwe);
        assertEquals(kind.startsWith("RSA") ? JWEAlgorithm.RSA_OAEP_256 : JWEAlgorithm.ECDH_ES_A256KW,
                parsed.getHeader().getAlgorithm());
        assertEquals(EncryptionMethod.A256GCM, parsed.getHeader().getEncryptionMethod());
        assertEquals(vendorKey.getKeyID(), parsed.getHeader().getKeyID());
        Path file = secrets.resolve("my-private-keys.jwks");
        Files.writeString(file, new JWKSet(vendorKey).toString(false));
        assertEquals(PLAINTEXT, decryptByKid(jwe, JWKSet.load(file.toFile())));
        assertFalse(jwe.contains("999993653"));
    }

    @Test
    void noKeyOfTheHubOpensAVendorsMessage() throws Exception {
        HubSecrets.generateIfMissing(secrets);
        JWK rsaVendor = vendorKey("RSA-2048", "vendor-rsa");
        JWK ecVendor = vendorKey("P-256", "vendor-ec");
        List<String> messages = List.of(hubEncryptsTo(rsaVendor), hubEncryptsTo(ecVendor));

        List<JWK> hubKeys = everyKeyIn(secrets);
        assertTrue(hubKeys.size() >= 6, "link and signing keys were all read: " + hubKeys.size());
        for (String jwe : messages) {
            for (JWK hubKey : hubKeys) {
                assertThrows(Exception.class, () -> decrypt(jwe, withKid(hubKey, JWEObject.parse(jwe)
                        .getHeader().getKeyID())), "hub key " + hubKey.getKeyID() + " opened a vendor's message");
            }
        }
        for (JWK vendor : List.of(rsaVendor, ecVendor)) {
            String privatePart = vendor instanceof RSAKey rsa ? rsa.getPrivateExponent().toString()
                    : ((ECKey) vendor).getD().toString();
            try (Stream<Path> files = Files.walk(secrets)) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    assertFalse(Files.readString(file).contains(privatePart), "vendor private key in " + file);
                }
            }
        }
    }

    @Test
    void messagesToTheOldKeyStayReadableAfterTheVendorRotates() throws Exception {
        JWK oldKey = vendorKey("P-256", "vendor-2026-01");
        String beforeRotation = hubEncryptsTo(oldKey);
        JWK newKey = vendorKey("P-384", "vendor-2026-02");
        String afterRotation = hubEncryptsTo(newKey);

        JWKSet vendorKeys = new JWKSet(List.of(newKey, oldKey));
        assertEquals(PLAINTEXT, decryptByKid(beforeRotation, vendorKeys));
        assertEquals(PLAINTEXT, decryptByKid(afterRotation, vendorKeys));
        assertThrows(JOSEException.class, () -> decrypt(beforeRotation, withKid(newKey, oldKey.getKeyID())));
    }

    /** What the hub does with a registered key: parse the public JWK as the registry stores it, encrypt to it. */
    private static String hubEncryptsTo(JWK vendorKey) {
        String registered = vendorKey.toPublicJWK().toJSONString();
        return RecipientCipher.encrypt(PLAINTEXT, Jwks.parsePublicKey(registered, "registry"));
    }

    private static JWK vendorKey(String kind, String kid) throws JOSEException {
        return switch (kind) {
            case "RSA-2048" -> new RSAKeyGenerator(2048).keyID(kid).keyUse(KeyUse.ENCRYPTION).generate();
            case "RSA-4096" -> new RSAKeyGenerator(4096).keyID(kid).keyUse(KeyUse.ENCRYPTION).generate();
            case "P-256" -> new ECKeyGenerator(Curve.P_256).keyID(kid).keyUse(KeyUse.ENCRYPTION).generate();
            case "P-384" -> new ECKeyGenerator(Curve.P_384).keyID(kid).keyUse(KeyUse.ENCRYPTION).generate();
            default -> throw new IllegalArgumentException(kind);
        };
    }

    /** The vendor's side, as the README shows it: pick the private key the JWE's kid names, decrypt. */
    private static String decryptByKid(String compactJwe, JWKSet myKeys) throws Exception {
        JWEObject jwe = JWEObject.parse(compactJwe);
        JWK key = myKeys.getKeyByKeyId(jwe.getHeader().getKeyID());
        jwe.decrypt(key instanceof ECKey ec ? new ECDHDecrypter(ec) : new RSADecrypter(key.toRSAKey()));
        return jwe.getPayload().toString();
    }

    private static String decrypt(String compactJwe, JWK key) throws Exception {
        JWEObject jwe = JWEObject.parse(compactJwe);
        JWEDecrypter decrypter;
        if (key instanceof RSAKey rsa) {
            decrypter = new RSADecrypter(rsa);
        } else if (key instanceof ECKey ec) {
            decrypter = new ECDHDecrypter(ec);
        } else if (key instanceof OctetSequenceKey oct) {
            decrypter = new DirectDecrypter(oct);
        } else {
            throw new IllegalArgumentException(key.getKeyType().getValue());
        }
        jwe.decrypt(decrypter);
        return jwe.getPayload().toString();
    }

    private static JWK withKid(JWK key, String kid) throws Exception {
        Map<String, Object> json = key.toJSONObject();
        json.put("kid", kid);
        return JWK.parse(json);
    }

    /** Every JWK in every file of a secrets directory: JWKs and JWK sets. */
    private static List<JWK> everyKeyIn(Path dir) throws Exception {
        List<JWK> keys = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.toList()) {
                collect(JSON.readTree(Files.readString(file, StandardCharsets.UTF_8)), keys);
            }
        }
        return keys;
    }

    private static void collect(JsonNode node, List<JWK> keys) throws Exception {
        if (node.has("kty")) {
            keys.add(JWK.parse(node.toString()));
            return;
        }
        for (Iterator<JsonNode> children = node.elements(); children.hasNext();) {
            collect(children.next(), keys);
        }
    }
}
