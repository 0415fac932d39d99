package nl.knooppunt.portal.web;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.config.RedirectConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.http.Cookie;
import io.restassured.http.Cookies;
import io.restassured.response.Response;
import nl.knooppunt.testsupport.HubSecretsTestResource;
import nl.knooppunt.testsupport.KafkaTestResource;

/**
 * The organisation's key in the browser (ADR 0042), over HTTP with a code-flow login: setting up stores only the
 * wrapped key and the public key at the registry; a key with private material is refused with a problem naming the
 * rule; the key page then offers unlocking with the wrapped key; the message page carries the ciphertext, never
 * content, and the layout of its type.
 */
@QuarkusTest
@TestProfile(BulkProfile.class)
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(HubSecretsTestResource.class)
@QuarkusTestResource(io.quarkus.test.oidc.server.OidcWiremockTestResource.class)
class BrowserKeyPagesTest {

    private static final RestAssuredConfig NO_REDIRECTS = RestAssuredConfig.config()
            .redirect(RedirectConfig.redirectConfig().followRedirects(false));
    private static final String KID = BulkFakes.COUNSELLOR + "-portal-1";
    private static final String COORDINATE = "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU";

    private static Cookies login() {
        Response start = given().config(NO_REDIRECTS).get("/portal/inbox");
        URI authorize = URI.create(start.header("Location"));
        String provider = authorize.getScheme() + "://" + authorize.getAuthority();
        Response loggedIn = given().config(NO_REDIRECTS).urlEncodingEnabled(false)
                .get(provider + "/login?" + authorize.getRawQuery());
        Response session = given().config(NO_REDIRECTS).urlEncodingEnabled(false)
                .cookies(start.detailedCookies()).get(loggedIn.header("Location"));
        return new Cookies(session.detailedCookies().asList().stream()
                .filter(c -> c.getName().startsWith("q_session_web"))
                .map(c -> new Cookie.Builder(c.getName(), c.getValue()).build()).toList());
    }

    @Test
    void settingUpStoresOnlyTheWrappedKeyAndThePublicKey() {
        Cookies session = login();
        given().config(NO_REDIRECTS).cookies(session).get("/portal/inbox").then().statusCode(200)
                .body(containsString("id=\"geen-sleutel\""));
        given().config(NO_REDIRECTS).cookies(session).get("/portal/sleutel").then().statusCode(200)
                .body(containsString("id=\"instellen\""), not(containsString("id=\"ontgrendelen\"")));

        String token = token();
        String wrapped = wrapped(KID);
        String privateJwk = "{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"" + COORDINATE + "\",\"y\":\"" + COORDINATE
                + "\",\"d\":\"" + COORDINATE + "\"}";
        given().config(NO_REDIRECTS).cookies(session).cookie("csrf-token", token).formParam("csrf-token", token)
                .formParam("kid", KID).formParam("publicJwk", privateJwk).formParam("wrappedKey", wrapped)
                .post("/portal/sleutel").then().statusCode(400)
                .contentType(startsWith("application/problem+json"))
                .body("detail", equalTo("publicJwk may hold only public members of an EC key; found 'd'"));
        assertFalse(BulkFakes.WRAPPED.containsKey(BulkFakes.COUNSELLOR + " " + KID), "nothing stored");

        String publicJwk = "{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"" + COORDINATE + "\",\"y\":\"" + COORDINATE
                + "\",\"kid\":\"" + KID + "\",\"ext\":true}";
        given().config(NO_REDIRECTS).cookies(session).cookie("csrf-token", token).formParam("csrf-token", token)
                .formParam("kid", KID).formParam("publicJwk", publicJwk).formParam("wrappedKey", wrapped)
                .post("/portal/sleutel").then().statusCode(201).body("kid", equalTo(KID));
        assertEquals("{\"jwe\":\"" + wrapped + "\"}", BulkFakes.WRAPPED.get(BulkFakes.COUNSELLOR + " " + KID));
        String published = BulkFakes.PUBLISHED.get(BulkFakes.COUNSELLOR + " " + KID);
        assertTrue(published.contains("\"alg\":\"ECDH-ES+A256KW\"") && !published.contains("\"d\""), published);

        given().config(NO_REDIRECTS).cookies(session).get("/portal/sleutel").then().statusCode(200)
                .body(containsString("id=\"ontgrendelen\""), containsString(wrapped));
        given().config(NO_REDIRECTS).cookies(session).get("/portal/inbox").then().statusCode(200)
                .body(not(containsString("id=\"geen-sleutel\"")));

        String page = given().config(NO_REDIRECTS).cookies(session).get("/portal/bericht?id=" + BulkFakes.WAITING)
                .then().statusCode(200).header("Cache-Control", "no-store").extract().asString();
        assertTrue(page.contains("data-jwe=\"" + BulkFakes.WAITING_JWE + "\""), "the page carries the ciphertext");
        assertTrue(page.contains("\"pointer\":\"/totaalSaldoInCenten\""), "and the layout of its type: " + page);
        assertTrue(page.contains("/static/portal-sleutel.js"), "which the browser decrypts");

        given().config(NO_REDIRECTS).cookies(session).cookie("csrf-token", token).formParam("csrf-token", token)
                .formParam("kid", BulkFakes.COUNSELLOR + "-portal-2").formParam("wrappedKey",
                        wrapped(BulkFakes.COUNSELLOR + "-portal-2"))
                .post("/portal/sleutel/wachtwoord").then().statusCode(404);
    }

    private static String token() {
        byte[] random = new byte[16];
        new SecureRandom().nextBytes(random);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    private static String wrapped(String kid) {
        String header = "{\"alg\":\"PBES2-HS512+A256KW\",\"enc\":\"A256GCM\",\"kid\":\"" + kid
                + "\",\"p2c\":600000,\"p2s\":\"c2FsdHNhbHRzYWx0c2FsdA\",\"cty\":\"jwk+json\"}";
        return b64(header) + ".d3JhcHBlZA.aXZpdml2aXZpdml2.Y29udGVudA.dGFndGFndGFndGFn";
    }

    private static String b64(String s) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }
}
