package nl.knooppunt.localstack.canary;

import static io.restassured.RestAssured.given;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.restassured.config.RedirectConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.response.Response;

/**
 * A portal user's session over plain HTTP, as a browser without script would hold it: the authorization-code flow
 * through Keycloak's login form, then the portal's pages with the session cookies and the form's CSRF token.
 */
public final class PortalSession {

    private static final RestAssuredConfig NO_REDIRECTS = RestAssuredConfig.config()
            .redirect(RedirectConfig.redirectConfig().followRedirects(false));
    private static final Pattern LOGIN_FORM = Pattern.compile("<form[^>]*id=\"kc-form-login\"[^>]*action=\"([^\"]+)\"");
    private static final Pattern CSRF_FIELD = Pattern.compile("name=\"(csrf[^\"]*)\" value=\"([^\"]+)\"");

    private final URI portal;
    private final Map<String, String> cookies = new LinkedHashMap<>();

    private PortalSession(URI portal) {
        this.portal = portal;
    }

    /** Logs {@code username} in at Keycloak through the portal's code flow. */
    public static PortalSession login(URI portal, String username, String password) {
        PortalSession session = new PortalSession(portal);
        Response start = given().config(NO_REDIRECTS).get(session.url("/portal/bulk"));
        expect(start, 302);
        session.cookies.putAll(start.getCookies());
        Response loginPage = given().config(NO_REDIRECTS).urlEncodingEnabled(false).get(start.header("Location"));
        expect(loginPage, 200);
        Matcher form = LOGIN_FORM.matcher(loginPage.asString());
        if (!form.find()) {
            throw new IllegalStateException("no login form at Keycloak: " + loginPage.asString());
        }
        Response loggedIn = given().config(NO_REDIRECTS).urlEncodingEnabled(false).cookies(loginPage.getCookies())
                .contentType("application/x-www-form-urlencoded")
                .body("username=" + username + "&password=" + password + "&credentialId=")
                .post(form.group(1).replace("&amp;", "&"));
        expect(loggedIn, 302);
        Response callback = given().config(NO_REDIRECTS).urlEncodingEnabled(false).cookies(session.cookies)
                .get(loggedIn.header("Location"));
        if (callback.statusCode() != 302 && callback.statusCode() != 200) {
            throw new IllegalStateException("the portal refused the login: " + callback.statusCode());
        }
        session.cookies.putAll(callback.getCookies());
        session.cookies.keySet().removeIf(name -> name.startsWith("q_auth"));
        return session;
    }

    /** A portal page (GET) in this session. */
    public Response get(String path) {
        Response page = given().config(NO_REDIRECTS).cookies(cookies).get(url(path));
        cookies.putAll(page.getCookies());
        return page;
    }

    /** Uploads a bulk file of the given type ({@code module/type}) as the bulk page's form does. */
    public Response uploadBulk(String moduleAndType, String csv) throws IOException {
        Response form = get("/portal/bulk");
        expect(form, 200);
        Matcher csrf = CSRF_FIELD.matcher(form.asString());
        if (!csrf.find()) {
            throw new IllegalStateException("the bulk form has no CSRF token");
        }
        Path file = Files.createTempFile("canary-bulk", ".csv");
        try {
            Files.writeString(file, csv, StandardCharsets.UTF_8);
            return given().config(NO_REDIRECTS).cookies(cookies).multiPart(csrf.group(1), csrf.group(2))
                    .multiPart("soort", moduleAndType).multiPart("bestand", file.toFile(), "text/csv")
                    .post(url("/portal/bulk"));
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private String url(String path) {
        return portal.toString().replaceAll("/$", "") + path;
    }

    private static void expect(Response response, int status) {
        if (response.statusCode() != status) {
            throw new IllegalStateException("expected " + status + " but got " + response.statusCode() + ": "
                    + response.asString());
        }
    }
}
