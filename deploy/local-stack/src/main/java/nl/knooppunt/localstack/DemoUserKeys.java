package nl.knooppunt.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jose4j.json.JsonUtil;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwe.ContentEncryptionAlgorithmIdentifiers;
import org.jose4j.jwe.JsonWebEncryption;
import org.jose4j.jwe.KeyManagementAlgorithmIdentifiers;
import org.jose4j.jwk.EcJwkGenerator;
import org.jose4j.jwk.EllipticCurveJsonWebKey;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jwx.HeaderParameterNames;
import org.jose4j.keys.EllipticCurves;
import org.jose4j.keys.PbkdfKey;
import org.jose4j.lang.JoseException;

/**
 * The demo participants' own keys, made by the local stack on the users' side as a portal user's browser would make
 * them (ADR 0042): an EC P-256 key pair per demo participant, its private half in {@code demo-users/} of the state
 * directory (never read by a service: it stands for what the participant's own people and systems hold), and for the
 * hub only what a browser sends: the public JWK and the private JWK wrapped under the demo passphrase
 * ({@code PBES2-HS512+A256KW}, 600,000 iterations), in {@code seed/demo-keys.json}, which registry-service's demo seed
 * registers. The portal users unlock with {@link #PASSPHRASE}; API callers open what they fetch with the private key
 * file ({@code ./knooppunt decrypt}).
 */
public final class DemoUserKeys {

    /** The passphrase under which the demo participants' keys are wrapped (the organisations' shared passphrase). */
    public static final String PASSPHRASE = "demo-sleutel-wachtwoord";
    /** PBKDF2 iterations of the wrapping, as the portal's browser code uses. */
    static final long ITERATIONS = 600_000;

    private DemoUserKeys() {
    }

    /** The users' side of the state directory: private keys, never read by a service. */
    public static Path dir(Path stateDir) {
        return stateDir.resolve("demo-users");
    }

    /** The file registry-service's demo seed reads: public keys and wrapped keys only. */
    public static Path seedFile(Path stateDir) {
        return stateDir.resolve("seed").resolve("demo-keys.json");
    }

    /** The private key file of a demo participant, e.g. {@code demo-users/voorbeeld-energie.jwk}. */
    public static Path keyFile(Path stateDir, String participantId) {
        return dir(stateDir).resolve(Demo.slugOf(participantId) + ".jwk");
    }

    /**
     * Makes the key of each demo participant that has none yet and writes the seed file for the registry; keys made
     * before are kept, so a restarted stack keeps reading what waits for them.
     */
    public static void ensure(Path stateDir) {
        try {
            Files.createDirectories(dir(stateDir));
            Files.createDirectories(seedFile(stateDir).getParent());
            List<Map<String, Object>> seed = new ArrayList<>();
            for (String participantId : Demo.PARTICIPANT_IDS) {
                Path file = keyFile(stateDir, participantId);
                if (!Files.exists(file)) {
                    EllipticCurveJsonWebKey key = EcJwkGenerator.generateJwk(EllipticCurves.P256);
                    key.setKeyId(participantId + "-demo-1");
                    key.setUse("enc");
                    key.setAlgorithm(KeyManagementAlgorithmIdentifiers.ECDH_ES_A256KW);
                    writePrivate(file, key.toJson(JsonWebKey.OutputControlLevel.INCLUDE_PRIVATE));
                }
                PublicJsonWebKey key = read(stateDir, participantId);
                Path recovery = dir(stateDir).resolve(Demo.slugOf(participantId) + "-herstel.json");
                Map<String, Object> entry;
                if (Files.exists(recovery)) {
                    entry = JsonUtil.parseJson(Files.readString(recovery));
                } else {
                    entry = new LinkedHashMap<>();
                    entry.put("participantId", participantId);
                    entry.put("kid", key.getKeyId());
                    entry.put("publicJwk", JsonUtil.parseJson(key.toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY)));
                    entry.put("wrappedKey", wrap(key));
                    Files.writeString(recovery, JsonUtil.toJson(entry));
                }
                seed.add(entry);
            }
            Files.writeString(seedFile(stateDir), JsonUtil.toJson(Map.of("keys", seed)));
            Path readme = dir(stateDir).resolve("README.txt");
            if (!Files.exists(readme)) {
                Files.writeString(readme, """
                        The demo participants' own keys: what their people and systems hold, never the hub.
                        <name>.jwk          the private key (EC P-256); open a fetched message with
                                            ./knooppunt decrypt --key .local-stack/demo-users/<name>.jwk
                        <name>-herstel.json the recovery file: the key wrapped under the passphrase
                        Portal passphrase (Sleutel): %s
                        No service reads this directory; the registry got only the public keys and the wrapped keys.
                        """.formatted(PASSPHRASE));
            }
        } catch (JoseException e) {
            throw new LocalStackException("making the demo participants' keys failed: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The private key of a demo participant, as its users hold it. */
    public static PublicJsonWebKey read(Path stateDir, String participantId) {
        Path file = keyFile(stateDir, participantId);
        try {
            return PublicJsonWebKey.Factory.newPublicJwk(Files.readString(file));
        } catch (JoseException e) {
            throw new LocalStackException("not a private JWK: " + file, e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static String wrap(PublicJsonWebKey key) throws JoseException {
        JsonWebEncryption jwe = new JsonWebEncryption();
        jwe.setPayload(key.toJson(JsonWebKey.OutputControlLevel.INCLUDE_PRIVATE));
        jwe.setAlgorithmHeaderValue(KeyManagementAlgorithmIdentifiers.PBES2_HS512_A256KW);
        jwe.setEncryptionMethodHeaderParameter(ContentEncryptionAlgorithmIdentifiers.AES_256_GCM);
        jwe.setKeyIdHeaderValue(key.getKeyId());
        jwe.setContentTypeHeaderValue("jwk+json");
        jwe.getHeaders().setObjectHeaderValue(HeaderParameterNames.PBES2_ITERATION_COUNT, ITERATIONS);
        jwe.setKey(new PbkdfKey(PASSPHRASE));
        // jose4j 0.9.6 blocks the PBES2 algorithms unless a JWE permits them
        jwe.setAlgorithmConstraints(new AlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT,
                KeyManagementAlgorithmIdentifiers.PBES2_HS512_A256KW));
        return jwe.getCompactSerialization();
    }

    private static void writePrivate(Path file, String json) throws IOException {
        Files.writeString(file, json);
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException ignored) {
            // not a POSIX file system: the file keeps its default permissions
        }
    }
}
