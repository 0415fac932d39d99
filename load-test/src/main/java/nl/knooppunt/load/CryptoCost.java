package nl.knooppunt.load;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

import org.jose4j.jwk.EcJwkGenerator;
import org.jose4j.jwk.EllipticCurveJsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.keys.EllipticCurves;
import org.jose4j.keys.HmacKey;

import nl.knooppunt.standard.crypto.EnvelopeAssertions;
import nl.knooppunt.standard.crypto.RecipientCipher;
import nl.knooppunt.standard.envelope.Envelope;

/**
 * Times, on one thread, the public-key operations the hub does per message (ES256 assertions, encryption to the
 * recipient) beside HS256 over the same claims, for docs/benchmarks.md. Run:
 * {@code java -cp load-test/target/classes:$(cat load-test/target/load-classpath.txt) nl.knooppunt.load.CryptoCost [n]}.
 */
public final class CryptoCost {

    private static final String ISSUER = "validation-service";

    private CryptoCost() {
    }

    /** One timed operation. */
    @FunctionalInterface
    private interface Operation {
        void run() throws Exception;
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        EllipticCurveJsonWebKey signing = EcJwkGenerator.generateJwk(EllipticCurves.P256);
        signing.setKeyId(ISSUER + "-1");
        EllipticCurveJsonWebKey ecRecipient = EcJwkGenerator.generateJwk(EllipticCurves.P256);
        ecRecipient.setKeyId("ec-recipient");
        RsaJsonWebKey rsaRecipient = RsaJwkGenerator.generateJwk(2048);
        rsaRecipient.setKeyId("rsa-recipient");
        Envelope envelope = new Envelope(UUID.randomUUID().toString(), UUID.randomUUID().toString(), null,
                "schuldinventarisatie", "saldoverzoek", UUID.randomUUID().toString(), UUID.randomUUID().toString(),
                Instant.now());
        String plaintext = "x".repeat(1500);
        String jwe = RecipientCipher.encrypt(plaintext, ecRecipient);
        String assertion = EnvelopeAssertions.sign(envelope, jwe, ISSUER, Duration.ofDays(7), signing);
        EnvelopeAssertions.Verifier verifier = EnvelopeAssertions.verifier(ISSUER, new JsonWebKeySet(signing));
        byte[] secret = new byte[32];
        new java.security.SecureRandom().nextBytes(secret);
        HmacKey linkKey = new HmacKey(secret);
        String claims = new String(Base64.getUrlDecoder().decode(assertion.split("\\.")[1]), StandardCharsets.UTF_8);
        String hs256 = hs256(claims, linkKey);

        System.out.printf("%d operations each after as many warm-up operations, one thread, %s %s%n", n,
                System.getProperty("java.vm.name"), System.getProperty("java.version"));
        time("ES256 sign (EnvelopeAssertions.sign)", n,
                () -> EnvelopeAssertions.sign(envelope, jwe, ISSUER, Duration.ofDays(7), signing));
        time("ES256 verify (EnvelopeAssertions.Verifier)", n, () -> verifier.verify(assertion, envelope, jwe));
        time("HS256 sign, same claims", n, () -> hs256(claims, linkKey));
        time("HS256 verify", n, () -> {
            JsonWebSignature jws = new JsonWebSignature();
            jws.setCompactSerialization(hs256);
            jws.setKey(linkKey);
            if (!jws.verifySignature()) {
                throw new IllegalStateException("HS256 signature did not verify");
            }
        });
        time("RecipientCipher.encrypt, EC P-256 (ECDH-ES)", n, () -> RecipientCipher.encrypt(plaintext, ecRecipient));
        time("RecipientCipher.encrypt, RSA 2048 (OAEP-256)", n,
                () -> RecipientCipher.encrypt(plaintext, rsaRecipient));
    }

    private static String hs256(String claims, HmacKey key) throws Exception {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims);
        jws.setKey(key);
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.HMAC_SHA256);
        return jws.getCompactSerialization();
    }

    private static void time(String name, int n, Operation operation) throws Exception {
        for (int i = 0; i < n; i++) {
            operation.run();
        }
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            operation.run();
        }
        System.out.printf("%-48s %9.1f µs/op%n", name, (System.nanoTime() - start) / 1000.0 / n);
    }
}
