package nl.knooppunt.registry.wrappedkey.service;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import jakarta.enterprise.context.ApplicationScoped;
import nl.knooppunt.registry.RegistryConfig;
import nl.knooppunt.registry.key.service.PublicKeyPolicy;
import nl.knooppunt.kit.problem.ProblemException;

/**
 * What a wrapped private key must look like before the registry stores it: a compact JWE under a passphrase
 * ({@code PBES2-HS512+A256KW}, {@code A256GCM}) with at least the configured iteration count, naming its key. The
 * registry cannot open it and never tries.
 */
@ApplicationScoped
public class WrappedKeyPolicy {

    /** The only key management algorithm accepted: a passphrase, PBKDF2 with HMAC-SHA-512. */
    public static final String ALGORITHM = "PBES2-HS512+A256KW";
    /** The only content encryption accepted. */
    public static final String ENCRYPTION = "A256GCM";
    /** The largest wrapped key stored, in characters (an EC or RSA private JWK wraps to far less). */
    public static final int MAX_LENGTH = 16_384;

    private static final Pattern COMPACT = Pattern.compile("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*\\.[A-Za-z0-9_-]+"
            + "\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");

    private final ObjectMapper mapper;
    private final PublicKeyPolicy keys;
    private final RegistryConfig config;

    public WrappedKeyPolicy(ObjectMapper mapper, PublicKeyPolicy keys, RegistryConfig config) {
        this.mapper = mapper;
        this.keys = keys;
        this.config = config;
    }

    /**
     * Validates the body {@code {"jwe": "<compact JWE>"}} for the key {@code kid}; answers the JWE.
     *
     * @throws ProblemException 400 {@code invalid-wrapped-key} naming what is wrong
     */
    public String validate(String kid, String body) {
        keys.checkKid(kid);
        JsonNode json;
        try {
            json = body == null ? null : mapper.readTree(body);
        } catch (IOException e) {
            throw invalid("the body is not JSON");
        }
        if (json == null || !json.isObject() || json.size() != 1 || !json.path("jwe").isTextual()) {
            throw invalid("the body must be an object with the one member \"jwe\", a compact JWE");
        }
        String jwe = json.get("jwe").asText();
        if (jwe.length() > MAX_LENGTH) {
            throw invalid("the wrapped key is longer than " + MAX_LENGTH + " characters");
        }
        if (!COMPACT.matcher(jwe).matches()) {
            throw invalid("the wrapped key is not a compact JWE (five base64url parts)");
        }
        JsonNode header;
        try {
            header = mapper.readTree(new String(Base64.getUrlDecoder().decode(jwe.substring(0, jwe.indexOf('.'))),
                    StandardCharsets.UTF_8));
        } catch (IOException | IllegalArgumentException e) {
            throw invalid("the JWE's protected header is not base64url JSON");
        }
        if (!ALGORITHM.equals(header.path("alg").asText())) {
            throw invalid("the JWE's alg must be " + ALGORITHM + " (a passphrase the hub never sees)");
        }
        if (!ENCRYPTION.equals(header.path("enc").asText())) {
            throw invalid("the JWE's enc must be " + ENCRYPTION);
        }
        if (!kid.equals(header.path("kid").asText(null))) {
            throw invalid("the JWE's kid must be the kid in the path");
        }
        if (!header.path("p2c").canConvertToLong() || header.path("p2c").asLong() < config.wrappedKeys().minIterations()) {
            throw invalid("the JWE's p2c (PBKDF2 iterations) must be at least " + config.wrappedKeys().minIterations());
        }
        byte[] salt;
        try {
            salt = Base64.getUrlDecoder().decode(header.path("p2s").asText(""));
        } catch (IllegalArgumentException e) {
            throw invalid("the JWE's p2s is not base64url");
        }
        if (salt.length < 8) {
            throw invalid("the JWE's p2s (salt) must be at least 8 bytes (RFC 7518)");
        }
        return jwe;
    }

    private static ProblemException invalid(String detail) {
        return ProblemException.badRequest("invalid-wrapped-key", "Invalid wrapped key", detail);
    }
}
