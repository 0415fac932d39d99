package nl.knooppunt.standard.crypto;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.lang.JoseException;

/** Loading JSON Web Keys and key sets (RFC 7517) from files and strings. */
public final class Jwks {

    private Jwks() {
    }

    public static JsonWebKeySet readSet(Path file) {
        return parseSet(read(file), file.toString());
    }

    public static JsonWebKeySet parseSet(String json, String source) {
        try {
            return new JsonWebKeySet(json);
        } catch (JoseException e) {
            throw new KeyMaterialException("not a valid JWK set: " + source, e);
        }
    }

    public static PublicJsonWebKey readPrivateKey(Path file) {
        PublicJsonWebKey key = parsePublicKey(read(file), file.toString());
        if (key.getPrivateKey() == null) {
            throw new KeyMaterialException("JWK holds no private key: " + file, null);
        }
        return key;
    }

    public static PublicJsonWebKey parsePublicKey(String json, String source) {
        try {
            JsonWebKey key = JsonWebKey.Factory.newJwk(json);
            if (!(key instanceof PublicJsonWebKey publicKey)) {
                throw new KeyMaterialException("not an RSA or EC key: " + source, null);
            }
            if (publicKey.getKeyId() == null || publicKey.getKeyId().isBlank()) {
                throw new KeyMaterialException("JWK without kid: " + source, null);
            }
            return publicKey;
        } catch (JoseException e) {
            throw new KeyMaterialException("not a valid JWK: " + source, e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read key file " + file, e);
        }
    }
}
