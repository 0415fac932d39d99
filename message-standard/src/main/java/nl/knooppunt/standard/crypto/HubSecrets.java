package nl.knooppunt.standard.crypto;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jose4j.jwk.EcJwkGenerator;
import org.jose4j.jwk.EllipticCurveJsonWebKey;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.OctJwkGenerator;
import org.jose4j.jwk.OctetSequenceJsonWebKey;
import org.jose4j.keys.EllipticCurves;
import org.jose4j.lang.JoseException;

/**
 * The layout of the hub's secrets directory ({@code knooppunt.secrets-dir}), shared by every service, and a
 * generator for local and test use. In production each file is a key of a Kubernetes Secret mounted as a
 * directory; each service mounts only the files it needs.
 */
public final class HubSecrets {

    /** Public keys of every service that signs (service JWTs, participant snapshots); JWK set. */
    public static final String SERVICE_PUBLIC_KEYS = "service-public-keys.jwks";
    /** portal-api's private signing key; JWK. */
    public static final String PORTAL_API_SIGNING_KEY = "portal-api-signing-key.jwk";
    /** validation-service's private signing key; JWK. */
    public static final String VALIDATION_SERVICE_SIGNING_KEY = "validation-service-signing-key.jwk";
    /** routing-service's private signing key (signs its service JWTs to registry-service); JWK. */
    public static final String ROUTING_SERVICE_SIGNING_KEY = "routing-service-signing-key.jwk";
    /** registry-service's private signing key (signs participant snapshots); JWK. */
    public static final String REGISTRY_SERVICE_SIGNING_KEY = "registry-service-signing-key.jwk";
    /**
     * The static transit key ring of earlier versions, replaced by the self-destroying {@link TransitRatchet}
     * (ADR 0034); a secrets directory that still has it loses it, since it opens old submissions forever.
     */
    static final String RETIRED_TRANSIT_KEYS = "transit-keys.jwks";
    /**
     * Symmetric key ring of the submission link (HS256 envelope assertions on submissions), held by portal-api and
     * validation-service only; JWK set, first key signs, every key verifies (ADR 0029).
     */
    public static final String SUBMISSION_LINK_KEYS = "submission-link-keys.jwks";
    /**
     * Symmetric key ring of the delivery link (HS256 envelope assertions on deliveries), held by validation-service
     * and routing-service only; JWK set, first key signs, every key verifies (ADR 0029).
     */
    public static final String DELIVERY_LINK_KEYS = "delivery-link-keys.jwks";
    /**
     * Symmetric key ring that seals the Standard Webhooks secrets of push subscribers in registry-service's database
     * (AES-256-GCM), held by registry-service only; JWK set, first key seals, every key opens (ADR 0037).
     */
    public static final String WEBHOOK_SECRET_KEYS = "webhook-secret-keys.jwks";
    /**
     * The custody keys of earlier versions (portal participants' private keys, held by portal-api), retired by ADR
     * 0042: portal participants hold their own keys in their browsers; a secrets directory that still has it loses
     * it, since it opens their old messages.
     */
    static final String RETIRED_CUSTODY_KEYS = "custody-keys.json";

    /** Key id of portal-api's first signing key. */
    public static final String PORTAL_API_KEY_ID = "portal-api-1";
    /** Key id of validation-service's first signing key. */
    public static final String VALIDATION_SERVICE_KEY_ID = "validation-service-1";
    /** Key id of registry-service's first signing key. */
    public static final String REGISTRY_SERVICE_KEY_ID = "registry-service-1";
    /** Key id of routing-service's first signing key. */
    public static final String ROUTING_SERVICE_KEY_ID = "routing-service-1";
    /** Key id of the submission link's first key. */
    public static final String SUBMISSION_LINK_KEY_ID = "submission-link-1";
    /** Key id of the delivery link's first key. */
    public static final String DELIVERY_LINK_KEY_ID = "delivery-link-1";
    /** Key id of the first key that seals webhook secrets. */
    public static final String WEBHOOK_SECRET_KEY_ID = "webhook-secret-key-1";

    private HubSecrets() {
    }

    /**
     * Writes a fresh, complete secrets directory; existing files are kept so a restart keeps its keys, and files a
     * directory written by an older version lacks (newer signing keys, the symmetric key rings) are added. The transit
     * ratchet's state ({@link TransitRatchet#STATE_FILE}) is not written here: the first service that needs it
     * creates it.
     */
    public static void generateIfMissing(Path dir) {
        try {
            Files.createDirectories(dir);
            Files.deleteIfExists(dir.resolve(RETIRED_TRANSIT_KEYS));
            Files.deleteIfExists(dir.resolve(RETIRED_CUSTODY_KEYS));
            if (Files.exists(dir.resolve(SERVICE_PUBLIC_KEYS))) {
                addMissingSigningKeys(dir);
                addMissingSymmetricRings(dir);
                return;
            }
            EllipticCurveJsonWebKey portal = ecKey(PORTAL_API_KEY_ID);
            EllipticCurveJsonWebKey validation = ecKey(VALIDATION_SERVICE_KEY_ID);
            EllipticCurveJsonWebKey routing = ecKey(ROUTING_SERVICE_KEY_ID);
            EllipticCurveJsonWebKey registry = ecKey(REGISTRY_SERVICE_KEY_ID);
            write(dir.resolve(PORTAL_API_SIGNING_KEY), portal.toJson(JsonWebKey.OutputControlLevel.INCLUDE_PRIVATE));
            write(dir.resolve(VALIDATION_SERVICE_SIGNING_KEY),
                    validation.toJson(JsonWebKey.OutputControlLevel.INCLUDE_PRIVATE));
            write(dir.resolve(ROUTING_SERVICE_SIGNING_KEY),
                    routing.toJson(JsonWebKey.OutputControlLevel.INCLUDE_PRIVATE));
            write(dir.resolve(REGISTRY_SERVICE_SIGNING_KEY),
                    registry.toJson(JsonWebKey.OutputControlLevel.INCLUDE_PRIVATE));
            write(dir.resolve(SERVICE_PUBLIC_KEYS), new JsonWebKeySet(portal, validation, routing, registry)
                    .toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY));
            addMissingSymmetricRings(dir);
        } catch (JoseException e) {
            throw new KeyMaterialException("generating hub secrets failed", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A secrets directory written by an older version lacks the signing keys of services that began signing later
     * (routing-service's, registry-service's for participant snapshots): each missing one is generated and
     * its public half joins the service key set, so an existing local stack keeps working.
     */
    private static void addMissingSigningKeys(Path dir) throws IOException, JoseException {
        Map<String, String> signingKeys = new LinkedHashMap<>();
        signingKeys.put(PORTAL_API_SIGNING_KEY, PORTAL_API_KEY_ID);
        signingKeys.put(VALIDATION_SERVICE_SIGNING_KEY, VALIDATION_SERVICE_KEY_ID);
        signingKeys.put(ROUTING_SERVICE_SIGNING_KEY, ROUTING_SERVICE_KEY_ID);
        signingKeys.put(REGISTRY_SERVICE_SIGNING_KEY, REGISTRY_SERVICE_KEY_ID);
        JsonWebKeySet publicKeys = Jwks.readSet(dir.resolve(SERVICE_PUBLIC_KEYS));
        boolean changed = false;
        for (Map.Entry<String, String> entry : signingKeys.entrySet()) {
            if (Files.exists(dir.resolve(entry.getKey()))) {
                continue;
            }
            EllipticCurveJsonWebKey key = ecKey(entry.getValue());
            publicKeys.getJsonWebKeys().removeIf(k -> entry.getValue().equals(k.getKeyId()));
            publicKeys.addJsonWebKey(key);
            write(dir.resolve(entry.getKey()), key.toJson(JsonWebKey.OutputControlLevel.INCLUDE_PRIVATE));
            changed = true;
        }
        if (changed) {
            write(dir.resolve(SERVICE_PUBLIC_KEYS), publicKeys.toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY));
        }
    }

    /**
     * Writes each symmetric key ring that is missing (the service links' rings of ADR 0029, the webhook secret ring of
     * ADR 0037), with one fresh 256-bit key; an existing ring is never touched, so rotated rings survive a restart.
     */
    private static void addMissingSymmetricRings(Path dir) throws IOException {
        Map<String, String> rings = new LinkedHashMap<>();
        rings.put(SUBMISSION_LINK_KEYS, SUBMISSION_LINK_KEY_ID);
        rings.put(DELIVERY_LINK_KEYS, DELIVERY_LINK_KEY_ID);
        rings.put(WEBHOOK_SECRET_KEYS, WEBHOOK_SECRET_KEY_ID);
        for (Map.Entry<String, String> entry : rings.entrySet()) {
            if (!Files.exists(dir.resolve(entry.getKey()))) {
                write(dir.resolve(entry.getKey()), symmetricRing(entry.getValue()));
            }
        }
    }

    private static String symmetricRing(String kid) {
        OctetSequenceJsonWebKey key = OctJwkGenerator.generateJwk(256);
        key.setKeyId(kid);
        return new JsonWebKeySet(key).toJson(JsonWebKey.OutputControlLevel.INCLUDE_SYMMETRIC);
    }

    private static EllipticCurveJsonWebKey ecKey(String kid) throws JoseException {
        EllipticCurveJsonWebKey key = EcJwkGenerator.generateJwk(EllipticCurves.P256, null, new SecureRandom());
        key.setKeyId(kid);
        key.setUse("sig");
        return key;
    }

    private static void write(Path file, String content) throws IOException {
        Files.writeString(file, content);
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException ignored) {
            // non-POSIX file systems keep their default permissions
        }
    }
}
