import java.nio.file.*;
import org.jose4j.jwk.*;
import org.jose4j.jws.*;
import org.jose4j.jwt.*;

/** Makes an RSA key for a stub OIDC provider (jwks.json) and mints a client-credentials token signed with it. */
public class Mint {
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        Path keyFile = dir.resolve("key.jwk");
        RsaJsonWebKey key;
        if (Files.exists(keyFile)) {
            key = (RsaJsonWebKey) PublicJsonWebKey.Factory.newPublicJwk(Files.readString(keyFile));
        } else {
            key = RsaJwkGenerator.generateJwk(2048);
            key.setKeyId("bench-1");
            key.setAlgorithm("RS256");
            key.setUse("sig");
            Files.writeString(keyFile, key.toJson(JsonWebKey.OutputControlLevel.INCLUDE_PRIVATE));
            Files.writeString(dir.resolve("jwks.json"), new JsonWebKeySet(key).toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY));
        }
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(args[1]);
        claims.setAudience("knooppunt-api");
        claims.setSubject("service-account-bench-client");
        claims.setClaim("azp", "bench-client");
        claims.setClaim("realm_access", java.util.Map.of("roles", java.util.List.of("default-roles-knooppunt")));
        claims.setClaim("scope", "profile email");
        claims.setIssuedAtToNow();
        claims.setExpirationTimeMinutesInTheFuture(Float.parseFloat(args[2]));
        claims.setGeneratedJwtId();
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(key.getPrivateKey());
        jws.setKeyIdHeaderValue(key.getKeyId());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        jws.setHeader("typ", "JWT");
        System.out.println(jws.getCompactSerialization());
    }
}
