package nl.knooppunt.load;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.jose4j.jwk.EcJwkGenerator;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.keys.EllipticCurves;
import org.jose4j.lang.JoseException;

/**
 * The seeded participants' own key pairs, as their systems would hold them: one JWK set with private keys per
 * {@code load.prefix} in {@code <state-dir>/load-keys/<prefix>.jwks}, kept beside the stack's state so a rerun against
 * the same stack can still decrypt what the hub encrypts to the keys it registered. Each key's kid starts with its
 * participant's OIN. Generating an RSA 2048 key takes a fifth of a second, so a full population's first seeding spends
 * minutes of CPU on it (once).
 */
final class LoadKeys {

    private final Path file;
    private final Map<String, List<PublicJsonWebKey>> byOin = new ConcurrentHashMap<>();
    private final AtomicLong sequence = new AtomicLong(System.currentTimeMillis());
    private volatile boolean changed;

    private LoadKeys(Path file) {
        this.file = file;
    }

    /** The keys stored for {@code prefix} under {@code stateDir} (none when there is no file yet). */
    static LoadKeys load(Path stateDir, String prefix) throws IOException {
        LoadKeys keys = new LoadKeys(stateDir.resolve("load-keys")
                .resolve(prefix.toLowerCase(java.util.Locale.ROOT) + ".jwks"));
        if (Files.isRegularFile(keys.file)) {
            try {
                for (JsonWebKey key : new JsonWebKeySet(Files.readString(keys.file)).getJsonWebKeys()) {
                    if (key instanceof PublicJsonWebKey pair && pair.getPrivateKey() != null) {
                        keys.list(oinOf(pair.getKeyId())).add(pair);
                    }
                }
            } catch (JoseException e) {
                throw new IOException("cannot read the load test's keys in " + keys.file + ": " + e.getMessage(), e);
            }
        }
        return keys;
    }

    Path file() {
        return file;
    }

    /** The OIN a kid belongs to: kids are {@code <oin>-<suffix>}. */
    static String oinOf(String kid) {
        int dash = kid == null ? -1 : kid.lastIndexOf('-');
        return dash < 0 ? String.valueOf(kid) : kid.substring(0, dash);
    }

    private List<PublicJsonWebKey> list(String oin) {
        return byOin.computeIfAbsent(oin, o -> java.util.Collections.synchronizedList(new ArrayList<>()));
    }

    /** This participant's key pairs, newest first. */
    List<PublicJsonWebKey> of(String oin) {
        List<PublicJsonWebKey> keys = list(oin);
        synchronized (keys) {
            List<PublicJsonWebKey> copy = new ArrayList<>(keys);
            java.util.Collections.reverse(copy);
            return copy;
        }
    }

    /** The key pair of this kid, or null when the driver does not hold it. */
    PublicJsonWebKey find(String kid) {
        return of(oinOf(kid)).stream().filter(k -> k.getKeyId().equals(kid)).findFirst().orElse(null);
    }

    /** A new key pair of the participant (RSA 2048 or EC P-256), with a kid no registry has seen. */
    PublicJsonWebKey generate(String oin, boolean rsa) {
        try {
            PublicJsonWebKey key = rsa ? RsaJwkGenerator.generateJwk(2048)
                    : EcJwkGenerator.generateJwk(EllipticCurves.P256);
            key.setKeyId(oin + "-" + Long.toString(sequence.incrementAndGet(), 36));
            key.setUse("enc");
            key.setAlgorithm(rsa ? "RSA-OAEP-256" : "ECDH-ES+A256KW");
            list(oin).add(key);
            changed = true;
            return key;
        } catch (JoseException e) {
            throw new IllegalStateException("cannot generate a key for " + oin, e);
        }
    }

    /** Writes the key file (owner-only) when a key was added. */
    void save() throws IOException {
        if (!changed) {
            return;
        }
        List<JsonWebKey> all = new ArrayList<>();
        byOin.values().forEach(keys -> {
            synchronized (keys) {
                all.addAll(keys);
            }
        });
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, new JsonWebKeySet(all).toJson(JsonWebKey.OutputControlLevel.INCLUDE_PRIVATE),
                StandardCharsets.UTF_8);
        try {
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: the key file keeps the default permissions (test keys only)
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        changed = false;
    }
}
