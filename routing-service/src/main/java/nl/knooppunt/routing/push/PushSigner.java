package nl.knooppunt.routing.push;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.List;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import jakarta.enterprise.context.ApplicationScoped;

import nl.knooppunt.standard.crypto.CryptoException;

/**
 * Signs pushes as <a href="https://www.standardwebhooks.com/">Standard Webhooks</a> (ADR 0037): for every secret of the
 * receiver that is valid now, {@code v1,} + base64 of HMAC-SHA256 over {@code {webhook-id}.{webhook-timestamp}.{body}},
 * space-separated, newest secret first. Any stock Standard Webhooks library verifies it with one of the secrets.
 */
@ApplicationScoped
public class PushSigner {

    /** Header with the message id, the same on every attempt: receivers de-duplicate on it. */
    public static final String ID_HEADER = "webhook-id";
    /** Header with the attempt's time, epoch seconds; receivers refuse one far from their clock. */
    public static final String TIMESTAMP_HEADER = "webhook-timestamp";
    /** Header with the signatures. */
    public static final String SIGNATURE_HEADER = "webhook-signature";

    private static final String HMAC = "HmacSHA256";

    /**
     * The {@value #SIGNATURE_HEADER} value: one {@code v1,<base64>} per key, space-separated.
     *
     * @param id        the {@value #ID_HEADER} value
     * @param timestamp the {@value #TIMESTAMP_HEADER} value
     * @param body      the exact request body (sent as UTF-8)
     * @param keys      the secrets' bytes, at least one
     */
    public String sign(String id, long timestamp, String body, List<byte[]> keys) {
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("a push needs at least one signing secret");
        }
        byte[] content = (id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8);
        StringBuilder signatures = new StringBuilder();
        try {
            for (byte[] key : keys) {
                Mac mac = Mac.getInstance(HMAC);
                mac.init(new SecretKeySpec(key, HMAC));
                if (signatures.length() > 0) {
                    signatures.append(' ');
                }
                signatures.append("v1,").append(Base64.getEncoder().encodeToString(mac.doFinal(content)));
            }
        } catch (GeneralSecurityException e) {
            throw new CryptoException("signing a push failed", e);
        }
        return signatures.toString();
    }
}
