package nl.knooppunt.routing.push;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.WebhookVerificationException;

/** The push signature against the stock Standard Webhooks library (com.standardwebhooks:standardwebhooks). */
class PushSignerTest {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String BODY = "{\"envelope\":{\"messageId\":\"m\",\"type\":\"saldoverzoek\"},"
            + "\"payload\":\"eyJ.a.b.c.d\",\"attempt\":1,\"naam\":\"Ærø ’s-Hertogenbosch €\"}";

    private final PushSigner signer = new PushSigner();

    @Test
    void oneSecretSignsExactlyAsTheLibraryAndVerifiesWithIt() throws Exception {
        byte[] key = key();
        String id = UUID.randomUUID().toString();
        long now = Instant.now().getEpochSecond();
        String signature = signer.sign(id, now, BODY, List.of(key));

        assertEquals(new Webhook(key).sign(id, now, BODY), signature, "byte for byte the library's v1 signature");
        new Webhook(secret(key)).verify(BODY, headers(id, now, signature));
        assertThrows(WebhookVerificationException.class,
                () -> new Webhook(secret(key())).verify(BODY, headers(id, now, signature)), "a wrong secret");
        assertThrows(WebhookVerificationException.class,
                () -> new Webhook(secret(key)).verify(BODY.replace("saldoverzoek", "betaalvoorstel"),
                        headers(id, now, signature)), "a changed body");
        assertThrows(WebhookVerificationException.class,
                () -> new Webhook(secret(key)).verify(BODY, headers(UUID.randomUUID().toString(), now, signature)),
                "another webhook-id");
        assertThrows(WebhookVerificationException.class,
                () -> new Webhook(secret(key)).verify(BODY, headers(id, now + 1, signature)), "another timestamp");
        long old = now - 600;
        assertThrows(WebhookVerificationException.class, () -> new Webhook(secret(key)).verify(BODY,
                headers(id, old, signer.sign(id, old, BODY, List.of(key)))), "a replay after the library's 5 minutes");
    }

    @Test
    void twoSecretsGiveTwoSignaturesEitherOfWhichVerifies() throws Exception {
        byte[] current = key();
        byte[] previous = key();
        String id = UUID.randomUUID().toString();
        long now = Instant.now().getEpochSecond();
        String signature = signer.sign(id, now, BODY, List.of(current, previous));

        String[] parts = signature.split(" ");
        assertEquals(2, parts.length, "space-separated, one per secret");
        assertEquals(new Webhook(current).sign(id, now, BODY), parts[0], "the newest secret first");
        assertEquals(new Webhook(previous).sign(id, now, BODY), parts[1]);
        new Webhook(secret(current)).verify(BODY, headers(id, now, signature));
        new Webhook(secret(previous)).verify(BODY, headers(id, now, signature));
        assertThrows(WebhookVerificationException.class,
                () -> new Webhook(secret(key())).verify(BODY, headers(id, now, signature)));
    }

    @Test
    void aPushNeedsASecret() {
        assertThrows(IllegalArgumentException.class, () -> signer.sign("id", 1L, BODY, List.of()));
    }

    private static byte[] key() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return key;
    }

    private static String secret(byte[] key) {
        return "whsec_" + Base64.getEncoder().encodeToString(key);
    }

    private static Map<String, List<String>> headers(String id, long timestamp, String signature) {
        return Map.of("webhook-id", List.of(id), "webhook-timestamp", List.of(Long.toString(timestamp)),
                "webhook-signature", List.of(signature));
    }
}
