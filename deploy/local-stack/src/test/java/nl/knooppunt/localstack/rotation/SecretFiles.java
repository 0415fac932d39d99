package nl.knooppunt.localstack.rotation;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.OctJwkGenerator;
import org.jose4j.jwk.OctetSequenceJsonWebKey;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.lang.JoseException;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import nl.knooppunt.standard.crypto.HubSecrets;
import nl.knooppunt.standard.crypto.Jwks;

/**
 * An operator's edits of the hub's secrets directory during a rotation (docs/security.md): the submission link's key
 * ring. Each file is replaced atomically with owner-only permissions, as the generator
 * writes it; the services read them at their next start.
 */
public final class SecretFiles {

    private static final ObjectMapper JSON = new ObjectMapper();

    private SecretFiles() {
    }

    /** The submission link's ring as it stands, first key (the one portal-api signs assertions with) first. */
    public static List<OctetSequenceJsonWebKey> submissionLinkRing(Path secretsDir) {
        return symmetricRing(secretsDir.resolve(HubSecrets.SUBMISSION_LINK_KEYS));
    }

    /** A fresh 256-bit key for a link ring. */
    public static OctetSequenceJsonWebKey newLinkKey(String kid) {
        OctetSequenceJsonWebKey key = OctJwkGenerator.generateJwk(256);
        key.setKeyId(kid);
        return key;
    }

    /** Replaces the submission link's ring with these keys, in this order. */
    public static void writeSubmissionLinkRing(Path secretsDir, List<OctetSequenceJsonWebKey> ring) {
        replace(secretsDir.resolve(HubSecrets.SUBMISSION_LINK_KEYS), new JsonWebKeySet(ring)
                .toJson(JsonWebKey.OutputControlLevel.INCLUDE_SYMMETRIC));
    }

    private static List<OctetSequenceJsonWebKey> symmetricRing(Path file) {
        return Jwks.readSet(file).getJsonWebKeys().stream().map(OctetSequenceJsonWebKey.class::cast).toList();
    }

    private static void replace(Path file, String content) {
        try {
            Path next = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".next");
            try {
                Files.setPosixFilePermissions(next, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // non-POSIX file systems keep their default permissions
            }
            Files.writeString(next, content);
            Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new IllegalStateException("cannot replace " + file, e);
        }
    }
}
