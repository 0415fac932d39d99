package nl.knooppunt.portal.message;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;

/**
 * Message ids of submissions with an {@code Idempotency-Key}: a name-based UUID (version 5) of the sender, the key,
 * the body digest, when the key's use began and the recipient, so every retry of one request submits the same ids
 * and routing-service stores (and delivers) each once (ADR 0025).
 */
final class MessageIds {

    /** Namespace of the hub's keyed message ids (a fixed random UUID). */
    private static final UUID NAMESPACE = UUID.fromString("6f1c53a2-2f0e-4c5e-9a61-7b7f3c0d9e41");

    private MessageIds() {
    }

    /** The message id of the keyed request to one recipient. */
    static String of(String sender, String key, String digest, String since, String recipient) {
        String name = sender + "\n" + key + "\n" + digest + "\n" + (since == null ? "" : since) + "\n" + recipient;
        return v5(name).toString();
    }

    private static UUID v5(String name) {
        byte[] hash;
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            sha1.update(bytes(NAMESPACE));
            hash = sha1.digest(name.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required of every JVM", e);
        }
        hash[6] = (byte) ((hash[6] & 0x0f) | 0x50);
        hash[8] = (byte) ((hash[8] & 0x3f) | 0x80);
        long msb = 0;
        long lsb = 0;
        for (int i = 0; i < 8; i++) {
            msb = (msb << 8) | (hash[i] & 0xff);
            lsb = (lsb << 8) | (hash[i + 8] & 0xff);
        }
        return new UUID(msb, lsb);
    }

    private static byte[] bytes(UUID uuid) {
        byte[] out = new byte[16];
        long msb = uuid.getMostSignificantBits();
        long lsb = uuid.getLeastSignificantBits();
        for (int i = 0; i < 8; i++) {
            out[i] = (byte) (msb >>> (56 - 8 * i));
            out[i + 8] = (byte) (lsb >>> (56 - 8 * i));
        }
        return out;
    }
}
