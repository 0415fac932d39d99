package nl.knooppunt.portal.security;

import static io.restassured.RestAssured.given;
import static nl.knooppunt.portal.hostile.HostileFakes.A;
import static nl.knooppunt.portal.hostile.HostileFakes.B;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.config.RedirectConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.http.Cookie;
import io.restassured.http.Cookies;
import io.restassured.response.Response;
import nl.knooppunt.portal.hostile.HostileProfile;
import nl.knooppunt.portal.hostile.Tokens;
import nl.knooppunt.testsupport.HubSecretsTestResource;
import nl.knooppunt.testsupport.KafkaTestResource;

/**
 * portal-api remembers verified bearer tokens until they expire (ADR 0039), over the real API: each token keeps its
 * own identity, a token presented again is not verified again (counted on {@code /q/metrics}), a changed signature is
 * refused even right after the genuine token was remembered, an expired token is refused although it was remembered,
 * every request's identity carries that request, and the web portal's sessions are never remembered.
 */
@QuarkusTest
@TestProfile(HostileProfile.class)
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(HubSecretsTestResource.class)
@QuarkusTestResource(io.quarkus.test.oidc.server.OidcWiremockTestResource.class)
class RememberedBearerTokensTest {

    private static final RestAssuredConfig NO_REDIRECTS = RestAssuredConfig.config()
            .redirect(RedirectConfig.redirectConfig().followRedirects(false));

    @Test
    void aTokenPresentedAgainIsAnsweredFromMemoryWithoutAnotherVerification() {
        String token = Tokens.client("client-a");
        Counts before = Counts.now();
        me(token).then().statusCode(200).body("acting.id", equalTo(A));
        Counts first = Counts.now();
        assertEquals(before.misses() + 1, first.misses(), "the first call verifies the token in full");
        assertEquals(before.hits(), first.hits());

        for (int i = 0; i < 3; i++) {
            me(token).then().statusCode(200).body("acting.id", equalTo(A));
        }
        Counts after = Counts.now();
        assertEquals(first.misses(), after.misses(), "a remembered token is not verified again");
        assertEquals(first.hits() + 3, after.hits());
    }

    @Test
    void twoRememberedTokensKeepTheirOwnParticipants() {
        String a = Tokens.client("client-a");
        String b = Tokens.client("client-b");
        Counts before = Counts.now();
        for (int i = 0; i < 3; i++) {
            me(a).then().statusCode(200).body("acting.id", equalTo(A)).body("clientId", equalTo("client-a"));
            me(b).then().statusCode(200).body("acting.id", equalTo(B)).body("clientId", equalTo("client-b"));
        }
        Counts after = Counts.now();
        assertEquals(before.misses() + 2, after.misses());
        assertEquals(before.hits() + 4, after.hits());
    }

    @Test
    void theCallerIsStillResolvedPerRequestForARememberedToken() {
        String vendor = Tokens.client("vendor-ab");
        given().auth().oauth2(vendor).header("Knooppunt-Participant", A).get("/api/v1/me").then().statusCode(200)
                .body("acting.id", equalTo(A));
        given().auth().oauth2(vendor).header("Knooppunt-Participant", B).get("/api/v1/me").then().statusCode(200)
                .body("acting.id", equalTo(B));
        me(vendor).then().statusCode(403);
        given().auth().oauth2(vendor).header("Knooppunt-Participant", "00000000-0000-4000-8000-00000000dead")
                .get("/api/v1/me").then().statusCode(403);
    }

    @Test
    void aChangedSignatureIsRefusedRightAfterTheGenuineTokenWasRemembered() {
        String token = Tokens.client("client-a");
        me(token).then().statusCode(200);
        me(token).then().statusCode(200);

        int signature = token.lastIndexOf('.') + 1;
        for (int position : new int[] {signature, signature + (token.length() - signature) / 2}) {
            String tampered = token.substring(0, position) + (token.charAt(position) == 'A' ? 'B' : 'A')
                    + token.substring(position + 1);
            Counts before = Counts.now();
            me(tampered).then().statusCode(401);
            me(tampered).then().statusCode(401);
            Counts after = Counts.now();
            assertEquals(before.misses() + 2, after.misses(), "a refused token is verified in full every time");
            assertEquals(before.hits(), after.hits());
        }
        me(token).then().statusCode(200).body("acting.id", equalTo(A));
    }

    @Test
    void anExpiredTokenIsRefusedAlthoughItWasRemembered() {
        Instant exp = Instant.now().plusSeconds(4);
        String token = Tokens.sign(Tokens.claims("client-a").expiresAt(exp));
        Counts before = Counts.now();
        me(token).then().statusCode(200);
        me(token).then().statusCode(200);
        assertEquals(before.hits() + 1, Counts.now().hits(), "the short-lived token was remembered");

        Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                .until(() -> me(token).statusCode() == 401);
        assertTrue(Instant.now().isBefore(exp.plusSeconds(2)), "refused within a second or so of its exp");
        Counts expired = Counts.now();
        me(token).then().statusCode(401);
        assertEquals(expired.misses() + 1, Counts.now().misses(), "an expired token is verified in full, and refused");
    }

    @Test
    void eachRequestGetsAnIdentityOfItsOwn() {
        String token = Tokens.client("client-a");
        for (int i = 0; i < 3; i++) {
            given().auth().oauth2(token).header(IdentityProbe.REQUEST_HEADER, "request-" + i)
                    .get("/token-memory-probe").then().statusCode(200)
                    .body("principal", equalTo("service-account-client-a"))
                    .body("carriedRequest", equalTo("request-" + i))
                    .body("sameRequest", equalTo(true))
                    .body("credentialIsPresentedToken", equalTo(true))
                    .body("tenant", equalTo("Default"));
        }
        String other = Tokens.client("client-b");
        given().auth().oauth2(other).header(IdentityProbe.REQUEST_HEADER, "other").get("/token-memory-probe").then()
                .statusCode(200).body("principal", equalTo("service-account-client-b"))
                .body("carriedRequest", equalTo("other")).body("credentialIsPresentedToken", equalTo(true));
    }

    @Test
    void theWebPortalsSessionsAreNeverRemembered() {
        Cookies session = login();
        Counts before = Counts.now();
        for (int i = 0; i < 2; i++) {
            given().config(NO_REDIRECTS).cookies(session).get("/portal/inbox").then()
                    .statusCode(anyOf(equalTo(200), equalTo(403)));
        }
        given().config(NO_REDIRECTS).auth().oauth2(Tokens.client("client-a")).get("/portal/inbox").then()
                .statusCode(302);
        assertEquals(before, Counts.now(), "the web tenant goes through quarkus-oidc alone");
    }

    @Test
    void theMemoryIsExportedAsMetrics() {
        me(Tokens.client("client-a")).then().statusCode(200);
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertTrue(metrics.contains("knooppunt_portal_token_memory_size"), "the size gauge is exported");
        Counts counts = Counts.of(metrics);
        assertNotEquals(0.0, counts.misses());
        assertTrue(!metrics.contains("eyJ"), "no token in any metric");
    }

    private static Response me(String token) {
        return given().auth().oauth2(token).get("/api/v1/me");
    }

    /** Logs in to the web portal through the test provider's login endpoint; answers the session cookies. */
    private static Cookies login() {
        Response start = given().config(NO_REDIRECTS).get("/portal/inbox");
        URI authorize = URI.create(start.header("Location"));
        String provider = authorize.getScheme() + "://" + authorize.getAuthority();
        String callback = given().config(NO_REDIRECTS).urlEncodingEnabled(false)
                .get(provider + "/login?" + authorize.getRawQuery()).header("Location");
        Response session = given().config(NO_REDIRECTS).urlEncodingEnabled(false).cookies(start.detailedCookies())
                .get(callback);
        session.then().statusCode(302);
        return new Cookies(session.detailedCookies().asList().stream()
                .filter(c -> c.getName().startsWith("q_session_web"))
                .map(c -> new Cookie.Builder(c.getName(), c.getValue()).build()).toList());
    }

    /** The token memory's counters as {@code /q/metrics} exports them. */
    private record Counts(double hits, double misses) {

        private static final Pattern HITS = Pattern
                .compile("(?m)^knooppunt_portal_token_memory_hits_total\\S* (\\S+)$");
        private static final Pattern MISSES = Pattern
                .compile("(?m)^knooppunt_portal_token_memory_misses_total\\S* (\\S+)$");

        static Counts now() {
            return of(given().get("/q/metrics").then().statusCode(200).extract().asString());
        }

        static Counts of(String metrics) {
            return new Counts(value(HITS, metrics), value(MISSES, metrics));
        }

        private static double value(Pattern pattern, String metrics) {
            Matcher matcher = pattern.matcher(metrics);
            assertTrue(matcher.find(), "exported: " + pattern.pattern());
            return Double.parseDouble(matcher.group(1));
        }
    }
}
