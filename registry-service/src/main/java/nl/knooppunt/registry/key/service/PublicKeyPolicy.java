package nl.knooppunt.registry.key.service;

import java.io.IOException;
import java.math.BigInteger;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECFieldFp;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.keys.EllipticCurves;
import org.jose4j.lang.JoseException;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;

import nl.knooppunt.kit.problem.ProblemException;

/**
 * Decides whether a JWK may be registered as a participant's encryption key: public RSA of at least 2048 bits or
 * EC on P-256/P-384, {@code use} (if given) {@code enc}, {@code alg} (if given) the one the hub encrypts with.
 */
@ApplicationScoped
public class PublicKeyPolicy {

    /** The longest kid the registry stores. */
    public static final int MAX_KID_LENGTH = 200;

    private static final int MIN_RSA_BITS = 2048;
    private static final int MAX_RSA_BITS = 8192;
    private static final int MAX_BODY_CHARS = 16 * 1024;
    private static final List<String> PRIVATE_MEMBERS = List.of("d", "p", "q", "dp", "dq", "qi", "oth", "k");
    private static final Set<String> CURVES = Set.of(EllipticCurves.P_256, EllipticCurves.P_384);
    private static final String RSA_ALG = "RSA-OAEP-256";
    private static final String EC_ALG = "ECDH-ES+A256KW";
    private static final String USE = "enc";

    private final ObjectReader reader;
    private final ObjectMapper mapper;

    public PublicKeyPolicy(ObjectMapper mapper) {
        this.mapper = mapper;
        this.reader = mapper.reader().with(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    }

    /** Checks that {@code kid} can name a key at all (path parameter). */
    public void checkKid(String kid) {
        if (kid == null || kid.isBlank()) {
            throw invalid("the kid in the path is empty");
        }
        if (kid.length() > MAX_KID_LENGTH) {
            throw invalid("the kid is longer than " + MAX_KID_LENGTH + " characters");
        }
    }

    /**
     * Validates the request body as a public JWK named {@code pathKid}.
     *
     * @throws ProblemException 400 with a precise detail when the key may not be registered
     */
    public RegisteredKey validate(String pathKid, String body) {
        checkKid(pathKid);
        Map<String, JsonNode> members = parse(body);
        for (String member : PRIVATE_MEMBERS) {
            if (members.containsKey(member)) {
                throw invalid("the JWK contains private key material ('" + member + "'); publish the public key only");
            }
        }
        String kty = requiredString(members, "kty");
        String kid = requiredString(members, "kid");
        if (!kid.equals(pathKid)) {
            throw invalid("the JWK's kid '" + kid + "' does not equal the kid in the path '" + pathKid + "'");
        }
        String use = optionalString(members, "use");
        if (use != null && !USE.equals(use)) {
            throw invalid("'use' must be 'enc': a registered key encrypts payloads for its participant");
        }
        String alg = optionalString(members, "alg");
        Map<String, Object> canonical = new LinkedHashMap<>();
        canonical.put("kty", kty);
        canonical.put("kid", kid);
        canonical.put("use", USE);
        switch (kty) {
            case "RSA" -> rsa(members, alg, canonical);
            case "EC" -> ec(members, alg, canonical);
            default -> throw invalid("key type '" + kty + "' is not supported; use RSA (at least " + MIN_RSA_BITS
                    + " bits) or EC (P-256 or P-384)");
        }
        try {
            PublicJsonWebKey.Factory.newPublicJwk(canonical);
        } catch (JoseException e) {
            throw invalid("the JWK's key material does not form a valid " + kty + " public key");
        }
        try {
            return new RegisteredKey(kid, USE, Map.copyOf(canonical), mapper.writeValueAsString(canonical));
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialise a canonical JWK", e);
        }
    }

    /** Whether a stored JWK (JSON) is the same key as {@code candidate}. */
    public boolean sameKey(String storedJson, RegisteredKey candidate) {
        try {
            Map<String, Object> stored = mapper.readValue(storedJson, new TypeReference<Map<String, Object>>() {
            });
            return stored.equals(candidate.jwk());
        } catch (IOException e) {
            throw new IllegalStateException("stored JWK is not JSON", e);
        }
    }

    private void rsa(Map<String, JsonNode> members, String alg, Map<String, Object> canonical) {
        if (alg != null && !RSA_ALG.equals(alg)) {
            throw invalid("'alg' '" + alg + "' is not supported for RSA keys; use " + RSA_ALG + " or leave it out");
        }
        BigInteger n = unsigned(members, "n");
        BigInteger e = unsigned(members, "e");
        int bits = n.bitLength();
        if (bits < MIN_RSA_BITS) {
            throw invalid("the RSA key has " + bits + " bits; at least " + MIN_RSA_BITS + " are required");
        }
        if (bits > MAX_RSA_BITS) {
            throw invalid("the RSA key has " + bits + " bits; at most " + MAX_RSA_BITS + " are accepted");
        }
        if (!n.testBit(0)) {
            throw invalid("the RSA modulus 'n' is even, so it is not a valid modulus");
        }
        if (!e.testBit(0) || e.compareTo(BigInteger.valueOf(3)) < 0 || e.compareTo(n) >= 0) {
            throw invalid("the RSA public exponent 'e' must be odd, at least 3 and smaller than the modulus");
        }
        if (alg != null) {
            canonical.put("alg", alg);
        }
        canonical.put("n", base64Url(n, 0));
        canonical.put("e", base64Url(e, 0));
    }

    private void ec(Map<String, JsonNode> members, String alg, Map<String, Object> canonical) {
        String crv = requiredString(members, "crv");
        if (!CURVES.contains(crv)) {
            throw invalid("curve '" + crv + "' is not supported; use P-256 or P-384");
        }
        if (alg != null && !EC_ALG.equals(alg)) {
            throw invalid("'alg' '" + alg + "' is not supported for EC keys; use " + EC_ALG + " or leave it out");
        }
        ECParameterSpec spec = EllipticCurves.getSpec(crv);
        int size = (spec.getCurve().getField().getFieldSize() + 7) / 8;
        byte[] xBytes = bytes(members, "x");
        byte[] yBytes = bytes(members, "y");
        if (xBytes.length != size || yBytes.length != size) {
            throw invalid("'x' and 'y' of a " + crv + " key must each be " + size + " bytes");
        }
        BigInteger x = new BigInteger(1, xBytes);
        BigInteger y = new BigInteger(1, yBytes);
        if (!onCurve(spec, new ECPoint(x, y))) {
            throw invalid("the point (x, y) is not on curve " + crv);
        }
        if (alg != null) {
            canonical.put("alg", alg);
        }
        canonical.put("crv", crv);
        canonical.put("x", base64Url(x, size));
        canonical.put("y", base64Url(y, size));
    }

    private static boolean onCurve(ECParameterSpec spec, ECPoint point) {
        BigInteger p = ((ECFieldFp) spec.getCurve().getField()).getP();
        BigInteger x = point.getAffineX();
        BigInteger y = point.getAffineY();
        if (x.compareTo(p) >= 0 || y.compareTo(p) >= 0) {
            return false;
        }
        BigInteger left = y.multiply(y).mod(p);
        BigInteger right = x.pow(3).add(spec.getCurve().getA().multiply(x)).add(spec.getCurve().getB()).mod(p);
        return left.equals(right);
    }

    private Map<String, JsonNode> parse(String body) {
        if (body == null || body.isBlank()) {
            throw invalid("the request body is empty; send the public JWK as a JSON object");
        }
        if (body.length() > MAX_BODY_CHARS) {
            throw invalid("the request body is larger than " + MAX_BODY_CHARS + " characters; send one public JWK");
        }
        JsonNode node;
        try {
            node = reader.readTree(body);
        } catch (IOException e) {
            throw invalid("the request body is not valid JSON (or repeats a member)");
        }
        if (node == null || !node.isObject()) {
            throw invalid("the request body must be a JSON object holding one public JWK");
        }
        Map<String, JsonNode> members = new LinkedHashMap<>();
        node.fields().forEachRemaining(field -> members.put(field.getKey(), field.getValue()));
        return members;
    }

    private static String requiredString(Map<String, JsonNode> members, String name) {
        String value = optionalString(members, name);
        if (value == null || value.isEmpty()) {
            throw invalid("the JWK has no '" + name + "'");
        }
        return value;
    }

    private static String optionalString(Map<String, JsonNode> members, String name) {
        JsonNode value = members.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw invalid("'" + name + "' must be a string");
        }
        return value.asText();
    }

    private static BigInteger unsigned(Map<String, JsonNode> members, String name) {
        return new BigInteger(1, bytes(members, name));
    }

    private static byte[] bytes(Map<String, JsonNode> members, String name) {
        String value = requiredString(members, name);
        try {
            return Base64.getUrlDecoder().decode(value);
        } catch (IllegalArgumentException e) {
            throw invalid("'" + name + "' is not base64url");
        }
    }

    private static String base64Url(BigInteger value, int length) {
        byte[] raw = value.toByteArray();
        int start = raw.length > 1 && raw[0] == 0 ? 1 : 0;
        int size = raw.length - start;
        byte[] out = new byte[Math.max(size, length)];
        System.arraycopy(raw, start, out, out.length - size, size);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(out);
    }

    private static ProblemException invalid(String detail) {
        return ProblemException.badRequest("invalid-key", "Key not accepted", detail);
    }
}
