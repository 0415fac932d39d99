package nl.knooppunt.portal.operator;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import org.jose4j.jwk.PublicJsonWebKey;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.smallrye.jwt.build.Jwt;
import nl.knooppunt.testsupport.HubSecretsTestResource;
import nl.knooppunt.testsupport.KafkaTestResource;

/**
 * The operator API needs the realm role knooppunt-beheerder, names the operator to the registry and passes the
 * registry's answers on; the directory shows what a counterpart needs (accepted types, key ids), nothing private.
 */
@QuarkusTest
@TestProfile(OperatorApiTest.WithFakeRegistry.class)
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(HubSecretsTestResource.class)
@QuarkusTestResource(io.quarkus.test.oidc.server.OidcWiremockTestResource.class)
class OperatorApiTest {

    /** Points the registry client at {@link FakeRegistry} in this application. */
    public static class WithFakeRegistry implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // OidcWiremockTestResource points smallrye.jwt.sign.key.location at its RSA key; service JWTs need ours
            // a fixed port, so that every REST client reaches the fake
            int port = freePort();
            return Map.of("quarkus.http.test-port", Integer.toString(port),
                    "quarkus.rest-client.registry.url", "http://localhost:" + port,
                    "smallrye.jwt.sign.key.location", "${knooppunt.secrets-dir}/portal-api-signing-key.jwk");
        }

        private static int freePort() {
            try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
                return socket.getLocalPort();
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static final String CREATE = "{\"oin\":\"00000000000000000001\",\"kvk\":\"87654321\",\"name\":\"Nieuw\","
            + "\"kind\":\"creditor\",\"sector\":\"energy\"}";

    @Test
    void operatorCreatesAParticipantInHisName() {
        given().auth().oauth2(token("olga", List.of("knooppunt-beheerder"), null))
                .contentType(ContentType.JSON).body(CREATE)
                .when().post("/api/v1/operator/participants")
                .then().statusCode(201)
                .header("Location", "/api/v1/operator/participants/11111111-1111-1111-1111-111111111111")
                .body("id", equalTo("11111111-1111-1111-1111-111111111111"));
        assertEquals("olga|olga-subject", FakeRegistry.LAST.get("actor"));
        assertEquals(CREATE, FakeRegistry.LAST.get("body"));
        assertTrue(((Collection<?>) FakeRegistry.LAST.get("groups")).contains("registry.admin"));
        assertEquals("portal-api", FakeRegistry.LAST.get("sub"));

        given().auth().oauth2(token("olga", List.of("knooppunt-beheerder"), null))
                .contentType(ContentType.JSON).body("{\"status\":\"suspended\",\"reason\":\"fraude\"}")
                .when().put("/api/v1/operator/participants/b7e2d154-3e3c-4d66-8b1f-4a2a8b1e3b02/status")
                .then().statusCode(200).body("status", equalTo("suspended"));
        assertEquals("olga|olga-subject", FakeRegistry.LAST.get("actor"));
    }

    @Test
    void operatorRotatesAWebhookSecretAndSeesItOnceUncached() {
        given().auth().oauth2(token("olga", List.of("knooppunt-beheerder"), null))
                .queryParam("overlap", "PT1H")
                .when().post("/api/v1/operator/participants/b7e2d154-3e3c-4d66-8b1f-4a2a8b1e3b02/webhook-secret")
                .then().statusCode(201)
                .header("Cache-Control", org.hamcrest.Matchers.containsString("no-store"))
                .body("secret", org.hamcrest.Matchers.startsWith("whsec_"))
                .body("previousValidUntil", equalTo("2026-12-07T12:00:00Z"));
        assertEquals("olga|olga-subject", FakeRegistry.LAST.get("actor"));
        assertEquals("PT1H", FakeRegistry.LAST.get("overlap"));
        assertTrue(((Collection<?>) FakeRegistry.LAST.get("groups")).contains("registry.admin"));

        FakeRegistry.LAST.clear();
        given().auth().oauth2(token("anna", List.of("offline_access"), "demo-gemeente"))
                .when().post("/api/v1/operator/participants/b7e2d154-3e3c-4d66-8b1f-4a2a8b1e3b02/webhook-secret")
                .then().statusCode(403).contentType("application/problem+json");
        assertTrue(FakeRegistry.LAST.isEmpty(), "a participant's own user cannot issue a secret");
    }

    @Test
    void passesTheRegistrysRefusalsOn() {
        given().auth().oauth2(token("olga", List.of("knooppunt-beheerder"), null))
                .contentType(ContentType.JSON).body(CREATE.replace("00000000000000000001", "00000000000000000009"))
                .when().post("/api/v1/operator/participants")
                .then().statusCode(409).contentType("application/problem+json")
                .body("type", equalTo("urn:knooppunt:problem:duplicate-oin"));
    }

    @Test
    void refusesCallersWithoutTheOperatorRole() {
        FakeRegistry.LAST.clear();
        given().auth().oauth2(token("anna", List.of("offline_access"), "demo-gemeente"))
                .contentType(ContentType.JSON).body(CREATE)
                .when().post("/api/v1/operator/participants")
                .then().statusCode(403).contentType("application/problem+json").body("status", equalTo(403));
        given().contentType(ContentType.JSON).body(CREATE)
                .when().post("/api/v1/operator/participants")
                .then().statusCode(401).contentType("application/problem+json");
        assertTrue(FakeRegistry.LAST.isEmpty(), "the registry must not have been called");
    }

    @Test
    void directoryShowsAcceptedTypesAndNothingPrivate() {
        given().auth().oauth2(token("service-account-demo-gemeente", List.of(), "demo-gemeente"))
                .queryParam("q", "energie").queryParam("kind", "creditor").queryParam("module", "betalingsregeling")
                .when().get("/api/v1/participants")
                .then().statusCode(200)
                .body("total", equalTo(1))
                .body("items[0].id", equalTo("b7e2d154-3e3c-4d66-8b1f-4a2a8b1e3b02"))
                .body("items[0].keyIds", contains("b7e2d154-3e3c-4d66-8b1f-4a2a8b1e3b02-key-1"))
                .body("items[0].accepts.type", hasItem("saldoverzoek"))
                .body("items[0].accepts.type", hasItem("betaalvoorstel"))
                .body("items[0].accepts.type", not(hasItem("saldoverzoek-antwoord")))
                .body("items[0].containsKey('contactEmail')", equalTo(false))
                .body("items[0].containsKey('delivery')", equalTo(false));
        assertEquals("energie|creditor|betalingsregeling", FakeRegistry.LAST.get("query"));
        given().auth().oauth2(token("service-account-demo-gemeente", List.of(), "demo-gemeente"))
                .queryParam("oin", "123")
                .when().get("/api/v1/participants")
                .then().statusCode(400).contentType("application/problem+json")
                .body("detail", equalTo("OIN must be 20 digits"));
    }

    private static String token(String username, List<String> roles, String clientId) {
        var builder = Jwt.issuer("https://server.example.com").audience("https://service.example.com")
                .subject(username + "-subject").preferredUserName(username)
                .claim("realm_access", Map.of("roles", roles));
        if (clientId != null) {
            builder = builder.claim("azp", clientId);
        }
        return builder.jws().keyId(oidcKey().getKeyId()).sign(oidcKey().getPrivateKey());
    }

    private static PublicJsonWebKey oidcKey() {
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream("privateKey.jwk")) {
            return PublicJsonWebKey.Factory.newPublicJwk(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the test OIDC server's key", e);
        }
    }
}
