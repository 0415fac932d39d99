package nl.knooppunt.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jose4j.json.JsonUtil;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.lang.JoseException;

/**
 * Private keys of test participants, kept on the participants' side: in a file beside the hub's secrets directory,
 * never in it (no service reads this file; the hub holds no participant's private key, ADR 0042). Tests encrypt to
 * the public halves as validation-service would and open what a participant fetches with the private ones.
 */
public final class ParticipantTestKeys {

    private ParticipantTestKeys() {
    }

    /** The file that holds the participant keys of the test secrets directory {@code secretsDir}. */
    public static Path fileBeside(Path secretsDir) {
        return secretsDir.resolveSibling(secretsDir.getFileName() + "-participant-keys.json");
    }

    /** Writes one RSA 2048 key, kid {@code <participant id>-key-1}, per participant into {@code file}. */
    public static void write(Path file, Collection<String> participantIds) {
        try {
            Map<String, Object> all = new LinkedHashMap<>();
            for (String participantId : participantIds) {
                RsaJsonWebKey key = RsaJwkGenerator.generateJwk(2048);
                key.setKeyId(participantId + "-key-1");
                key.setUse("enc");
                all.put(participantId, JsonUtil.parseJson(
                        new JsonWebKeySet(key).toJson(JsonWebKey.OutputControlLevel.INCLUDE_PRIVATE)));
            }
            Files.writeString(file, JsonUtil.toJson(all));
        } catch (JoseException e) {
            throw new IllegalStateException("generating participant test keys failed", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The private keys of the participants of the test secrets directory {@code secretsDir}, newest first. */
    public static List<PublicJsonWebKey> of(Path secretsDir, String participantId) {
        List<PublicJsonWebKey> keys = all(fileBeside(secretsDir)).get(participantId);
        if (keys == null) {
            throw new IllegalArgumentException("no test key for participant " + participantId);
        }
        return keys;
    }

    /** The newest private key of a participant of the test secrets directory {@code secretsDir}. */
    public static PublicJsonWebKey first(Path secretsDir, String participantId) {
        return of(secretsDir, participantId).get(0);
    }

    /** Every participant's private keys in {@code file}. */
    public static Map<String, List<PublicJsonWebKey>> all(Path file) {
        try {
            Map<String, Object> parsed = JsonUtil.parseJson(Files.readString(file));
            Map<String, List<PublicJsonWebKey>> result = new LinkedHashMap<>();
            for (Map.Entry<String, Object> entry : parsed.entrySet()) {
                JsonWebKeySet set = new JsonWebKeySet(JsonUtil.toJson(cast(entry.getValue())));
                result.put(entry.getKey(), set.getJsonWebKeys().stream().map(k -> (PublicJsonWebKey) k).toList());
            }
            return result;
        } catch (JoseException e) {
            throw new IllegalStateException("participant test keys are not a JSON object of JWK sets: " + file, e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Object value) {
        return (Map<String, Object>) value;
    }
}
