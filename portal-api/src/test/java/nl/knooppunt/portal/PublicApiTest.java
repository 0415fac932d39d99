package nl.knooppunt.portal;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.notNullValue;

import java.security.KeyPairGenerator;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.jwt.build.Jwt;
import nl.knooppunt.testsupport.HubSecretsTestResource;
import nl.knooppunt.testsupport.KafkaTestResource;

/** The parts of the public API that stand on portal-api alone: the standard, authentication, problem responses. */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(HubSecretsTestResource.class)
@QuarkusTestResource(io.quarkus.test.oidc.server.OidcWiremockTestResource.class)
class PublicApiTest {

    @Test
    void standardListsModulesAndTypes() {
        given().get("/api/v1/standard").then().statusCode(200)
                .body("id", hasItem("schuldinventarisatie"))
                .body("find { it.id == 'schuldinventarisatie' }.messageTypes.type",
                        hasItems("saldoverzoek", "saldoverzoek-antwoord", "geen-medewerking"));
    }

    @Test
    void standardServesEveryModuleAndEveryTypeWithSchemaAndExample() {
        io.restassured.path.json.JsonPath modules = given().get("/api/v1/standard").then().statusCode(200)
                .body("id", org.hamcrest.Matchers.contains("schuldinventarisatie", "betalingsregeling",
                        "schuldregeling", "waarborgfonds", "meldingen-bewindvoering", "landelijke-pauzeknop"))
                .body("find { it.id == 'schuldregeling' }.version", equalTo("2.0"))
                .body("find { it.id == 'schuldregeling' }.messageTypes.type", hasItems("kennisgeving",
                        "kennisgeving-publiek", "statusverzoek", "statusbericht", "schuldregeling-beeindigd"))
                .body("find { it.id == 'schuldregeling' }.messageTypes.find { it.type == 'statusverzoek' }"
                        + ".multipleAnswers", equalTo(true))
                .extract().jsonPath();
        int served = 0;
        for (String module : modules.getList("id", String.class)) {
            for (String type : modules.getList("find { it.id == '" + module + "' }.messageTypes.type", String.class)) {
                given().get("/api/v1/standard/" + module + "/" + type).then().statusCode(200)
                        .body("schema.'$schema'", equalTo("https://json-schema.org/draft/2020-12/schema"))
                        .body("example", notNullValue())
                        .body("senders", notNullValue())
                        .body("recipients", notNullValue());
                served++;
            }
        }
        org.junit.jupiter.api.Assertions.assertEquals(30, served);
        given().get("/api/v1/standard/meldingen-bewindvoering/melding-wsnp").then().statusCode(200)
                .body("requiredAttachments.administrator", hasItem("beschikking"))
                .body("example.bijlagen[0].mediaType", equalTo("application/pdf"));
        given().get("/api/v1/standard/schuldinventarisatie/saldoverzoek").then().statusCode(200)
                .body("replyPeriodWorkingDays", equalTo(10))
                .body("requiredAttachments.'other-counsellor'", hasItem("toestemmingsverklaring"));
    }

    @Test
    void typeComesWithSchemaAndExample() {
        given().get("/api/v1/standard/schuldinventarisatie/saldoverzoek").then().statusCode(200)
                .body("schema.'$schema'", equalTo("https://json-schema.org/draft/2020-12/schema"))
                .body("example.client.bsn", notNullValue())
                .body("answers", hasItems("saldoverzoek-antwoord", "geen-medewerking"));
    }

    @Test
    void unknownTypeIsProblem404() {
        given().get("/api/v1/standard/schuldinventarisatie/bestaat-niet").then().statusCode(404)
                .contentType("application/problem+json")
                .body("status", equalTo(404)).body("detail", containsString("bestaat-niet"));
    }

    @Test
    void withoutTokenIs401Problem() {
        given().contentType("application/json").body("{}").post("/api/v1/messages").then().statusCode(401)
                .contentType("application/problem+json").header("WWW-Authenticate", "Bearer")
                .body("status", equalTo(401));
        given().get("/api/v1/inbox").then().statusCode(401).contentType("application/problem+json");
        given().get("/api/v1/me").then().statusCode(401).contentType("application/problem+json");
        given().get("/api/v1/events").then().statusCode(401).contentType("application/problem+json");
    }

    @Test
    void problemsComeFromThePublicMappersNotTheServiceKitsGenericOnes() {
        // knooppunt.problem-mappers.enabled=false: the kit's mappers, which speak of service JWTs, stay out
        given().get("/api/v1/me").then().statusCode(401).contentType("application/problem+json")
                .header("WWW-Authenticate", "Bearer")
                .body("type", equalTo("https://knooppunt.nl/problems/unauthorized"))
                .body("title", equalTo("Unauthorized"))
                .body("detail", equalTo("a valid bearer token from the hub's identity provider is required"));
    }

    @Test
    void garbageAndForeignTokensAre401() throws Exception {
        given().auth().oauth2("not-a-jwt").get("/api/v1/me").then().statusCode(401)
                .contentType("application/problem+json");
        var foreign = KeyPairGenerator.getInstance("RSA").generateKeyPair();
        String forged = Jwt.issuer("https://server.example.com").audience("https://service.example.com")
                .subject("mallory").claim("azp", "demo-gemeente").groups(Set.of("user")).sign(foreign.getPrivate());
        given().auth().oauth2(forged).get("/api/v1/me").then().statusCode(401);
    }

    @Test
    void openApiDescribesTheApi() {
        given().get("/q/openapi?format=json").then().statusCode(200)
                .body("paths", org.hamcrest.Matchers.hasKey("/api/v1/messages"))
                .body("paths", org.hamcrest.Matchers.hasKey("/api/v1/inbox/{id}/ack"))
                .body("paths", org.hamcrest.Matchers.hasKey("/api/v1/vendor-inbox/acknowledgements"))
                .body("paths.'/api/v1/vendor-inbox'.get.parameters.name", hasItem("participant"))
                .body("paths", org.hamcrest.Matchers.hasKey("/api/v1/events"))
                .body("paths", org.hamcrest.Matchers.hasKey("/api/v1/operator/participants/{id}/webhook-secret"));
    }

    @Test
    void theHubKeysOfTheOldPushSignatureAreGone() {
        // pushes are Standard Webhooks signed with a secret per receiver (ADR 0037): no hub key to publish
        given().get("/api/v1/hub-keys").then().statusCode(404).contentType("application/problem+json");
        given().get("/q/openapi?format=json").then().statusCode(200)
                .body("paths", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasKey("/api/v1/hub-keys")));
    }
}
