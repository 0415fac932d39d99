package nl.knooppunt.portal.browserkey;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import nl.knooppunt.kit.problem.ProblemException;


/** What the browser may register as its organisation's key: a public P-256 key and a passphrase-wrapped private key. */
class BrowserKeyPolicyTest {

    private static final String KID = "6a1f0c43-2d2b-4c55-9a0e-3f1f7a0d2a01-portal-1765000000000";
    private static final String X = "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU";
    private static final String Y = "x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0";
    private static final String PUBLIC = "{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"" + X + "\",\"y\":\"" + Y
            + "\",\"kid\":\"" + KID + "\"}";

    private final BrowserKeyPolicy policy = new BrowserKeyPolicy(new ObjectMapper());

    @Test
    void acceptsAPublicP256KeyAndAPassphraseWrappedKey() {
        BrowserKeyPolicy.BrowserKey key = policy.validate(KID, PUBLIC, wrapped("PBES2-HS512+A256KW", KID, 600_000));
        assertEquals("EC", key.publicJwk().get("kty"));
        assertEquals("ECDH-ES+A256KW", key.publicJwk().get("alg"));
        assertEquals(KID, key.publicJwk().get("kid"));
        assertFalse(key.publicJwk().containsKey("d"));
    }

    @Test
    void refusesPrivateMaterialOtherCurvesAndWeakWrapping() {
        refused("publicJwk may hold only public members of an EC key; found 'd'",
                () -> policy.validate(KID, PUBLIC.replace("}", ",\"d\":\"" + X + "\"}"),
                        wrapped("PBES2-HS512+A256KW", KID, 600_000)));
        refused("publicJwk must be an EC key on P-256", () -> policy.validate(KID, PUBLIC.replace("P-256", "P-384"),
                wrapped("PBES2-HS512+A256KW", KID, 600_000)));
        refused("wrappedKey must be wrapped with PBES2-HS512+A256KW and A256GCM",
                () -> policy.validate(KID, PUBLIC, wrapped("dir", KID, 600_000)));
        refused("wrappedKey's p2c must be at least 210000",
                () -> policy.validate(KID, PUBLIC, wrapped("PBES2-HS512+A256KW", KID, 1000)));
        refused("wrappedKey's kid must be the kid",
                () -> policy.validate(KID, PUBLIC, wrapped("PBES2-HS512+A256KW", "other", 600_000)));
        refused("publicJwk's kid must be the kid", () -> policy.validate(KID, PUBLIC.replace(KID, "other"),
                wrapped("PBES2-HS512+A256KW", KID, 600_000)));
        refused("wrappedKey must be a compact JWE of at most 16384 characters",
                () -> policy.validate(KID, PUBLIC, "{\"kty\":\"EC\"}"));
        refused("kid must be 1 to 100 letters, digits, '.', '_' or '-'",
                () -> policy.validate("a/b", PUBLIC, wrapped("PBES2-HS512+A256KW", "a/b", 600_000)));
    }

    private static void refused(String detail, Runnable validation) {
        ProblemException problem = assertThrows(ProblemException.class, validation::run);
        assertEquals(400, problem.problem().status());
        assertEquals(detail, problem.problem().detail());
    }

    private static String wrapped(String alg, String kid, long p2c) {
        String header = "{\"alg\":\"" + alg + "\",\"enc\":\"A256GCM\",\"kid\":\"" + kid + "\",\"p2c\":" + p2c
                + ",\"p2s\":\"c2FsdHNhbHRzYWx0c2FsdA\",\"cty\":\"jwk+json\"}";
        return b64(header) + "." + b64("wrapped-cek-wrapped-cek") + "." + b64("iv-iv-iv-iv-") + "." + b64("content")
                + "." + b64("tag-tag-tag-tag-");
    }

    private static String b64(String s) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }
}
