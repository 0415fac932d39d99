package nl.knooppunt.standard.crypto;

import java.security.Key;
import java.time.Duration;
import java.util.Objects;

import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.lang.JoseException;
import org.jose4j.lang.UnresolvableKeyException;

import nl.knooppunt.standard.envelope.Envelope;

/**
 * Envelope assertions: a short JWT binding message id, sender, recipient, module, type and the digest of the
 * ciphertext, issued by the service that vouches for them (portal-api for submissions, validation-service for
 * deliveries) and MACed (JWS HS256) with the key ring of that service link, which only its two ends hold (ADR 0029).
 * A record whose assertion is missing, expired, forged or does not match is refused.
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

    /** HS256 is the only algorithm an assertion may carry: no {@code none}, no asymmetric algorithm. */
    private static final AlgorithmConstraints HS256_ONLY = new AlgorithmConstraints(
            AlgorithmConstraints.ConstraintType.PERMIT, AlgorithmIdentifiers.HMAC_SHA256);

    private EnvelopeAssertions() {
    }

    /**
     * Signs (HS256, with the first key of the link's ring, its {@code kid} in the header) an assertion for this
     * envelope and ciphertext as {@code issuer}, valid for {@code ttl}.
     */
    public static String sign(Envelope envelope, String ciphertext, String issuer, Duration ttl, LinkKeyRing link) {
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
        jws.setKey(link.currentKey());
        jws.setKeyIdHeaderValue(link.currentKeyId());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.HMAC_SHA256);
        try {
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new CryptoException("signing the envelope assertion failed", e);
        }
    }

    /** Verifies assertions of one issuer, MACed with any key of the link's ring (found by {@code kid}). */
    public static Verifier verifier(String expectedIssuer, LinkKeyRing link) {
        return new Verifier(expectedIssuer, link);
    }

    /** Checks assertions against a fixed issuer and link key ring; thread-safe. */
    public static final class Verifier {

        private final JwtConsumer consumer;

        private Verifier(String expectedIssuer, LinkKeyRing link) {
            this.consumer = new JwtConsumerBuilder()
                    .setRequireExpirationTime()
                    .setRequireIssuedAt()
                    .setRequireJwtId()
                    .setAllowedClockSkewInSeconds(30)
                    .setExpectedIssuer(expectedIssuer)
                    .setSkipDefaultAudienceValidation()
                    .setJwsAlgorithmConstraints(HS256_ONLY)
                    .setVerificationKeyResolver((jws, nestingContext) -> {
                        Key key = link.key(jws.getKeyIdHeaderValue());
                        if (key == null) {
                            throw new UnresolvableKeyException("no key of the link ring has this kid");
                        }
                        return key;
                    })
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
