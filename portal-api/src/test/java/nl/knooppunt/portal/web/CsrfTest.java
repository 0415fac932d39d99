package nl.knooppunt.portal.web;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import java.security.SecureRandom;
import java.util.Base64;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import nl.knooppunt.testsupport.HubSecretsTestResource;
import nl.knooppunt.testsupport.KafkaTestResource;

/**
 * Form posts carry the CSRF token of the double-submit cookie: without it, or with another one, they fail; with it,
 * every field of a generated form reaches the endpoint. JSON API posts are not form posts and need no token.
 */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(HubSecretsTestResource.class)
@QuarkusTestResource(io.quarkus.test.oidc.server.OidcWiremockTestResource.class)
class CsrfTest {

    private static String token() {
        byte[] bytes = new byte[16];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    @Test
    void aFormPostWithTheTokenPassesWithEveryField() {
        String token = token();
        given().cookie("csrf-token", token).multiPart("csrf-token", token).multiPart("/client/bsn", "999993653")
                .post("/csrf-probe").then().statusCode(200).body(equalTo("999993653"));
    }

    @Test
    void aFormPostWithoutTheTokenFails() {
        given().cookie("csrf-token", token()).multiPart("/client/bsn", "999993653")
                .post("/csrf-probe").then().statusCode(400);
    }

    @Test
    void aFormPostWithAnotherTokenFails() {
        given().cookie("csrf-token", token()).multiPart("csrf-token", token()).multiPart("/client/bsn", "999993653")
                .post("/csrf-probe").then().statusCode(400);
    }

    @Test
    void aFormPostWithoutTheCookieFails() {
        given().multiPart("csrf-token", token())
                .post("/csrf-probe").then().statusCode(400);
    }

    @Test
    void jsonApiPostsNeedNoToken() {
        given().contentType("application/json").body("{}").post("/api/v1/messages").then().statusCode(401);
    }
}
