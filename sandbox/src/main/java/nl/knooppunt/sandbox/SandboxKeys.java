package nl.knooppunt.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;

/**
 * The private keys of the simulated participants: one EC P-256 key each, made by the counterpart on its first start
 * and kept in its own state ({@code <state>/keys.json}, owner-only), never in a service's state. The hub gets only
 * the public halves.
 */
public final class SandboxKeys {

    static final String FILE = "keys.json";

    private final Path file;
    private final List<JWK> keys;

    private SandboxKeys(Path file, List<JWK> keys) {
        this.file = file;
        this.keys = keys;
    }

    /** The keys in this state directory, with a new key for every participant that has none yet. */
    public static SandboxKeys loadOrCreate(Path stateDir, List<SandboxParticipant> participants) {
        Path file = stateDir.resolve(FILE);
        try {
            Files.createDirectories(stateDir);
            List<JWK> keys = new ArrayList<>();
            if (Files.isRegularFile(file)) {
                keys.addAll(JWKSet.parse(Files.readString(file, StandardCharsets.UTF_8)).getKeys());
            }
            boolean added = false;
            for (SandboxParticipant p : participants) {
                if (keys.stream().noneMatch(k -> k.getKeyID().startsWith(prefix(p)))) {
                    keys.add(new ECKeyGenerator(Curve.P_256).keyUse(KeyUse.ENCRYPTION)
                            .keyID(prefix(p) + UUID.randomUUID().toString().substring(0, 8)).generate());
                    added = true;
                }
            }
            SandboxKeys loaded = new SandboxKeys(file, List.copyOf(keys));
            if (added) {
                loaded.save();
            }
            return loaded;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write " + file, e);
        } catch (ParseException | JOSEException e) {
            throw new IllegalStateException("cannot load the sandbox keys from " + file + ": " + e.getMessage(), e);
        }
    }

    private static String prefix(SandboxParticipant p) {
        return "sandbox-" + p.slug() + "-";
    }

    /** The private key of this participant. */
    public ECKey key(SandboxParticipant participant) {
        Optional<JWK> key = keys.stream().filter(k -> k.getKeyID().startsWith(prefix(participant))).findFirst();
        return (ECKey) key.orElseThrow(() -> new IllegalStateException("no key for " + participant.name()));
    }

    /** Every private key (for decryption). */
    public JWKSet all() {
        return new JWKSet(keys);
    }

    /** Where the keys are kept. */
    public Path file() {
        return file;
    }

    private void save() throws IOException {
        Path tmp = file.resolveSibling(FILE + ".tmp");
        Files.deleteIfExists(tmp);
        Files.createFile(tmp);
        try {
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            // best effort on file systems without POSIX permissions
        }
        Files.writeString(tmp, new JWKSet(keys).toString(false), StandardCharsets.UTF_8);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
}
