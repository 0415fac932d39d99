package nl.knooppunt.portal.web;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.containsStringIgnoringCase;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.config.RedirectConfig;
import io.restassured.config.RestAssuredConfig;
import nl.knooppunt.testsupport.HubSecretsTestResource;
import nl.knooppunt.testsupport.KafkaTestResource;

/**
 * The portal is a second OIDC tenant: its pages start the authorization-code flow with the portal client, while the
 * API keeps answering bearer-token callers (and anonymous ones with 401 problem+json), unchanged.
 */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(HubSecretsTestResource.class)
@QuarkusTestResource(io.quarkus.test.oidc.server.OidcWiremockTestResource.class)
class PortalLoginTest {

    private static final RestAssuredConfig NO_REDIRECTS = RestAssuredConfig.config()
            .redirect(RedirectConfig.redirectConfig().followRedirects(false));

    @Test
    void portalPageStartsTheCodeFlowWithThePortalClient() {
        given().config(NO_REDIRECTS).get("/portal/inbox").then().statusCode(302)
                .header("Location", allOf(containsString("/realms/quarkus"),
                        containsString("response_type=code"), containsString("client_id=quarkus-web-app"),
                        containsString("redirect_uri="), containsString("state=")))
                .header("Set-Cookie", allOf(startsWith("q_auth_web"), containsStringIgnoringCase("HttpOnly"),
                        containsString("Secure"), containsString("SameSite=Lax")));
    }

    @Test
    void everyPortalPageNeedsALogin() {
        for (String page : new String[] {"/portal", "/portal/opstellen", "/portal/bericht?id=x",
                "/portal/verzonden?id=x", "/portal/sleutel"}) {
            given().config(NO_REDIRECTS).get(page).then().statusCode(302)
                    .header("Location", containsString("response_type=code"));
        }
    }

    @Test
    void aFormPostWithoutASessionDoesNotReachThePortal() {
        given().config(NO_REDIRECTS).contentType("application/x-www-form-urlencoded")
                .formParam("id", "6a1f0c43-2d2b-4c55-9a0e-3f1f7a0d2a01")
                .post("/portal/bericht/bevestigen").then().statusCode(302)
                .header("Location", containsString("response_type=code"));
    }

    @Test
    void loggedOutPageIsPublic() {
        given().get("/portal/afgemeld").then().statusCode(200).contentType(containsString("text/html"))
                .body(containsString("U bent afgemeld"));
    }

    @Test
    void apiStillAnswersBearerCallersWithProblemJson() {
        given().get("/api/v1/inbox").then().statusCode(401);
        given().get("/api/v1/standard").then().statusCode(200)
                .body("[0].id", equalTo("schuldinventarisatie"));
    }
}
