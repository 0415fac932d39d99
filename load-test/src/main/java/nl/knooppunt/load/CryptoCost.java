package nl.knooppunt.load;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

import org.jose4j.jwk.EcJwkGenerator;
import org.jose4j.jwk.EllipticCurveJsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.OctJwkGenerator;
import org.jose4j.jwk.OctetSequenceJsonWebKey;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.keys.EllipticCurves;

import nl.knooppunt.standard.crypto.EnvelopeAssertions;
import nl.knooppunt.standard.crypto.LinkKeyRing;
import nl.knooppunt.standard.crypto.RecipientCipher;
import nl.knooppunt.standard.envelope.Envelope;

/**
 * Times, on one thread, the crypto the hub does per message (HS256 envelope assertions per service link, ADR 0029;
 * encryption to the recipient) beside ES256 over the same claims (the assertions before ADR 0029, and the cost of a
 * push signature), for docs/benchmarks.md. Run:
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
        OctetSequenceJsonWebKey linkKey = OctJwkGenerator.generateJwk(256);
        linkKey.setKeyId("delivery-link-1");
        LinkKeyRing link = new LinkKeyRing(new JsonWebKeySet(linkKey));
        EllipticCurveJsonWebKey ecRecipient = EcJwkGenerator.generateJwk(EllipticCurves.P256);
        ecRecipient.setKeyId("ec-recipient");
        RsaJsonWebKey rsaRecipient = RsaJwkGenerator.generateJwk(2048);
        rsaRecipient.setKeyId("rsa-recipient");
        Envelope envelope = new Envelope(UUID.randomUUID().toString(), UUID.randomUUID().toString(), null,
                "schuldinventarisatie", "saldoverzoek", UUID.randomUUID().toString(), UUID.randomUUID().toString(),
                Instant.now());
        String plaintext = "x".repeat(1500);
        String jwe = RecipientCipher.encrypt(plaintext, ecRecipient);
        String assertion = EnvelopeAssertions.sign(envelope, jwe, ISSUER, Duration.ofDays(7), link);
        EnvelopeAssertions.Verifier verifier = EnvelopeAssertions.verifier(ISSUER, link);
        String claims = new String(Base64.getUrlDecoder().decode(assertion.split("\\.")[1]), StandardCharsets.UTF_8);
        String es256 = es256(claims, signing);

        System.out.printf("%d operations each after as many warm-up operations, one thread, %s %s%n", n,
                System.getProperty("java.vm.name"), System.getProperty("java.version"));
        time("HS256 sign (EnvelopeAssertions.sign)", n,
                () -> EnvelopeAssertions.sign(envelope, jwe, ISSUER, Duration.ofDays(7), link));
        time("HS256 verify (EnvelopeAssertions.Verifier)", n, () -> verifier.verify(assertion, envelope, jwe));
        time("ES256 sign, same claims", n, () -> es256(claims, signing));
        time("ES256 verify, same claims", n, () -> {
            JsonWebSignature jws = new JsonWebSignature();
            jws.setCompactSerialization(es256);
            jws.setKey(signing.getPublicKey());
            if (!jws.verifySignature()) {
                throw new IllegalStateException("ES256 signature did not verify");
            }
        });
        time("RecipientCipher.encrypt, EC P-256 (ECDH-ES)", n, () -> RecipientCipher.encrypt(plaintext, ecRecipient));
        time("RecipientCipher.encrypt, RSA 2048 (OAEP-256)", n,
                () -> RecipientCipher.encrypt(plaintext, rsaRecipient));
    }

    private static String es256(String claims, EllipticCurveJsonWebKey key) throws Exception {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims);
        jws.setKey(key.getPrivateKey());
        jws.setKeyIdHeaderValue(key.getKeyId());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256);
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
