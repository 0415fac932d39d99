package nl.knooppunt.localstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.jose4j.jwk.PublicJsonWebKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.crypto.PasswordBasedDecrypter;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;

import nl.knooppunt.standard.crypto.RecipientCipher;

/**
 * The demo participants' keys made on the users' side: the private keys stay in {@code demo-users/}, the registry's
 * seed file holds only public keys and keys wrapped as a browser wraps them (a stock JOSE library opens them with the
 * passphrase), a restart keeps the keys, and {@code ./knooppunt decrypt} opens what the hub hands over.
 */
class DemoUserKeysTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path state;

    @Test
    void theSeedHoldsOnlyPublicAndWrappedKeysThatThePassphraseOpens() throws Exception {
        DemoUserKeys.ensure(state);
        String seed = Files.readString(DemoUserKeys.seedFile(state));
        JsonNode keys = JSON.readTree(seed).path("keys");
        assertEquals(Demo.PARTICIPANT_IDS.size(), keys.size());
        for (JsonNode entry : keys) {
            String participant = entry.path("participantId").asText();
            ECKey own = JWK.parse(Files.readString(DemoUserKeys.keyFile(state, participant))).toECKey();
            assertTrue(own.isPrivate(), "the users' side holds the private key");
            assertFalse(seed.contains(own.getD().toString()), "the seed file never holds a private key");
            assertFalse(entry.path("publicJwk").has("d"));
            assertEquals(own.getX().toString(), entry.path("publicJwk").path("x").asText());

            JWEObject wrapped = JWEObject.parse(entry.path("wrappedKey").asText());
            assertEquals("PBES2-HS512+A256KW", wrapped.getHeader().getAlgorithm().getName());
            assertEquals("A256GCM", wrapped.getHeader().getEncryptionMethod().getName());
            assertEquals(own.getKeyID(), wrapped.getHeader().getKeyID());
            assertEquals(600_000, wrapped.getHeader().getPBES2Count());
            wrapped.decrypt(new PasswordBasedDecrypter(DemoUserKeys.PASSPHRASE));
            assertEquals(own.getD(), JWK.parse(wrapped.getPayload().toString()).toECKey().getD(),
                    "the passphrase unwraps the users' key, as the portal's browser code does");
        }
    }

    @Test
    void aRestartKeepsTheKeysAndDecryptOpensAFetchedMessage() throws Exception {
        DemoUserKeys.ensure(state);
        String first = Files.readString(DemoUserKeys.keyFile(state, Demo.ENERGIE_PARTICIPANT_ID));
        String seed = Files.readString(DemoUserKeys.seedFile(state));
        DemoUserKeys.ensure(state);
        assertEquals(first, Files.readString(DemoUserKeys.keyFile(state, Demo.ENERGIE_PARTICIPANT_ID)));
        assertEquals(seed, Files.readString(DemoUserKeys.seedFile(state)), "the same wrapped keys are seeded again");

        PublicJsonWebKey key = DemoUserKeys.read(state, Demo.ENERGIE_PARTICIPANT_ID);
        String jwe = RecipientCipher.encrypt("{\"peildatum\":\"2026-11-27\"}", key);
        String fetched = "{\"id\":\"m1\",\"type\":\"saldoverzoek\",\"encryptedPayload\":\"" + jwe + "\"}";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Decrypt.run(List.of("--key", DemoUserKeys.keyFile(state, Demo.ENERGIE_PARTICIPANT_ID).toString()),
                new ByteArrayInputStream(fetched.getBytes(StandardCharsets.UTF_8)), new PrintStream(out),
                new PrintStream(err));
        assertEquals(0, code, err.toString());
        assertEquals("2026-11-27", JSON.readTree(out.toString()).path("peildatum").asText());

        int wrongKey = Decrypt.run(List.of("--key",
                DemoUserKeys.keyFile(state, Demo.GEMEENTE_PARTICIPANT_ID).toString()),
                new ByteArrayInputStream(fetched.getBytes(StandardCharsets.UTF_8)), new PrintStream(out),
                new PrintStream(err));
        assertEquals(1, wrongKey, "another participant's key does not open it");
        assertEquals(2, Decrypt.run(List.of(), new ByteArrayInputStream(new byte[0]), new PrintStream(out),
                new PrintStream(err)), "usage");
    }
}
