package nl.knooppunt.standard;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.OctJwkGenerator;
import org.jose4j.jwk.OctetSequenceJsonWebKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import nl.knooppunt.standard.crypto.HubSecrets;
import nl.knooppunt.standard.crypto.Jwks;
import nl.knooppunt.standard.crypto.VerdictSeals;

class VerdictSealsTest {

    private static final String ID = "0f7e7c1e-51a4-4d6f-9a37-55e0f1f8c2a1";
    private static final String ACCEPTED = "{\"messageId\":\"" + ID + "\",\"accepted\":true}";

    @TempDir
    Path dir;

    @Test
    void sealsBindMessageIdAndVerdict() {
        HubSecrets.generateIfMissing(dir);
        VerdictSeals seals = new VerdictSeals(Jwks.readSet(dir.resolve(HubSecrets.SUBMISSION_LINK_KEYS)));
        String seal = seals.seal(ID, ACCEPTED);
        assertTrue(seals.verify(ID, ACCEPTED, seal));
        assertFalse(seals.verify(ID, ACCEPTED.replace("true", "false"), seal));
        assertFalse(seals.verify("1f7e7c1e-51a4-4d6f-9a37-55e0f1f8c2a1", ACCEPTED, seal));
        assertFalse(seals.verify(ID, null, seal));
        assertFalse(seals.verify(ID, ACCEPTED, null));
        assertFalse(seals.verify(ID, ACCEPTED, "submission-link-1.AAAA"));
        assertFalse(seals.verify(ID, ACCEPTED, "submission-link-9." + seal.substring(seal.indexOf('.') + 1)));
        assertFalse(seals.verify(ID, ACCEPTED, "no-dot"));
        assertFalse(seals.verify(ID, ACCEPTED, "submission-link-1.!!!"));
    }

    @Test
    void otherRingsCannotSealAndRotationKeepsOldSealsValid() throws Exception {
        HubSecrets.generateIfMissing(dir);
        JsonWebKeySet ring = Jwks.readSet(dir.resolve(HubSecrets.SUBMISSION_LINK_KEYS));
        Path other = Files.createDirectory(dir.resolve("other"));
        HubSecrets.generateIfMissing(other);
        VerdictSeals foreign = new VerdictSeals(Jwks.readSet(other.resolve(HubSecrets.SUBMISSION_LINK_KEYS)));
        VerdictSeals ours = new VerdictSeals(ring);
        assertFalse(ours.verify(ID, ACCEPTED, foreign.seal(ID, ACCEPTED)));

        OctetSequenceJsonWebKey next = OctJwkGenerator.generateJwk(256);
        next.setKeyId("submission-link-2");
        JsonWebKeySet rotated = new JsonWebKeySet(next);
        ring.getJsonWebKeys().forEach(rotated::addJsonWebKey);
        VerdictSeals afterRotation = new VerdictSeals(rotated);
        assertTrue(afterRotation.verify(ID, ACCEPTED, ours.seal(ID, ACCEPTED)));
        assertTrue(afterRotation.seal(ID, ACCEPTED).startsWith("submission-link-2."));
        assertFalse(ours.verify(ID, ACCEPTED, afterRotation.seal(ID, ACCEPTED)));
    }
}
