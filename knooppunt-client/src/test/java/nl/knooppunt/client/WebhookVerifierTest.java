package nl.knooppunt.client;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.WebhookVerificationException;

/**
 * The push verifier against the stock Standard Webhooks library (the hub's receivers and tests use it, ADR 0037):
 * what the library signs passes, what the verifier signs passes the library, and an altered body, another secret or
 * a timestamp outside five minutes fails both.
 */
class WebhookVerifierTest {

    private static final String BODY = "{\"envelope\":{\"messageId\":\"0f8c2a4e\"},\"payload\":\"eyJ...\",\"attempt\":1}";
    private static final String ID = "0f8c2a4e-6b1d-4c3a-9e7f-2d5b8a1c3e90";

    private static String newSecret() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return "whsec_" + Base64.getEncoder().encodeToString(bytes);
    }

    private static Map<String, List<String>> headers(String id, long timestamp, String signature) {
        return Map.of("webhook-id", List.of(id), "webhook-timestamp", List.of(Long.toString(timestamp)),
                "webhook-signature", List.of(signature));
    }

    private static long now() {
        return Instant.now().getEpochSecond();
    }

    @Test
    void whatTheStockLibrarySignsVerifies() throws Exception {
        String secret = newSecret();
        long timestamp = now();

        String signature = new Webhook(secret).sign(ID, timestamp, BODY);

        assertEquals(ID, new WebhookVerifier(secret).verify(BODY, headers(ID, timestamp, signature)));
    }

    @Test
    void whatTheVerifierSignsTheStockLibraryVerifies() {
        String secret = newSecret();
        long timestamp = now();

        String signature = new WebhookVerifier(secret).sign(ID, timestamp, BODY);

        assertDoesNotThrow(() -> new Webhook(secret).verify(BODY, headers(ID, timestamp, signature)));
    }

    @Test
    void anAlteredBodyIdOrTimestampFailsBoth() throws Exception {
        String secret = newSecret();
        long timestamp = now();
        String signature = new Webhook(secret).sign(ID, timestamp, BODY);
        WebhookVerifier verifier = new WebhookVerifier(secret);
        List<Map<String, List<String>>> altered = List.of(headers(ID + "0", timestamp, signature),
                headers(ID, timestamp - 1, signature));

        assertThrows(nl.knooppunt.client.WebhookVerificationException.class,
                () -> verifier.verify(BODY.replace("\"attempt\":1", "\"attempt\":2"), headers(ID, timestamp, signature)));
        assertThrows(WebhookVerificationException.class,
                () -> new Webhook(secret).verify(BODY.replace("1}", "2}"), headers(ID, timestamp, signature)));
        for (Map<String, List<String>> headers : altered) {
            assertThrows(nl.knooppunt.client.WebhookVerificationException.class, () -> verifier.verify(BODY, headers));
            assertThrows(WebhookVerificationException.class, () -> new Webhook(secret).verify(BODY, headers));
        }
    }

    @Test
    void anotherSecretFailsBoth() throws Exception {
        String secret = newSecret();
        String stranger = newSecret();
        long timestamp = now();
        String signature = new Webhook(stranger).sign(ID, timestamp, BODY);

        assertThrows(nl.knooppunt.client.WebhookVerificationException.class,
                () -> new WebhookVerifier(secret).verify(BODY, headers(ID, timestamp, signature)));
        assertThrows(WebhookVerificationException.class,
                () -> new Webhook(secret).verify(BODY, headers(ID, timestamp, signature)));
    }

    @Test
    void aTimestampOutsideFiveMinutesFailsBothInsideItPasses() throws Exception {
        String secret = newSecret();
        WebhookVerifier verifier = new WebhookVerifier(secret);
        for (long offset : new long[] { -301, 301 }) {
            long timestamp = now() + offset;
            String signature = new Webhook(secret).sign(ID, timestamp, BODY);
            assertThrows(nl.knooppunt.client.WebhookVerificationException.class,
                    () -> verifier.verify(BODY, headers(ID, timestamp, signature)), "offset " + offset);
            assertThrows(WebhookVerificationException.class,
                    () -> new Webhook(secret).verify(BODY, headers(ID, timestamp, signature)), "offset " + offset);
        }
        long timestamp = now() - 240;
        String signature = new Webhook(secret).sign(ID, timestamp, BODY);
        assertEquals(ID, verifier.verify(BODY, headers(ID, timestamp, signature)));
    }

    @Test
    void theToleranceAndClockAreTheVerifiers() throws Exception {
        String secret = newSecret();
        long timestamp = now();
        String signature = new Webhook(secret).sign(ID, timestamp, BODY);
        Clock aMinuteLater = Clock.fixed(Instant.ofEpochSecond(timestamp + 60), ZoneOffset.UTC);

        assertThrows(nl.knooppunt.client.WebhookVerificationException.class, () -> new WebhookVerifier(
                List.of(secret), Duration.ofSeconds(30), aMinuteLater).verify(BODY, headers(ID, timestamp, signature)));
        assertEquals(ID, new WebhookVerifier(List.of(secret), Duration.ofSeconds(90), aMinuteLater)
                .verify(BODY, headers(ID, timestamp, signature)));
    }

    @Test
    void duringARotationEitherSecretVerifiesAPushSignedWithBoth() throws Exception {
        String previous = newSecret();
        String next = newSecret();
        long timestamp = now();
        String both = new Webhook(next).sign(ID, timestamp, BODY) + " " + new Webhook(previous).sign(ID, timestamp, BODY);

        assertEquals(ID, new WebhookVerifier(previous).verify(BODY, headers(ID, timestamp, both)));
        assertEquals(ID, new WebhookVerifier(next).verify(BODY, headers(ID, timestamp, both)));
        assertEquals(ID, new WebhookVerifier(newSecret(), next).verify(BODY, headers(ID, timestamp, both)));
        assertThrows(nl.knooppunt.client.WebhookVerificationException.class,
                () -> new WebhookVerifier(newSecret()).verify(BODY, headers(ID, timestamp, both)));
    }

    @Test
    void headerNamesInAnyCaseAsServersHandThemOver() throws Exception {
        String secret = newSecret();
        long timestamp = now();
        String signature = new Webhook(secret).sign(ID, timestamp, BODY);
        Map<String, List<String>> asJdkServerHasThem = Map.of("Webhook-id", List.of(ID), "Webhook-timestamp",
                List.of(Long.toString(timestamp)), "Webhook-signature", List.of(signature));

        assertEquals(ID, new WebhookVerifier(secret).verify(BODY, asJdkServerHasThem));
    }

    @Test
    void missingHeadersFail() {
        assertThrows(nl.knooppunt.client.WebhookVerificationException.class,
                () -> new WebhookVerifier(newSecret()).verify(BODY, Map.of("webhook-id", List.of(ID))));
    }
}
