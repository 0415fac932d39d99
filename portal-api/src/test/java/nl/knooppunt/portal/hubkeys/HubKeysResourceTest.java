package nl.knooppunt.portal.hubkeys;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import nl.knooppunt.testsupport.HubSecretsTestResource;
import nl.knooppunt.testsupport.KafkaTestResource;

/** The published push-signing keys and the delivery API's unauthenticated answers. */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(HubSecretsTestResource.class)
@QuarkusTestResource(io.quarkus.test.oidc.server.OidcWiremockTestResource.class)
class HubKeysResourceTest {

    @Test
    void publishesOnlyRoutingServicesPublicSigningKey() {
        given().get("/api/v1/hub-keys").then().statusCode(200)
                .contentType("application/jwk-set+json")
                .body("keys.size()", equalTo(1))
                .body("keys[0].kid", equalTo("routing-service-1"))
                .body("keys[0].kty", equalTo("EC"))
                .body("keys[0].crv", equalTo("P-256"))
                .body("keys[0]", not(hasKey("d")));
    }

    @Test
    void eventsNeedAToken() {
        given().get("/api/v1/events").then().statusCode(401).contentType("application/problem+json");
        given().get("/q/openapi?format=json").then().statusCode(200)
                .body("paths", hasKey("/api/v1/events"))
                .body("paths", hasKey("/api/v1/hub-keys"));
    }
}
