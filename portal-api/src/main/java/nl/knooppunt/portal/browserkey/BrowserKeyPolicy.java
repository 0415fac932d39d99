package nl.knooppunt.portal.browserkey;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import jakarta.enterprise.context.ApplicationScoped;
import nl.knooppunt.kit.problem.Problem;
import nl.knooppunt.kit.problem.ProblemException;

/**
 * Checks what a browser sends when it sets up its organisation's key (ADR 0042): an EC P-256 public JWK for
 * {@code ECDH-ES+A256KW} without private material, and the private key wrapped as a compact JWE under a passphrase
 * ({@code PBES2-HS512+A256KW}, {@code A256GCM}, at least {@link #MIN_ITERATIONS} iterations), both under one kid.
 * Every refusal names the rule, never a value.
 */
@ApplicationScoped
public class BrowserKeyPolicy {

    /** The fewest PBKDF2 iterations accepted (the registry holds the same floor; the portal wraps with 600,000). */
    public static final long MIN_ITERATIONS = 210_000;

    private static final Pattern KID = Pattern.compile("[A-Za-z0-9._-]{1,100}");
    private static final Pattern COORDINATE = Pattern.compile("[A-Za-z0-9_-]{43}");
    private static final Pattern COMPACT = Pattern.compile("[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+){4}");
    private static final Set<String> PUBLIC_MEMBERS = Set.of("kty", "crv", "x", "y", "kid", "use", "alg", "key_ops",
            "ext");

    private final ObjectMapper mapper;

    public BrowserKeyPolicy(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /**
     * A key the browser made.
     *
     * @param kid        its kid
     * @param publicJwk  the public JWK as the registry gets it
     * @param wrappedJwe the private JWK, wrapped
     */
    public record BrowserKey(String kid, Map<String, Object> publicJwk, String wrappedJwe) {
    }

    /** Validates the form fields; a 400 problem naming the rule broken. */
    public BrowserKey validate(String kid, String publicJwk, String wrappedKey) {
        checkKid(kid);
        JsonNode jwk = json(publicJwk, "publicJwk is not a JSON object");
        if (!jwk.isObject()) {
            throw invalid("publicJwk is not a JSON object");
        }
        jwk.fieldNames().forEachRemaining(name -> {
            if (!PUBLIC_MEMBERS.contains(name)) {
                throw invalid("publicJwk may hold only public members of an EC key; found '" + name + "'");
            }
        });
        if (!"EC".equals(jwk.path("kty").asText()) || !"P-256".equals(jwk.path("crv").asText())) {
            throw invalid("publicJwk must be an EC key on P-256");
        }
        if (!COORDINATE.matcher(jwk.path("x").asText()).matches()
                || !COORDINATE.matcher(jwk.path("y").asText()).matches()) {
            throw invalid("publicJwk needs x and y, 32 bytes each in base64url");
        }
        if (jwk.has("kid") && !kid.equals(jwk.get("kid").asText())) {
            throw invalid("publicJwk's kid must be the kid");
        }
        validateWrapped(kid, wrappedKey);
        Map<String, Object> publicKey = new LinkedHashMap<>();
        publicKey.put("kty", "EC");
        publicKey.put("crv", "P-256");
        publicKey.put("x", jwk.get("x").asText());
        publicKey.put("y", jwk.get("y").asText());
        publicKey.put("kid", kid);
        publicKey.put("use", "enc");
        publicKey.put("alg", "ECDH-ES+A256KW");
        return new BrowserKey(kid, publicKey, wrappedKey);
    }

    /** Validates a key wrapped under a new passphrase for an existing kid; answers the JWE. */
    public String validateRewrap(String kid, String wrappedKey) {
        checkKid(kid);
        validateWrapped(kid, wrappedKey);
        return wrappedKey;
    }

    private static void checkKid(String kid) {
        if (kid == null || !KID.matcher(kid).matches()) {
            throw invalid("kid must be 1 to 100 letters, digits, '.', '_' or '-'");
        }
    }

    private void validateWrapped(String kid, String wrappedKey) {
        if (wrappedKey == null || wrappedKey.length() > 16_384 || !COMPACT.matcher(wrappedKey).matches()) {
            throw invalid("wrappedKey must be a compact JWE of at most 16384 characters");
        }
        JsonNode header;
        try {
            header = mapper.readTree(new String(Base64.getUrlDecoder().decode(
                    wrappedKey.substring(0, wrappedKey.indexOf('.'))), StandardCharsets.UTF_8));
        } catch (IOException | IllegalArgumentException e) {
            throw invalid("wrappedKey's protected header is not base64url JSON");
        }
        if (!"PBES2-HS512+A256KW".equals(header.path("alg").asText())
                || !"A256GCM".equals(header.path("enc").asText())) {
            throw invalid("wrappedKey must be wrapped with PBES2-HS512+A256KW and A256GCM");
        }
        if (!kid.equals(header.path("kid").asText())) {
            throw invalid("wrappedKey's kid must be the kid");
        }
        if (!header.path("p2c").canConvertToLong() || header.path("p2c").asLong() < MIN_ITERATIONS) {
            throw invalid("wrappedKey's p2c must be at least " + MIN_ITERATIONS);
        }
    }

    private JsonNode json(String text, String message) {
        if (text == null || text.length() > 2_000) {
            throw invalid(message);
        }
        try {
            return mapper.readTree(text);
        } catch (IOException e) {
            throw invalid(message);
        }
    }

    private static ProblemException invalid(String detail) {
        return new ProblemException(Problem.of(400, "invalid-browser-key", "The key cannot be registered", detail));
    }
}
