package nl.knooppunt.portal.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import nl.knooppunt.testsupport.HubSecretsTestResource;
import nl.knooppunt.testsupport.KafkaTestResource;
import nl.knooppunt.testsupport.hostile.RawHttp;

/**
 * The served OpenAPI document is the contract (ADR 0043): every status an operation answers, an operationId on every
 * operation, this deployment's servers and token URL, problems for every error, and API-Version on every answer.
 */
@QuarkusTest
@TestProfile(ApiDocumentTest.Deployment.class)
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(HubSecretsTestResource.class)
@QuarkusTestResource(io.quarkus.test.oidc.server.OidcWiremockTestResource.class)
class ApiDocumentTest {

    static final String SERVER = "https://api.knooppunt.example";
    static final String TOKEN_URL = "https://login.knooppunt.example/realms/knooppunt/protocol/openid-connect/token";

    /** A deployment that names its own URL and token endpoint. */
    public static class Deployment implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.smallrye-openapi.servers", SERVER, "knooppunt.api-document.token-url", TOKEN_URL);
        }
    }

    private static JsonNode document() {
        return given().get("/q/openapi?format=json").then().statusCode(200).extract().as(JsonNode.class);
    }

    private static Set<String> statuses(JsonNode operation) {
        Set<String> statuses = new TreeSet<>();
        operation.path("responses").fieldNames().forEachRemaining(statuses::add);
        return statuses;
    }

    @Test
    void sendingAMessageDocumentsEveryStatusItAnswersAndNo200() {
        JsonNode send = document().path("paths").path("/api/v1/messages").path("post");
        assertEquals(new TreeSet<>(Set.of("201", "400", "401", "403", "409", "413", "415", "422", "429", "500",
                "503")), statuses(send));
        assertEquals("sendMessage", send.path("operationId").asText());
        assertTrue(send.path("responses").path("201").path("headers").has("Location"));
        assertTrue(send.path("responses").path("201").path("headers").has("API-Version"));
        assertEquals("#/components/schemas/Problem", send.path("responses").path("422").path("content")
                .path("application/problem+json").path("schema").path("$ref").asText());
        assertEquals("#/components/responses/ServiceUnavailable",
                send.path("responses").path("503").path("$ref").asText());
        List<String> parameters = new ArrayList<>();
        send.path("parameters").forEach(p -> parameters.add(p.has("$ref") ? p.get("$ref").asText()
                : p.path("name").asText()));
        assertEquals(Set.of("#/components/parameters/Knooppunt-Participant", "Idempotency-Key"),
                Set.copyOf(parameters));
        JsonNode examples = send.path("requestBody").path("content").path("application/json").path("examples");
        assertEquals(30, examples.size(), "every message type of the standard is an example");
        assertEquals("00000003123456780000", examples.path("schuldinventarisatie.saldoverzoek").path("value")
                .path("recipient").asText(), "creditors are addressed by OIN");
    }

    @Test
    void everyOperationIsAnApiOperationWithAUniqueOperationIdATagAndItsErrors() {
        JsonNode document = document();
        Set<String> ids = new HashSet<>();
        List<String> faults = new ArrayList<>();
        document.path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op -> {
            String name = op.getKey().toUpperCase() + " " + path.getKey();
            JsonNode operation = op.getValue();
            if (!path.getKey().startsWith("/api/v1/")) {
                faults.add(name + " is not under /api/v1/");
            }
            if (!operation.path("operationId").asText().matches("[a-z][a-zA-Z0-9]*")
                    || !ids.add(operation.path("operationId").asText())) {
                faults.add(name + " has no unique lowerCamelCase operationId");
            }
            if (operation.path("tags").isEmpty()) {
                faults.add(name + " has no tag");
            }
            Set<String> statuses = statuses(operation);
            if (!statuses.containsAll(Set.of("429", "500"))) {
                faults.add(name + " documents no 429 and 500");
            }
            boolean isPublic = operation.has("security") && operation.get("security").isEmpty();
            if (!isPublic && !statuses.containsAll(Set.of("401", "403", "503"))) {
                faults.add(name + " needs a token but documents no 401, 403 and 503");
            }
            if (operation.has("requestBody") && !statuses.containsAll(Set.of("400", "413", "415"))) {
                faults.add(name + " takes a body but documents no 400, 413 and 415");
            }
        }));
        assertEquals(List.of(), faults);
        assertEquals(32, ids.size(), "operations of the API");
        assertTrue(document.path("paths").path("/api/v1/standard").path("get").path("security").isEmpty(),
                "the standard is public");
        assertEquals("oauth2", document.path("security").path(0).fieldNames().next());
    }

    @Test
    void theDocumentNamesThisDeploymentsServerAndTokenUrl() {
        JsonNode document = document();
        assertEquals(SERVER, document.path("servers").path(0).path("url").asText());
        JsonNode scheme = document.path("components").path("securitySchemes").path("oauth2");
        assertEquals("oauth2", scheme.path("type").asText());
        assertEquals(TOKEN_URL, scheme.path("flows").path("clientCredentials").path("tokenUrl").asText());
        assertFalse(document.path("components").path("schemas").has("FileItem"), "no web portal internals");
    }

    @Test
    void everyAnswerOfTheApiCarriesTheDocumentsVersion() {
        String version = document().path("info").path("version").asText();
        assertEquals(ApiVersion.VALUE, version);
        given().get("/api/v1/standard").then().statusCode(200).header("API-Version", equalTo(version));
        given().get("/api/v1/me").then().statusCode(401).header("API-Version", equalTo(version));
        given().get("/api/v1/bestaat-niet").then().statusCode(404).contentType("application/problem+json")
                .header("API-Version", equalTo(version));
        RawHttp.Response tooLarge = RawHttp.send(RestAssured.port, "POST", "/api/v1/messages",
                List.<String[]>of(new String[] { "Content-Type", "application/json" }), "{}".getBytes(), "2000000",
                false);
        assertEquals(413, tooLarge.status());
        assertEquals(version, tooLarge.header("API-Version"));
        assertNull(given().get("/q/health/live").header("API-Version"), "only the API answers with API-Version");
    }
}
