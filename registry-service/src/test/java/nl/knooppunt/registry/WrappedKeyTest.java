package nl.knooppunt.registry;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import nl.knooppunt.testsupport.HubSecretsTestResource;
import nl.knooppunt.testsupport.KafkaTestResource;
import nl.knooppunt.testsupport.PostgresTestResource;

/** Portal participants' wrapped private keys: stored as given, re-wrapped in place, refused when not a passphrase JWE. */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(HubSecretsTestResource.class)
@QuarkusTestResource(KafkaTestResource.class)
class WrappedKeyTest {

    static final String GEMEENTE = ParticipantDirectoryTest.GEMEENTE;
    static final String ENERGIE = ParticipantDirectoryTest.ENERGIE;

    @Test
    void storesAWrappedKeyAndReplacesItWhenReWrapped() {
        String kid = "portal-" + UUID.randomUUID();
        String first = jwe(kid, 600_000, "first");
        put(GEMEENTE, kid, first).statusCode(204);
        given().auth().oauth2(ServiceTokens.portal("registry.keys"))
                .when().get("/internal/v1/participants/" + GEMEENTE + "/wrapped-keys")
                .then().statusCode(200)
                .body("find { it.kid == '" + kid + "' }.jwe", equalTo(first));
        String second = jwe(kid, 600_000, "second");
        put(GEMEENTE, kid, second).statusCode(204);
        given().auth().oauth2(ServiceTokens.portal("registry.keys"))
                .when().get("/internal/v1/participants/" + GEMEENTE + "/wrapped-keys")
                .then().statusCode(200)
                .body("findAll { it.kid == '" + kid + "' }", hasSize(1))
                .body("find { it.kid == '" + kid + "' }.jwe", equalTo(second));
        OperatorApiTest.operator().when().get("/internal/v1/participants/" + GEMEENTE + "/audit")
                .then().statusCode(200)
                .body("find { it.detail.kid == '" + kid + "' }.action", equalTo("wrapped-key.stored"));
    }

    @Test
    void refusesWhatIsNotAPassphraseJweForThisKid() {
        String kid = "portal-" + UUID.randomUUID();
        invalid(put(GEMEENTE, kid, "{\"jwe\":\"not.a.jwe\"}"),
                "the wrapped key is not a compact JWE (five base64url parts)");
        invalid(put(GEMEENTE, kid, body(header("ECDH-ES+A256KW", kid, 600_000), "x")),
                "the JWE's alg must be PBES2-HS512+A256KW (a passphrase the hub never sees)");
        invalid(put(GEMEENTE, kid, jwe("another-kid", 600_000, "x")), "the JWE's kid must be the kid in the path");
        invalid(put(GEMEENTE, kid, jwe(kid, 1000, "x")),
                "the JWE's p2c (PBKDF2 iterations) must be at least 210000");
        invalid(put(GEMEENTE, kid, "{\"jwe\":\"" + jwe(kid, 600_000, "x") + "\",\"d\":\"secret\"}"),
                "the body must be an object with the one member \"jwe\", a compact JWE");
        given().auth().oauth2(ServiceTokens.portal("registry.keys"))
                .when().get("/internal/v1/participants/" + GEMEENTE + "/wrapped-keys")
                .then().statusCode(200)
                .body("findAll { it.kid == '" + kid + "' }", hasSize(0));
    }

    @Test
    void aKidNamesOneParticipantsKey() {
        String kid = "portal-" + UUID.randomUUID();
        put(GEMEENTE, kid, jwe(kid, 600_000, "x")).statusCode(204);
        put(ENERGIE, kid, jwe(kid, 600_000, "y")).statusCode(409)
                .contentType(startsWith("application/problem+json"));
        put(UUID.randomUUID().toString(), "portal-" + UUID.randomUUID(), jwe(kid, 600_000, "z")).statusCode(400);
        String unknown = UUID.randomUUID().toString();
        String other = "portal-" + UUID.randomUUID();
        put(unknown, other, jwe(other, 600_000, "z")).statusCode(404);
    }

    @Test
    void onlyTheKeysGroupStoresOrReads() {
        String kid = "portal-" + UUID.randomUUID();
        given().auth().oauth2(ServiceTokens.portal("registry.read")).contentType(ContentType.JSON)
                .body(jwe(kid, 600_000, "x"))
                .when().put("/internal/v1/participants/" + GEMEENTE + "/wrapped-keys/" + kid)
                .then().statusCode(403);
        given().auth().oauth2(ServiceTokens.portal("registry.read"))
                .when().get("/internal/v1/participants/" + GEMEENTE + "/wrapped-keys")
                .then().statusCode(403);
    }

    private static ValidatableResponse put(String participant, String kid, String jweOrBody) {
        String body = jweOrBody.startsWith("{") ? jweOrBody : "{\"jwe\":\"" + jweOrBody + "\"}";
        return given().auth().oauth2(ServiceTokens.portal("registry.keys"))
                .contentType(ContentType.JSON).body(body)
                .when().put("/internal/v1/participants/" + participant + "/wrapped-keys/" + kid)
                .then();
    }

    private static void invalid(ValidatableResponse response, String detail) {
        response.statusCode(400)
                .contentType(startsWith("application/problem+json"))
                .body("type", equalTo("https://knooppunt.nl/problems/invalid-wrapped-key"))
                .body("detail", equalTo(detail));
    }

    private static String header(String alg, String kid, long p2c) {
        return "{\"alg\":\"" + alg + "\",\"enc\":\"A256GCM\",\"kid\":\"" + kid + "\",\"p2c\":" + p2c
                + ",\"p2s\":\"" + b64("0123456789abcdef") + "\"}";
    }

    /** A JWE-shaped blob with the given header: the registry checks the shape, it never opens one. */
    private static String jwe(String kid, long p2c, String content) {
        return b64(header("PBES2-HS512+A256KW", kid, p2c)) + "." + b64("wrapped-cek") + "." + b64("iv-iv-iv-iv-")
                + "." + b64(content) + "." + b64("tag-tag-tag-tag-");
    }

    private static String body(String header, String content) {
        return "{\"jwe\":\"" + b64(header) + "." + b64("k") + "." + b64("iv") + "." + b64(content) + "." + b64("t")
                + "\"}";
    }

    private static String b64(String s) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }
}
