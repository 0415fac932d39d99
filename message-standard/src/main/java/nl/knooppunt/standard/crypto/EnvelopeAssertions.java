package nl.knooppunt.standard.crypto;

import java.time.Duration;
import java.util.Objects;

import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.EllipticCurveJsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.resolvers.JwksVerificationKeyResolver;
import org.jose4j.lang.JoseException;

import nl.knooppunt.standard.envelope.Envelope;

/**
 * Signed envelope assertions: a short JWT binding message id, sender, recipient, module, type and the digest of
 * the ciphertext, signed by the service that vouches for them (portal-api for submissions, validation-service for
 * deliveries). A record whose assertion is missing, expired, forged or does not match is refused.
 */
public final class EnvelopeAssertions {

    static final String MESSAGE_ID = "mid";
    static final String CONVERSATION_ID = "cid";
    static final String IN_REPLY_TO = "irt";
    static final String MODULE = "module";
    static final String TYPE = "mtype";
    static final String SENDER = "sender";
    static final String RECIPIENT = "recipient";
    static final String DIGEST = "digest";

    private EnvelopeAssertions() {
    }

    /** Signs an assertion for this envelope and ciphertext as {@code issuer}, valid for {@code ttl}. */
    public static String sign(Envelope envelope, String ciphertext, String issuer, Duration ttl,
            PublicJsonWebKey signingKey) {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(issuer);
        claims.setIssuedAtToNow();
        claims.setExpirationTimeMinutesInTheFuture(ttl.toSeconds() / 60f);
        claims.setJwtId(envelope.messageId());
        claims.setClaim(MESSAGE_ID, envelope.messageId());
        claims.setClaim(CONVERSATION_ID, envelope.conversationId());
        if (envelope.inReplyTo() != null) {
            claims.setClaim(IN_REPLY_TO, envelope.inReplyTo());
        }
        claims.setClaim(MODULE, envelope.module());
        claims.setClaim(TYPE, envelope.type());
        claims.setClaim(SENDER, envelope.sender());
        claims.setClaim(RECIPIENT, envelope.recipient());
        claims.setClaim(DIGEST, PayloadDigest.of(ciphertext));
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(signingKey.getPrivateKey());
        jws.setKeyIdHeaderValue(signingKey.getKeyId());
        jws.setAlgorithmHeaderValue(signingKey instanceof EllipticCurveJsonWebKey
                ? AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256
                : AlgorithmIdentifiers.RSA_USING_SHA256);
        try {
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new CryptoException("signing the envelope assertion failed", e);
        }
    }

    /** Verifies assertions signed by one trusted issuer with one of its published keys. */
    public static Verifier verifier(String expectedIssuer, JsonWebKeySet trustedKeys) {
        return new Verifier(expectedIssuer, trustedKeys);
    }

    /** Checks assertions against a fixed issuer and key set; thread-safe. */
    public static final class Verifier {

        private final JwtConsumer consumer;

        private Verifier(String expectedIssuer, JsonWebKeySet trustedKeys) {
            this.consumer = new JwtConsumerBuilder()
                    .setRequireExpirationTime()
                    .setRequireIssuedAt()
                    .setRequireJwtId()
                    .setAllowedClockSkewInSeconds(30)
                    .setExpectedIssuer(expectedIssuer)
                    .setSkipDefaultAudienceValidation()
                    .setJwsAlgorithmConstraints(new AlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT,
                            AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256,
                            AlgorithmIdentifiers.RSA_USING_SHA256))
                    .setVerificationKeyResolver(new JwksVerificationKeyResolver(trustedKeys.getJsonWebKeys()))
                    .build();
        }

        /** Returns normally when the assertion is valid and matches the envelope and ciphertext exactly. */
        public void verify(String assertion, Envelope envelope, String ciphertext) throws AssertionRejectedException {
            if (assertion == null || assertion.isBlank()) {
                throw new AssertionRejectedException(AssertionRejectedException.Reason.MISSING);
            }
            JwtClaims claims;
            try {
                claims = consumer.processToClaims(assertion);
            } catch (InvalidJwtException e) {
                throw new AssertionRejectedException(e.hasExpired()
                        ? AssertionRejectedException.Reason.EXPIRED
                        : AssertionRejectedException.Reason.INVALID);
            }
            try {
                boolean matches = Objects.equals(claims.getStringClaimValue(MESSAGE_ID), envelope.messageId())
                        && Objects.equals(claims.getStringClaimValue(CONVERSATION_ID), envelope.conversationId())
                        && Objects.equals(claims.getStringClaimValue(IN_REPLY_TO), envelope.inReplyTo())
                        && Objects.equals(claims.getStringClaimValue(MODULE), envelope.module())
                        && Objects.equals(claims.getStringClaimValue(TYPE), envelope.type())
                        && Objects.equals(claims.getStringClaimValue(SENDER), envelope.sender())
                        && Objects.equals(claims.getStringClaimValue(RECIPIENT), envelope.recipient())
                        && ciphertext != null
                        && Objects.equals(claims.getStringClaimValue(DIGEST), PayloadDigest.of(ciphertext));
                if (!matches) {
                    throw new AssertionRejectedException(AssertionRejectedException.Reason.MISMATCH);
                }
            } catch (MalformedClaimException e) {
                throw new AssertionRejectedException(AssertionRejectedException.Reason.INVALID);
            }
        }
    }
}
