package nl.knooppunt.portal.hostile;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.jose4j.jwk.PublicJsonWebKey;

import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;

/** Tokens as the test OIDC provider issues them, and every way of forging or bending one. */
public final class Tokens {

    /** The issuer portal-api trusts in tests. */
    public static final String ISSUER = "https://server.example.com";
    /** The audience portal-api requires in tests. */
    public static final String AUDIENCE = "https://service.example.com";

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private Tokens() {
    }

    /** A valid client-credentials token of an API client. */
    public static String client(String clientId) {
        return sign(claims(clientId));
    }

    /** A valid token of a portal user of the organisation with this OIN. */
    public static String portalUser(String oin) {
        return sign(Jwt.issuer(ISSUER).audience(AUDIENCE).subject("user-" + oin).claim("oin", oin)
                .expiresAt(Instant.now().plusSeconds(300)));
    }

    /** The claims of a valid token of an API client, to bend before signing. */
    public static JwtClaimsBuilder claims(String clientId) {
        return Jwt.issuer(ISSUER).audience(AUDIENCE).subject("service-account-" + clientId).claim("azp", clientId)
                .claim("realm_access", Map.of("roles", List.of()))
                .issuedAt(Instant.now()).expiresAt(Instant.now().plusSeconds(300));
    }

    /** Signs with the test OIDC provider's own key. */
    public static String sign(JwtClaimsBuilder claims) {
        PublicJsonWebKey key = providerKey();
        return claims.jws().keyId(key.getKeyId()).sign(key.getPrivateKey());
    }

    /** Signs with a fresh RSA key the provider never published, under the provider's key id or another. */
    public static String signWithUnknownKey(JwtClaimsBuilder claims, boolean sameKid) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            RSAPrivateKey foreign = (RSAPrivateKey) generator.generateKeyPair().getPrivate();
            return claims.jws().keyId(sameKid ? providerKey().getKeyId() : "attacker-1").sign(foreign);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** An unsigned token: header {@code alg} as given (none, None, NONE), empty or junk signature. */
    public static String unsigned(String alg, String clientId, String signature) {
        return B64.encodeToString(("{\"alg\":\"" + alg + "\",\"typ\":\"JWT\"}").getBytes(StandardCharsets.UTF_8))
                + "." + B64.encodeToString(payload(clientId).getBytes(StandardCharsets.UTF_8)) + "." + signature;
    }

    /** HS256 with the provider's public key as the HMAC secret (the classic key-confusion attack). */
    public static String hs256WithPublicKey(String clientId, String secretForm) {
        PublicJsonWebKey key = providerKey();
        byte[] secret = switch (secretForm) {
            case "pem" -> ("-----BEGIN PUBLIC KEY-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                            .encodeToString(key.getPublicKey().getEncoded())
                    + "\n-----END PUBLIC KEY-----\n").getBytes(StandardCharsets.US_ASCII);
            case "der" -> key.getPublicKey().getEncoded();
            default -> key.toJson(org.jose4j.jwk.JsonWebKey.OutputControlLevel.PUBLIC_ONLY)
                    .getBytes(StandardCharsets.UTF_8);
        };
        String signingInput = B64.encodeToString(("{\"alg\":\"HS256\",\"typ\":\"JWT\",\"kid\":\"" + key.getKeyId()
                + "\"}").getBytes(StandardCharsets.UTF_8)) + "."
                + B64.encodeToString(payload(clientId).getBytes(StandardCharsets.UTF_8));
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return signingInput + "." + B64.encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A validly signed token whose payload was then changed (here: another client id). */
    public static String tampered(String clientId, String otherClientId) {
        String[] parts = client(clientId).split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace(clientId, otherClientId);
        return parts[0] + "." + B64.encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
    }

    private static String payload(String clientId) {
        long now = Instant.now().getEpochSecond();
        return "{\"iss\":\"" + ISSUER + "\",\"aud\":\"" + AUDIENCE + "\",\"sub\":\"service-account-" + clientId
                + "\",\"azp\":\"" + clientId + "\",\"iat\":" + now + ",\"exp\":" + (now + 300) + "}";
    }

    static PublicJsonWebKey providerKey() {
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream("privateKey.jwk")) {
            return PublicJsonWebKey.Factory.newPublicJwk(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the test OIDC server's key", e);
        }
    }
}
