package nl.knooppunt.client;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Verifies a push of the hub as Standard Webhooks (ADR 0037): {@code webhook-signature} must hold a {@code v1,}
 * HMAC-SHA256 of {@code webhook-id.webhook-timestamp.body} under one of your secrets ({@code whsec_...}; during a
 * rotation give both), and {@code webhook-timestamp} must be within the tolerance (default 5 minutes) of now.
 * Thread-safe.
 */
public final class WebhookVerifier {

    /** The tolerance of the Standard Webhooks libraries. */
    public static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);
    private static final String SECRET_PREFIX = "whsec_";
    private static final String HMAC = "HmacSHA256";

    private final List<byte[]> keys;
    private final Duration tolerance;
    private final Clock clock;

    /** Verifies with any of these secrets ({@code whsec_} + base64, as the operator handed them over). */
    public WebhookVerifier(String... secrets) {
        this(List.of(secrets), DEFAULT_TOLERANCE, Clock.systemUTC());
    }

    /** Verifies with any of these secrets, within this tolerance of this clock. */
    public WebhookVerifier(List<String> secrets, Duration tolerance, Clock clock) {
        if (secrets.isEmpty()) {
            throw new IllegalArgumentException("at least one secret");
        }
        List<byte[]> decoded = new ArrayList<>();
        for (String secret : secrets) {
            String base64 = secret.startsWith(SECRET_PREFIX) ? secret.substring(SECRET_PREFIX.length()) : secret;
            decoded.add(Base64.getDecoder().decode(base64));
        }
        this.keys = List.copyOf(decoded);
        this.tolerance = tolerance;
        this.clock = clock;
    }

    /**
     * Passes when the push is the hub's, unaltered and recent; else throws.
     *
     * @param body    the request body exactly as received, as UTF-8
     * @param headers the request headers (names in any case)
     * @return the {@code webhook-id}: the message id, the same on every retry of the push, to de-duplicate on
     * @throws WebhookVerificationException when it is not
     */
    public String verify(String body, Map<String, List<String>> headers) {
        String id = header(headers, "webhook-id");
        String timestamp = header(headers, "webhook-timestamp");
        String signatures = header(headers, "webhook-signature");
        if (id == null || timestamp == null || signatures == null) {
            throw new WebhookVerificationException("missing webhook-id, webhook-timestamp or webhook-signature");
        }
        long seconds;
        try {
            seconds = Long.parseLong(timestamp.trim());
        } catch (NumberFormatException e) {
            throw new WebhookVerificationException("webhook-timestamp is not a number of seconds");
        }
        long now = clock.instant().getEpochSecond();
        if (now - seconds > tolerance.toSeconds()) {
            throw new WebhookVerificationException("webhook-timestamp too old");
        }
        if (seconds - now > tolerance.toSeconds()) {
            throw new WebhookVerificationException("webhook-timestamp too new");
        }
        byte[] content = (id + "." + seconds + "." + body).getBytes(StandardCharsets.UTF_8);
        List<byte[]> expected = keys.stream().map(key -> hmac(key, content)).toList();
        for (String signature : signatures.trim().split(" +")) {
            int comma = signature.indexOf(',');
            if (comma < 0 || !"v1".equals(signature.substring(0, comma))) {
                continue;
            }
            byte[] given;
            try {
                given = Base64.getDecoder().decode(signature.substring(comma + 1));
            } catch (IllegalArgumentException notBase64) {
                continue;
            }
            for (byte[] candidate : expected) {
                if (MessageDigest.isEqual(candidate, given)) {
                    return id;
                }
            }
        }
        throw new WebhookVerificationException("no matching signature");
    }

    /**
     * The {@code webhook-signature} value the hub sends for this push under the first secret, {@code v1,<base64>}:
     * to test your receiver.
     */
    public String sign(String id, long timestampSeconds, String body) {
        byte[] content = (id + "." + timestampSeconds + "." + body).getBytes(StandardCharsets.UTF_8);
        return "v1," + Base64.getEncoder().encodeToString(hmac(keys.get(0), content));
    }

    private static byte[] hmac(byte[] key, byte[] content) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(new SecretKeySpec(key, HMAC));
            return mac.doFinal(content);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    private static String header(Map<String, List<String>> headers, String name) {
        for (Map.Entry<String, List<String>> header : headers.entrySet()) {
            if (header.getKey() != null && header.getKey().equalsIgnoreCase(name) && !header.getValue().isEmpty()) {
                return header.getValue().get(0);
            }
        }
        return null;
    }
}
