package nl.knooppunt.standard.crypto;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/** SHA-256 digest of a ciphertext, base64url without padding: binds an assertion to exactly one payload. */
public final class PayloadDigest {

    private PayloadDigest() {
    }

    public static String of(String ciphertext) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(ciphertext.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
