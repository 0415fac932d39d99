package nl.knooppunt.load;

import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongPredicate;

import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.PublicJsonWebKey;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;

import nl.knooppunt.client.KnooppuntException;
import nl.knooppunt.client.PayloadDecryptor;
import nl.knooppunt.standard.crypto.RecipientCipher;

/**
 * The end-to-end encryption, checked on a sample of deliveries ({@code load.decrypt-sample}): the recipient decrypts
 * the payload with its own private key, as its system would, and it must equal what the sender sent. Which messages
 * are checked follows from the message id, so the sample is the same share of pushes and of pulled messages. A
 * payload that cannot be decrypted, or decrypts to something else, is an error. It decrypts with knooppunt-client's
 * {@link PayloadDecryptor}, as a vendor's system would.
 */
final class PayloadCheck {

    private final Metrics metrics;
    private final double sample;
    private final LongPredicate measured;
    private final Map<String, PayloadDecryptor> decryptors = new ConcurrentHashMap<>();

    PayloadCheck(Metrics metrics, double sample, LongPredicate measured) {
        this.metrics = metrics;
        this.sample = sample;
        this.measured = measured;
    }

    /** Whether the message with this id is in the sample of {@code share} (0..1) of all messages. */
    static boolean sampled(String messageId, double share) {
        if (share >= 1) {
            return true;
        }
        if (share <= 0 || messageId == null) {
            return false;
        }
        long h = messageId.hashCode() * 0x9E3779B97F4A7C15L;
        return Math.floorMod(h ^ (h >>> 29), 1_000_000L) < share * 1_000_000;
    }

    /**
     * Checks a delivered message of this run when it is in the sample.
     *
     * @param channel          "push" or "pull", for the error's kind
     * @param encryptedPayload the compact JWE as delivered (null when the delivery had none)
     */
    void check(String channel, String messageId, Traffic.Message message, String encryptedPayload) {
        if (message == null || !sampled(messageId, sample)) {
            return;
        }
        long now = System.nanoTime();
        metrics.payloadsChecked.increment();
        if (encryptedPayload == null || encryptedPayload.isBlank()) {
            metrics.error("payload check: " + channel + " without encryptedPayload", messageId, measured.test(now));
            return;
        }
        String plaintext;
        try {
            plaintext = decryptors.computeIfAbsent(message.recipient().id(),
                    id -> decryptor(message.recipient().keys())).decrypt(encryptedPayload);
        } catch (KnooppuntException e) {
            metrics.error("payload check: " + channel + " payload does not decrypt with the recipient's key",
                    messageId + " (kid " + RecipientCipher.keyIdOf(encryptedPayload) + "): " + e.getMessage(),
                    measured.test(now));
            return;
        }
        JsonNode payload;
        try {
            payload = Api.JSON.readTree(plaintext);
        } catch (java.io.IOException e) {
            payload = null;
        }
        if (payload == null || !payload.equals(message.kind().payload())) {
            metrics.error("payload check: " + channel + " payload differs from what was sent",
                    messageId + " " + message.type(), measured.test(now));
        }
    }

    /** A decryptor holding the participant's private keys (the driver keeps them as jose4j keys). */
    private static PayloadDecryptor decryptor(List<PublicJsonWebKey> keys) {
        List<JWK> privateKeys = new ArrayList<>();
        for (PublicJsonWebKey key : keys) {
            try {
                privateKeys.add(JWK.parse(key.toJson(JsonWebKey.OutputControlLevel.INCLUDE_PRIVATE)));
            } catch (ParseException e) {
                throw new IllegalStateException("a participant key the driver generated is no JWK", e);
            }
        }
        return new PayloadDecryptor(new JWKSet(privateKeys));
    }
}
