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
}
