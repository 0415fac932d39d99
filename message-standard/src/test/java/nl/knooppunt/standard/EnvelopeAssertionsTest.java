package nl.knooppunt.standard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.OctJwkGenerator;
import org.jose4j.jwk.OctetSequenceJsonWebKey;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import nl.knooppunt.standard.crypto.AssertionRejectedException;
import nl.knooppunt.standard.crypto.AssertionRejectedException.Reason;
import nl.knooppunt.standard.crypto.EnvelopeAssertions;
import nl.knooppunt.standard.crypto.HubSecrets;
import nl.knooppunt.standard.crypto.Jwks;
import nl.knooppunt.standard.crypto.KeyMaterialException;
import nl.knooppunt.standard.crypto.LinkKeyRing;
import nl.knooppunt.standard.envelope.Envelope;

/** HS256 envelope assertions keyed per service link (ADR 0029). */
class EnvelopeAssertionsTest {

    private static final Duration TTL = Duration.ofMinutes(5);
    private static final String CIPHER = "eyJhbGciOiJkaXIifQ..iv.cipher.tag";

    @TempDir
    Path dir;

    private LinkKeyRing submissionLink;
    private EnvelopeAssertions.Verifier verifier;
    private Envelope envelope;

    @BeforeEach
    void secrets() {
        HubSecrets.generateIfMissing(dir);
        submissionLink = LinkKeyRing.read(dir.resolve(HubSecrets.SUBMISSION_LINK_KEYS));
        verifier = EnvelopeAssertions.verifier("portal-api", submissionLink);
        envelope = new Envelope("m1", "c1", null, "schuldinventarisatie", "saldoverzoek", "a", "b", Instant.now());
    }

    @Test
    void anAssertionIsAnHs256JwsWithTheLinkKeyIdAndVerifies() throws Exception {
        String assertion = EnvelopeAssertions.sign(envelope, CIPHER, "portal-api", TTL, submissionLink);

        JsonWebSignature jws = new JsonWebSignature();
        jws.setCompactSerialization(assertion);
        assertEquals(AlgorithmIdentifiers.HMAC_SHA256, jws.getAlgorithmHeaderValue());
        assertEquals(HubSecrets.SUBMISSION_LINK_KEY_ID, jws.getKeyIdHeaderValue());
        verifier.verify(assertion, envelope, CIPHER);
    }

    @Test
    void everyFieldAndTheCiphertextDigestAreBound() {
        String assertion = EnvelopeAssertions.sign(envelope, CIPHER, "portal-api", TTL, submissionLink);

        assertReason(Reason.MISMATCH, () -> verifier.verify(assertion, envelope, CIPHER + "x"));
        assertReason(Reason.MISMATCH, () -> verifier.verify(assertion, envelope, null));
        Envelope redirected = new Envelope("m1", "c1", null, "schuldinventarisatie", "saldoverzoek", "a", "evil",
                envelope.submittedAt());
        assertReason(Reason.MISMATCH, () -> verifier.verify(assertion, redirected, CIPHER));
        Envelope retyped = new Envelope("m1", "c1", null, "schuldinventarisatie", "saldoverzoek-antwoord", "a", "b",
                envelope.submittedAt());
        assertReason(Reason.MISMATCH, () -> verifier.verify(assertion, retyped, CIPHER));
        assertReason(Reason.MISSING, () -> verifier.verify(null, envelope, CIPHER));
        assertReason(Reason.MISSING, () -> verifier.verify(" ", envelope, CIPHER));
        String tampered = assertion.substring(0, assertion.length() - 4)
                + (assertion.endsWith("AAAA") ? "BBBB" : "AAAA");
        assertReason(Reason.INVALID, () -> verifier.verify(tampered, envelope, CIPHER));
    }

    @Test
    void aKeyOutsideTheRingIsAForgery() throws Exception {
        Path other = Files.createDirectory(dir.resolve("other"));
        HubSecrets.generateIfMissing(other);
        LinkKeyRing foreign = LinkKeyRing.read(other.resolve(HubSecrets.SUBMISSION_LINK_KEYS));
        assertEquals(submissionLink.currentKeyId(), foreign.currentKeyId(), "same kid, different key");

        assertReason(Reason.INVALID, () -> verifier.verify(
                EnvelopeAssertions.sign(envelope, CIPHER, "portal-api", TTL, foreign), envelope, CIPHER));
        LinkKeyRing unknownKid = ring(key("submission-link-9"));
        assertReason(Reason.INVALID, () -> verifier.verify(
                EnvelopeAssertions.sign(envelope, CIPHER, "portal-api", TTL, unknownKid), envelope, CIPHER));
    }

    @Test
    void theOtherLinkAndTheOtherIssuerAreRefused() {
        LinkKeyRing deliveryLink = LinkKeyRing.read(dir.resolve(HubSecrets.DELIVERY_LINK_KEYS));
        assertReason(Reason.INVALID, () -> verifier.verify(
                EnvelopeAssertions.sign(envelope, CIPHER, "portal-api", TTL, deliveryLink), envelope, CIPHER));
        assertReason(Reason.INVALID, () -> verifier.verify(
                EnvelopeAssertions.sign(envelope, CIPHER, "validation-service", TTL, submissionLink), envelope,
                CIPHER));
    }

    @Test
    void onlyHs256IsAccepted() throws Exception {
        String claims = claimsOf(EnvelopeAssertions.sign(envelope, CIPHER, "portal-api", TTL, submissionLink));

        PublicJsonWebKey portalSigningKey = Jwks.readPrivateKey(dir.resolve(HubSecrets.PORTAL_API_SIGNING_KEY));
        JsonWebSignature es256 = new JsonWebSignature();
        es256.setPayload(claims);
        es256.setKey(portalSigningKey.getPrivateKey());
        es256.setKeyIdHeaderValue(HubSecrets.SUBMISSION_LINK_KEY_ID);
        es256.setAlgorithmHeaderValue(AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256);
        assertReason(Reason.INVALID, () -> verifier.verify(es256.getCompactSerialization(), envelope, CIPHER));

        JsonWebSignature none = new JsonWebSignature();
        none.setAlgorithmConstraints(AlgorithmConstraints.NO_CONSTRAINTS);
        none.setPayload(claims);
        none.setKeyIdHeaderValue(HubSecrets.SUBMISSION_LINK_KEY_ID);
        none.setAlgorithmHeaderValue(AlgorithmIdentifiers.NONE);
        String unsigned = none.getCompactSerialization();
        assertEquals('.', unsigned.charAt(unsigned.length() - 1), "an alg:none JWS has an empty signature");
        assertReason(Reason.INVALID, () -> verifier.verify(unsigned, envelope, CIPHER));

        JsonWebSignature hs512 = new JsonWebSignature();
        hs512.setPayload(claims);
        hs512.setKey(OctJwkGenerator.generateJwk(512).getKey());
        hs512.setKeyIdHeaderValue(HubSecrets.SUBMISSION_LINK_KEY_ID);
        hs512.setAlgorithmHeaderValue(AlgorithmIdentifiers.HMAC_SHA512);
        assertReason(Reason.INVALID, () -> verifier.verify(hs512.getCompactSerialization(), envelope, CIPHER));
    }

    @Test
    void anExpiredAssertionIsRefusedAsExpired() {
        String expired = EnvelopeAssertions.sign(envelope, CIPHER, "portal-api", Duration.ofMinutes(-5),
                submissionLink);
        assertReason(Reason.EXPIRED, () -> verifier.verify(expired, envelope, CIPHER));
    }

    /**
     * The documented rollout: the new key joins the receiving end's ring second (verifies only), then becomes first at
     * the sender (signs); assertions made with the old key keep verifying until the old key is removed.
     */
    @Test
    void aLinkKeyRotatesWithoutDowntime() throws Exception {
        OctetSequenceJsonWebKey k1 = key("submission-link-1");
        OctetSequenceJsonWebKey k2 = key("submission-link-2");
        String inFlight = EnvelopeAssertions.sign(envelope, CIPHER, "portal-api", TTL, ring(k1));

        EnvelopeAssertions.Verifier step1 = EnvelopeAssertions.verifier("portal-api", ring(k1, k2));
        step1.verify(inFlight, envelope, CIPHER);

        LinkKeyRing senderStep2 = ring(k2, k1);
        assertEquals("submission-link-2", senderStep2.currentKeyId());
        String afterRotation = EnvelopeAssertions.sign(envelope, CIPHER, "portal-api", TTL, senderStep2);
        assertNotEquals(inFlight, afterRotation);
        step1.verify(afterRotation, envelope, CIPHER);
        step1.verify(inFlight, envelope, CIPHER);
        EnvelopeAssertions.verifier("portal-api", senderStep2).verify(inFlight, envelope, CIPHER);

        EnvelopeAssertions.Verifier step3 = EnvelopeAssertions.verifier("portal-api", ring(k2));
        step3.verify(afterRotation, envelope, CIPHER);
        assertReason(Reason.INVALID, () -> step3.verify(inFlight, envelope, CIPHER));
        assertReason(Reason.INVALID, () -> EnvelopeAssertions.verifier("portal-api", ring(k1))
                .verify(afterRotation, envelope, CIPHER));
    }

    @Test
    void aRingHoldsOnlyUniquelyNamed256BitKeys() {
        assertThrows(KeyMaterialException.class, () -> new LinkKeyRing(new JsonWebKeySet()));
        OctetSequenceJsonWebKey shortKey = OctJwkGenerator.generateJwk(128);
        shortKey.setKeyId("submission-link-1");
        assertThrows(KeyMaterialException.class, () -> ring(shortKey));
        assertThrows(KeyMaterialException.class, () -> ring(key("a"), key("a")));
        assertThrows(KeyMaterialException.class, () -> ring(key(null)));
        assertThrows(KeyMaterialException.class, () -> new LinkKeyRing(new JsonWebKeySet(
                Jwks.readPrivateKey(dir.resolve(HubSecrets.PORTAL_API_SIGNING_KEY)))));
    }

    @Test
    void anOlderSecretsDirectoryGainsTheSymmetricRingsAndKeepsItsOwn() throws Exception {
        Path old = Files.createDirectory(dir.resolve("old"));
        HubSecrets.generateIfMissing(old);
        Files.delete(old.resolve(HubSecrets.SUBMISSION_LINK_KEYS));
        Files.delete(old.resolve(HubSecrets.DELIVERY_LINK_KEYS));
        Files.delete(old.resolve(HubSecrets.WEBHOOK_SECRET_KEYS));
        Files.writeString(old.resolve("transit-keys.jwks"), "{\"keys\":[]}");
        String portalKey = Files.readString(old.resolve(HubSecrets.PORTAL_API_SIGNING_KEY));

        HubSecrets.generateIfMissing(old);

        LinkKeyRing submission = LinkKeyRing.read(old.resolve(HubSecrets.SUBMISSION_LINK_KEYS));
        LinkKeyRing delivery = LinkKeyRing.read(old.resolve(HubSecrets.DELIVERY_LINK_KEYS));
        assertEquals(HubSecrets.SUBMISSION_LINK_KEY_ID, submission.currentKeyId());
        assertEquals(HubSecrets.DELIVERY_LINK_KEY_ID, delivery.currentKeyId());
        assertEquals(HubSecrets.WEBHOOK_SECRET_KEY_ID,
                LinkKeyRing.read(old.resolve(HubSecrets.WEBHOOK_SECRET_KEYS)).currentKeyId(),
                "the ring that seals webhook secrets (ADR 0037) is added, one 256-bit key");
        assertFalse(Files.exists(old.resolve("transit-keys.jwks")), "the retired static transit ring is removed");
        assertEquals(portalKey, Files.readString(old.resolve(HubSecrets.PORTAL_API_SIGNING_KEY)));

        String rotated = new JsonWebKeySet(key("delivery-link-2"), key("delivery-link-1"))
                .toJson(JsonWebKey.OutputControlLevel.INCLUDE_SYMMETRIC);
        Files.writeString(old.resolve(HubSecrets.DELIVERY_LINK_KEYS), rotated);
        String submissionRing = Files.readString(old.resolve(HubSecrets.SUBMISSION_LINK_KEYS));
        HubSecrets.generateIfMissing(old);
        assertEquals(rotated, Files.readString(old.resolve(HubSecrets.DELIVERY_LINK_KEYS)));
        assertEquals(submissionRing, Files.readString(old.resolve(HubSecrets.SUBMISSION_LINK_KEYS)));
    }

    private static String claimsOf(String compact) throws Exception {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setCompactSerialization(compact);
        return JwtClaims.parse(jws.getUnverifiedPayload()).toJson();
    }

    private static OctetSequenceJsonWebKey key(String kid) {
        OctetSequenceJsonWebKey key = OctJwkGenerator.generateJwk(256);
        key.setKeyId(kid);
        return key;
    }

    private static LinkKeyRing ring(OctetSequenceJsonWebKey... keys) {
        return new LinkKeyRing(new JsonWebKeySet(keys));
    }

    private static void assertReason(Reason reason, ThrowingRunnable action) {
        AssertionRejectedException e = assertThrows(AssertionRejectedException.class, action::run);
        assertEquals(reason, e.reason());
    }

    private interface ThrowingRunnable {
        void run() throws Exception;
    }
}
