package nl.knooppunt.portal.web;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.config.RedirectConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.http.Cookie;
import io.restassured.http.Cookies;
import io.restassured.response.Response;
import nl.knooppunt.testsupport.HubSecretsTestResource;
import nl.knooppunt.testsupport.KafkaTestResource;

/**
 * A whole authorization-code login against the test OIDC provider: the session cookie is Secure, HttpOnly and
 * SameSite; a login whose organisation is not a participant gets a Dutch HTML page, not problem+json; and a form post
 * of a logged-in user without the CSRF token fails.
 */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(HubSecretsTestResource.class)
@QuarkusTestResource(io.quarkus.test.oidc.server.OidcWiremockTestResource.class)
class PortalCodeFlowTest {

    private static final RestAssuredConfig NO_REDIRECTS = RestAssuredConfig.config()
            .redirect(RedirectConfig.redirectConfig().followRedirects(false));

    /** Logs in through the provider's login endpoint and answers the portal's session cookies. */
    private static Cookies login() {
        Response start = given().config(NO_REDIRECTS).get("/portal/inbox");
        URI authorize = URI.create(start.header("Location"));
        Cookies stateCookies = start.detailedCookies();
        String provider = authorize.getScheme() + "://" + authorize.getAuthority();
        Response loggedIn = given().config(NO_REDIRECTS).urlEncodingEnabled(false)
                .get(provider + "/login?" + authorize.getRawQuery());
        String callback = loggedIn.header("Location");
        assertTrue(callback.contains("code="), "the provider answers with a code");
        Response session = given().config(NO_REDIRECTS).urlEncodingEnabled(false).cookies(stateCookies)
                .get(callback);
        session.then().statusCode(302).header("Location", containsString("/portal/inbox"));
        String setCookies = String.join("\n", session.headers().getValues("Set-Cookie"));
        assertTrue(setCookies.contains("q_session_web"), "a session cookie is set: " + setCookies);
        for (String cookie : session.headers().getValues("Set-Cookie")) {
            if (cookie.startsWith("q_session_web")) {
                assertTrue(cookie.contains("HTTPOnly") || cookie.contains("HttpOnly"), cookie);
                assertTrue(cookie.contains("Secure"), cookie);
                assertTrue(cookie.contains("SameSite=Lax"), cookie);
                assertTrue(cookie.contains("Path=/portal"), cookie);
            }
        }
        return new Cookies(session.detailedCookies().asList().stream()
                .filter(c -> c.getName().startsWith("q_session_web"))
                .map(c -> new Cookie.Builder(c.getName(), c.getValue()).build()).toList());
    }

    @Test
    void aLoginWithoutAParticipantGetsAnHtmlPage() {
        Cookies session = login();
        given().config(NO_REDIRECTS).cookies(session).get("/portal/inbox").then()
                .statusCode(anyOf(equalTo(403), equalTo(503)))
                .contentType(containsString("text/html"))
                .body(anyOf(containsString("Geen toegang"), containsString("Tijdelijk niet beschikbaar")));
    }

    @Test
    void aFormPostOfALoggedInUserWithoutTheCsrfTokenFails() {
        Cookies session = login();
        given().config(NO_REDIRECTS).cookies(session).contentType("application/x-www-form-urlencoded")
                .formParam("id", "6a1f0c43-2d2b-4c55-9a0e-3f1f7a0d2a01")
                .post("/portal/bericht/bevestigen").then().statusCode(400);
    }

    @Test
    void settingUpAKeyWithoutTheCsrfTokenFails() {
        Cookies session = login();
        String kid = "6a1f0c43-2d2b-4c55-9a0e-3f1f7a0d2a01-portal-1";
        String coordinate = "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU";
        String header = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                ("{\"alg\":\"PBES2-HS512+A256KW\",\"enc\":\"A256GCM\",\"kid\":\"" + kid
                        + "\",\"p2c\":600000,\"p2s\":\"c2FsdHNhbHRzYWx0c2FsdA\"}").getBytes());
        String wrapped = header + ".a2V5.aXZpdml2aXZpdml2.Y29udGVudA.dGFndGFndGFndGFn";
        // valid fields, so only the missing token can refuse them
        given().config(NO_REDIRECTS).cookies(session).contentType("application/x-www-form-urlencoded")
                .formParam("kid", kid)
                .formParam("publicJwk", "{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"" + coordinate
                        + "\",\"y\":\"" + coordinate + "\"}")
                .formParam("wrappedKey", wrapped)
                .post("/portal/sleutel").then().statusCode(400);
        given().config(NO_REDIRECTS).cookies(session).contentType("application/x-www-form-urlencoded")
                .formParam("kid", kid).formParam("wrappedKey", wrapped)
                .post("/portal/sleutel/wachtwoord").then().statusCode(400);
    }
}
