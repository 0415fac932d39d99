package nl.knooppunt.registry;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.security.SecureRandom;
import java.security.spec.ECParameterSpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.jose4j.json.JsonUtil;
import org.jose4j.jwk.EcJwkGenerator;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.OctJwkGenerator;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.keys.EllipticCurves;
import org.jose4j.lang.JoseException;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import nl.knooppunt.testsupport.HubSecretsTestResource;
import nl.knooppunt.testsupport.KafkaTestResource;
import nl.knooppunt.testsupport.PostgresTestResource;

@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(HubSecretsTestResource.class)
@QuarkusTestResource(KafkaTestResource.class)
class KeyPublicationTest {

    static final String GEMEENTE = ParticipantDirectoryTest.GEMEENTE;
    static final String ENERGIE = ParticipantDirectoryTest.ENERGIE;

    @Test
    void publishedKeysAppearNewestFirst() throws JoseException {
        PublicJsonWebKey older = rsa(2048, uniqueKid());
        PublicJsonWebKey newer = ec(EllipticCurves.P256, uniqueKid());
        put(GEMEENTE, older.getKeyId(), publicJson(older)).statusCode(204);
        put(GEMEENTE, newer.getKeyId(), publicJson(newer)).statusCode(204);

        var read = given().auth().oauth2(ServiceTokens.portal("registry.read"));
        read.when().get("/internal/v1/participants/" + GEMEENTE)
                .then().statusCode(200)
                .body("keyIds[0]", equalTo(newer.getKeyId()))
                .body("keyIds[1]", equalTo(older.getKeyId()))
                .body("keys[0].kid", equalTo(newer.getKeyId()))
                .body("keys[0].kty", equalTo("EC"))
                .body("keys[0].crv", equalTo("P-256"))
                .body("keys[0].x", equalTo(newer.toParams(JsonWebKey.OutputControlLevel.PUBLIC_ONLY).get("x")))
                .body("keys[0].use", equalTo("enc"))
                .body("keys[0].d", nullValue())
                .body("keys[1].kid", equalTo(older.getKeyId()))
                .body("keys[1].kty", equalTo("RSA"))
                .body("keys[1].n", equalTo(older.toParams(JsonWebKey.OutputControlLevel.PUBLIC_ONLY).get("n")))
                .body("keys[1].e", equalTo("AQAB"));
        given().auth().oauth2(ServiceTokens.portal("registry.read"))
                .when().get("/internal/v1/participants/by-oin/00000001001234567000")
                .then().statusCode(200)
                .body("keyIds[0]", equalTo(newer.getKeyId()));
        given().auth().oauth2(ServiceTokens.portal("registry.read"))
                .queryParam("q", "00000001001234567000")
                .when().get("/internal/v1/participants")
                .then().statusCode(200)
                .body("items[0].keyIds", hasItem(older.getKeyId()));
    }

    @Test
    void publishingTheSameKeyAgainIsIdempotent() throws JoseException {
        PublicJsonWebKey key = ec(EllipticCurves.P384, uniqueKid());
        put(ENERGIE, key.getKeyId(), publicJson(key)).statusCode(204);
        put(ENERGIE, key.getKeyId(), publicJson(key)).statusCode(204);
        given().auth().oauth2(ServiceTokens.portal("registry.read"))
                .when().get("/internal/v1/participants/" + ENERGIE)
                .then().statusCode(200)
                .body("keyIds.findAll { it == '" + key.getKeyId() + "' }.size()", equalTo(1));
    }

    @Test
    void concurrentPublicationsRegisterOneKeyPerKid() throws Exception {
        String kid = uniqueKid();
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            bodies.add(publicJson(ec(EllipticCurves.P256, kid)));
        }
        String same = publicJson(ec(EllipticCurves.P256, uniqueKid()));
        String sameKid = (String) JsonUtil.parseJson(same).get("kid");
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<Integer>> different = new ArrayList<>();
            List<Future<Integer>> identical = new ArrayList<>();
            for (String body : bodies) {
                different.add(pool.submit(() -> put(ENERGIE, kid, body).extract().statusCode()));
                identical.add(pool.submit(() -> put(ENERGIE, sameKid, same).extract().statusCode()));
            }
            List<Integer> differentStatuses = new ArrayList<>();
            for (Future<Integer> f : different) {
                differentStatuses.add(f.get(30, TimeUnit.SECONDS));
            }
            for (Future<Integer> f : identical) {
                assertEquals(204, f.get(30, TimeUnit.SECONDS));
            }
            assertEquals(1, differentStatuses.stream().filter(s -> s == 204).count(), differentStatuses.toString());
            assertEquals(5, differentStatuses.stream().filter(s -> s == 409).count(), differentStatuses.toString());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void refusesAnotherKeyUnderARegisteredKid() throws JoseException {
        String kid = uniqueKid();
        put(ENERGIE, kid, publicJson(ec(EllipticCurves.P256, kid))).statusCode(204);
        problem(put(ENERGIE, kid, publicJson(ec(EllipticCurves.P256, kid))), 409)
                .body("type", equalTo("https://knooppunt.nl/problems/key-conflict"))
                .body("detail", containsString("kid '" + kid + "' is already registered"));
        problem(put(GEMEENTE, kid, publicJson(ec(EllipticCurves.P256, kid))), 409);
    }

    @Test
    void refusesPrivateKeyMaterial() throws JoseException {
        PublicJsonWebKey rsa = rsa(2048, uniqueKid());
        invalidKey(put(GEMEENTE, rsa.getKeyId(), rsa.toJson(JsonWebKey.OutputControlLevel.INCLUDE_PRIVATE)),
                "the JWK contains private key material ('d'); publish the public key only");
        PublicJsonWebKey ec = ec(EllipticCurves.P256, uniqueKid());
        invalidKey(put(GEMEENTE, ec.getKeyId(), ec.toJson(JsonWebKey.OutputControlLevel.INCLUDE_PRIVATE)),
                "the JWK contains private key material ('d'); publish the public key only");
        notRegistered(GEMEENTE, rsa.getKeyId());
    }

    @Test
    void refusesWeakOrUnsupportedKeys() throws JoseException {
        PublicJsonWebKey weak = rsa(1024, uniqueKid());
        invalidKey(put(GEMEENTE, weak.getKeyId(), publicJson(weak)),
                "the RSA key has 1024 bits; at least 2048 are required");
        notRegistered(GEMEENTE, weak.getKeyId());

        PublicJsonWebKey p521 = ec(EllipticCurves.P521, uniqueKid());
        invalidKey(put(GEMEENTE, p521.getKeyId(), publicJson(p521)),
                "curve 'P-521' is not supported; use P-256 or P-384");

        var oct = OctJwkGenerator.generateJwk(256);
        String octKid = uniqueKid();
        invalidKey(put(GEMEENTE, octKid, "{\"kty\":\"oct\",\"kid\":\"" + octKid + "\"}"),
                "key type 'oct' is not supported; use RSA (at least 2048 bits) or EC (P-256 or P-384)");
        oct.setKeyId(octKid);
        invalidKey(put(GEMEENTE, octKid, oct.toJson(JsonWebKey.OutputControlLevel.INCLUDE_SYMMETRIC)),
                "the JWK contains private key material ('k'); publish the public key only");

        PublicJsonWebKey ec = ec(EllipticCurves.P256, uniqueKid());
        Map<String, Object> offCurve = ec.toParams(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
        byte[] y = Base64.getUrlDecoder().decode((String) offCurve.get("y"));
        y[y.length - 1] ^= 1;
        offCurve.put("y", Base64.getUrlEncoder().withoutPadding().encodeToString(y));
        invalidKey(put(GEMEENTE, ec.getKeyId(), JsonUtil.toJson(offCurve)),
                "the point (x, y) is not on curve P-256");

        PublicJsonWebKey signing = ec(EllipticCurves.P256, uniqueKid());
        signing.setUse("sig");
        invalidKey(put(GEMEENTE, signing.getKeyId(), publicJson(signing)),
                "'use' must be 'enc': a registered key encrypts payloads for its participant");

        PublicJsonWebKey oldPadding = rsa(2048, uniqueKid());
        oldPadding.setAlgorithm("RSA1_5");
        invalidKey(put(GEMEENTE, oldPadding.getKeyId(), publicJson(oldPadding)),
                "'alg' 'RSA1_5' is not supported for RSA keys; use RSA-OAEP-256 or leave it out");
    }

    @Test
    void refusesKidMismatchAndMalformedBodies() throws JoseException {
        PublicJsonWebKey key = ec(EllipticCurves.P256, uniqueKid());
        String pathKid = uniqueKid();
        invalidKey(put(GEMEENTE, pathKid, publicJson(key)),
                "the JWK's kid '" + key.getKeyId() + "' does not equal the kid in the path '" + pathKid + "'");
        notRegistered(GEMEENTE, key.getKeyId());

        invalidKey(put(GEMEENTE, pathKid, "{\"kty\":\"EC\""), "the request body is not valid JSON (or repeats a member)");
        invalidKey(put(GEMEENTE, pathKid, "[1,2]"), "the request body must be a JSON object holding one public JWK");
        invalidKey(put(GEMEENTE, pathKid, "{\"kty\":\"EC\",\"crv\":\"P-256\"}"), "the JWK has no 'kid'");
    }

    @Test
    void answersUnknownParticipantWithNotFound() throws JoseException {
        PublicJsonWebKey key = ec(EllipticCurves.P256, uniqueKid());
        String unknown = UUID.randomUUID().toString();
        problem(put(unknown, key.getKeyId(), publicJson(key)), 404)
                .body("detail", equalTo("no participant with id " + unknown));
    }

    @Test
    void requiresTheKeysGroup() throws JoseException {
        PublicJsonWebKey key = ec(EllipticCurves.P256, uniqueKid());
        problem(given().auth().oauth2(ServiceTokens.portal("registry.read"))
                .contentType(ContentType.JSON).body(publicJson(key))
                .when().put("/internal/v1/participants/" + GEMEENTE + "/keys/" + key.getKeyId())
                .then(), 403);
        notRegistered(GEMEENTE, key.getKeyId());
    }

    private static ValidatableResponse put(String participant, String kid, String body) {
        return given().auth().oauth2(ServiceTokens.portal("registry.keys"))
                .contentType(ContentType.JSON).body(body)
                .when().put("/internal/v1/participants/" + participant + "/keys/" + kid)
                .then();
    }

    private static void invalidKey(ValidatableResponse response, String detail) {
        problem(response, 400)
                .body("type", equalTo("https://knooppunt.nl/problems/invalid-key"))
                .body("detail", equalTo(detail));
    }

    private static ValidatableResponse problem(ValidatableResponse response, int status) {
        return response.statusCode(status)
                .contentType(startsWith("application/problem+json"))
                .body("status", equalTo(status))
                .body("title", notNullValue());
    }

    private static void notRegistered(String participant, String kid) {
        given().auth().oauth2(ServiceTokens.portal("registry.read"))
                .when().get("/internal/v1/participants/" + participant)
                .then().statusCode(200)
                .body("keyIds", not(hasItem(kid)));
    }

    private static String uniqueKid() {
        return "test-" + UUID.randomUUID();
    }

    private static PublicJsonWebKey rsa(int bits, String kid) throws JoseException {
        PublicJsonWebKey key = RsaJwkGenerator.generateJwk(bits);
        key.setKeyId(kid);
        key.setUse("enc");
        return key;
    }

    private static PublicJsonWebKey ec(ECParameterSpec curve, String kid) throws JoseException {
        PublicJsonWebKey key = EcJwkGenerator.generateJwk(curve, null, new SecureRandom());
        key.setKeyId(kid);
        return key;
    }

    private static String publicJson(PublicJsonWebKey key) {
        return key.toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
    }
}
