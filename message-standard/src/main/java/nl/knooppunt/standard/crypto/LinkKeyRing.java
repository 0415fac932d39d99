package nl.knooppunt.standard.crypto;

import java.nio.file.Path;
import java.security.Key;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.OctetSequenceJsonWebKey;

/**
 * The symmetric key ring of one internal service link (portal-api to validation-service for submissions,
 * validation-service to routing-service for deliveries), held by the two ends of that link only: 256-bit {@code oct}
 * JWKs with unique {@code kid}s; the first key signs envelope assertions, every key of the ring verifies them
 * (rotation without downtime, as the transit ring). ADR 0029.
 */
public final class LinkKeyRing {

    private final OctetSequenceJsonWebKey current;
    private final Map<String, OctetSequenceJsonWebKey> byKid = new LinkedHashMap<>();

    public LinkKeyRing(JsonWebKeySet ring) {
        for (JsonWebKey key : ring.getJsonWebKeys()) {
            if (!(key instanceof OctetSequenceJsonWebKey oct) || oct.getOctetSequence().length != 32) {
                throw new KeyMaterialException("link keys must be 256-bit oct JWKs", null);
            }
            if (oct.getKeyId() == null || oct.getKeyId().isBlank() || byKid.put(oct.getKeyId(), oct) != null) {
                throw new KeyMaterialException("every link key needs a unique kid", null);
            }
        }
        if (byKid.isEmpty()) {
            throw new KeyMaterialException("the link key ring is empty", null);
        }
        this.current = byKid.values().iterator().next();
    }

    /** Reads a link key ring from a JWK set file of the secrets directory. */
    public static LinkKeyRing read(Path file) {
        return new LinkKeyRing(Jwks.readSet(file));
    }

    /** The key id that signs. */
    public String currentKeyId() {
        return current.getKeyId();
    }

    Key currentKey() {
        return current.getKey();
    }

    /** The key with this id, or {@code null} when the ring has none. */
    Key key(String kid) {
        OctetSequenceJsonWebKey key = kid == null ? null : byKid.get(kid);
        return key == null ? null : key.getKey();
    }
}
