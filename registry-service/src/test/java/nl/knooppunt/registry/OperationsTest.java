package nl.knooppunt.registry;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import nl.knooppunt.registry.demo.DemoSeed;
import nl.knooppunt.testsupport.HubSecretsTestResource;
import nl.knooppunt.testsupport.KafkaTestResource;
import nl.knooppunt.testsupport.PostgresTestResource;

@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(HubSecretsTestResource.class)
@QuarkusTestResource(KafkaTestResource.class)
class OperationsTest {

    @Inject
    DemoSeed demoSeed;

    @Test
    void readinessIncludesTheDatabaseAndTheSnapshotPublication() {
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(15))
                .untilAsserted(() -> given().when().get("/q/health/ready")
                        .then().statusCode(200)
                        .body("status", equalTo("UP"))
                        .body("checks.name", hasItem("Reactive PostgreSQL connections health check"))
                        .body("checks.name", hasItem("participant snapshots published")));
    }

    @Test
    void servesTheOpenApiDocument() {
        given().queryParam("format", "json").when().get("/q/openapi")
                .then().statusCode(200)
                .body("paths.keySet()", hasItem("/internal/v1/participants/{id}/keys/{kid}"))
                .body("paths.keySet()", hasItem("/internal/v1/clients/{clientId}/participants"));
    }

    @Test
    void demoSeedIsIdempotent() throws Throwable {
        assertEquals(0, VertxContextSupport.subscribeAndAwait(demoSeed::seed));
        given().auth().oauth2(ServiceTokens.portal("registry.read"))
                .queryParam("q", "voorbeeld")
                .when().get("/internal/v1/participants")
                .then().statusCode(200)
                .body("total", equalTo(2));
        given().auth().oauth2(ServiceTokens.portal("registry.read"))
                .when().get("/internal/v1/clients/demo-energie/participants")
                .then().statusCode(200)
                .body("size()", equalTo(1));
    }

    @Test
    void demoSeedRegistersEachDemoKeyOnceAndRefusesPrivateMaterial(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Throwable {
        String kid = ParticipantDirectoryTest.ENERGIE + "-demo-" + java.util.UUID.randomUUID();
        org.jose4j.jwk.EllipticCurveJsonWebKey key = org.jose4j.jwk.EcJwkGenerator
                .generateJwk(org.jose4j.keys.EllipticCurves.P256);
        key.setKeyId(kid);
        String publicJwk = key.toJson(org.jose4j.jwk.JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
        String header = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(("{\"alg\":"
                + "\"PBES2-HS512+A256KW\",\"enc\":\"A256GCM\",\"kid\":\"" + kid + "\",\"p2c\":600000,"
                + "\"p2s\":\"MDEyMzQ1Njc4OWFiY2RlZg\"}").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        String wrapped = header + ".a2V5.aXYtaXYtaXYtaXYt.d3JhcHBlZA.dGFnLXRhZy10YWctdGFnLQ";
        java.nio.file.Path file = dir.resolve("demo-keys.json");
        java.nio.file.Files.writeString(file, "{\"keys\":[{\"participantId\":\"" + ParticipantDirectoryTest.ENERGIE
                + "\",\"kid\":\"" + kid + "\",\"publicJwk\":" + publicJwk + ",\"wrappedKey\":\"" + wrapped + "\"}]}");

        assertEquals(1, VertxContextSupport.subscribeAndAwait(() -> demoSeed.seedKeys(file)));
        assertEquals(0, VertxContextSupport.subscribeAndAwait(() -> demoSeed.seedKeys(file)), "each key once");
        given().auth().oauth2(ServiceTokens.portal("registry.keys"))
                .when().get("/internal/v1/participants/" + ParticipantDirectoryTest.ENERGIE + "/wrapped-keys")
                .then().statusCode(200)
                .body("find { it.kid == '" + kid + "' }.jwe", equalTo(wrapped));
        given().auth().oauth2(ServiceTokens.portal("registry.read"))
                .when().get("/internal/v1/participants/" + ParticipantDirectoryTest.ENERGIE)
                .then().statusCode(200)
                .body("keyIds", hasItem(kid));

        java.nio.file.Files.writeString(file, "{\"keys\":[{\"participantId\":\"" + ParticipantDirectoryTest.ENERGIE
                + "\",\"kid\":\"x-" + kid + "\",\"publicJwk\":"
                + key.toJson(org.jose4j.jwk.JsonWebKey.OutputControlLevel.INCLUDE_PRIVATE).replace(kid, "x-" + kid)
                + ",\"wrappedKey\":\"" + wrapped + "\"}]}");
        org.junit.jupiter.api.Assertions.assertThrows(RuntimeException.class,
                () -> VertxContextSupport.subscribeAndAwait(() -> demoSeed.seedKeys(file)),
                "a seed file with a private key is refused: the hub holds none");
    }
}
