package nl.knooppunt.registry;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import nl.knooppunt.testsupport.HubSecretsTestResource;
import nl.knooppunt.testsupport.KafkaTestResource;
import nl.knooppunt.testsupport.PostgresTestResource;

@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(HubSecretsTestResource.class)
@QuarkusTestResource(KafkaTestResource.class)
class ParticipantDirectoryTest {

    static final String GEMEENTE = "6a1f0c43-2d2b-4c55-9a0e-3f1f7a0d2a01";
    static final String ENERGIE = "b7e2d154-3e3c-4d66-8b1f-4a2a8b1e3b02";

    private static RequestSpecification reader() {
        return given().auth().oauth2(ServiceTokens.portal("registry.read"));
    }

    @Test
    void searchesByNameFragmentCaseInsensitively() {
        reader().queryParam("q", "voorbeeldSTAD")
                .when().get("/internal/v1/participants")
                .then().statusCode(200)
                .body("total", equalTo(1))
                .body("page", equalTo(0))
                .body("size", equalTo(20))
                .body("items.id", contains(GEMEENTE))
                .body("items[0].oin", equalTo("00000001001234567000"))
                .body("items[0].kvk", equalTo("01234567"))
                .body("items[0].name", equalTo("Gemeente Voorbeeldstad"))
                .body("items[0].kind", equalTo("counsellor-phase-1"))
                .body("items[0].sector", nullValue())
                .body("items[0].status", equalTo("active"))
                .body("items[0].modules", contains("schuldinventarisatie"))
                .body("items[0].containsKey('keyIds')", equalTo(true))
                .body("items[0].delivery.mode", equalTo("mailbox"))
                .body("items[0].containsKey('keys')", equalTo(false));

        reader().queryParam("q", "voorbeeld")
                .when().get("/internal/v1/participants")
                .then().statusCode(200)
                .body("total", equalTo(2))
                .body("items.name", contains("Gemeente Voorbeeldstad", "Voorbeeld Energie B.V."));
    }

    @Test
    void searchesByExactOinAndKvk() {
        reader().queryParam("q", "00000003123456780000")
                .when().get("/internal/v1/participants")
                .then().statusCode(200)
                .body("total", equalTo(1))
                .body("items.id", contains(ENERGIE))
                .body("items[0].kind", equalTo("creditor"))
                .body("items[0].sector", equalTo("energy"));

        reader().queryParam("q", "01234567")
                .when().get("/internal/v1/participants")
                .then().statusCode(200)
                .body("items.id", contains(GEMEENTE));

        reader().queryParam("q", "0123456")
                .when().get("/internal/v1/participants")
                .then().statusCode(200)
                .body("total", equalTo(0))
                .body("items", empty());
    }

    @Test
    void treatsLikeWildcardsLiterally() {
        reader().queryParam("q", "%")
                .when().get("/internal/v1/participants")
                .then().statusCode(200)
                .body("total", equalTo(0));
        reader().queryParam("q", "_")
                .when().get("/internal/v1/participants")
                .then().statusCode(200)
                .body("total", equalTo(0));
    }

    @Test
    void pagesThroughTheMatchesByName() {
        reader().queryParam("q", "voorbeeld").queryParam("page", 0).queryParam("size", 1)
                .when().get("/internal/v1/participants")
                .then().statusCode(200)
                .body("total", equalTo(2)).body("page", equalTo(0)).body("size", equalTo(1))
                .body("items.id", contains(GEMEENTE));
        reader().queryParam("q", "voorbeeld").queryParam("page", 1).queryParam("size", 1)
                .when().get("/internal/v1/participants")
                .then().statusCode(200)
                .body("total", equalTo(2)).body("page", equalTo(1))
                .body("items.id", contains(ENERGIE));
        reader().queryParam("q", "voorbeeld").queryParam("page", 2).queryParam("size", 1)
                .when().get("/internal/v1/participants")
                .then().statusCode(200)
                .body("total", equalTo(2))
                .body("items", empty());
    }

    @Test
    void filtersByKindModuleAndExactIdentifiers() {
        reader().queryParam("q", "voorbeeld").queryParam("kind", "creditor")
                .when().get("/internal/v1/participants")
                .then().statusCode(200)
                .body("items.id", contains(ENERGIE));
        reader().queryParam("oin", "00000001001234567000").queryParam("module", "schuldinventarisatie")
                .when().get("/internal/v1/participants")
                .then().statusCode(200)
                .body("items.id", contains(GEMEENTE));
        reader().queryParam("kvk", "12345678").queryParam("kind", "counsellor-phase-1")
                .when().get("/internal/v1/participants")
                .then().statusCode(200)
                .body("total", equalTo(0));
        reader().queryParam("kind", "bank")
                .when().get("/internal/v1/participants")
                .then().statusCode(400)
                .body("detail", startsWith("kind must be one of"));
    }

    @Test
    void refusesInvalidPagingAsProblem() {
        for (String[] params : new String[][] { { "size", "101" }, { "size", "0" }, { "page", "-1" },
                { "page", "abc" } }) {
            reader().queryParam(params[0], params[1])
                    .when().get("/internal/v1/participants")
                    .then().statusCode(400)
                    .contentType(startsWith("application/problem+json"))
                    .body("status", equalTo(400))
                    .body("type", equalTo("https://knooppunt.nl/problems/invalid-parameter"))
                    .body("detail", startsWith(params[0] + " must be"));
        }
        reader().queryParam("size", 100)
                .when().get("/internal/v1/participants")
                .then().statusCode(200).body("size", equalTo(100));
    }

    @Test
    void findsParticipantByIdWithKeys() {
        reader().when().get("/internal/v1/participants/" + ENERGIE)
                .then().statusCode(200)
                .body("id", equalTo(ENERGIE))
                .body("oin", equalTo("00000003123456780000"))
                .body("kvk", equalTo("12345678"))
                .body("name", equalTo("Voorbeeld Energie B.V."))
                .body("modules", contains("schuldinventarisatie"))
                .body("containsKey('keys')", equalTo(true));
    }

    @Test
    void findsParticipantByOin() {
        reader().when().get("/internal/v1/participants/by-oin/00000001001234567000")
                .then().statusCode(200)
                .body("id", equalTo(GEMEENTE))
                .body("kind", equalTo("counsellor-phase-1"))
                .body("containsKey('keys')", equalTo(true));
    }

    @Test
    void answersUnknownParticipantWithNotFoundProblem() {
        reader().when().get("/internal/v1/participants/00000000-0000-0000-0000-000000000000")
                .then().statusCode(404)
                .contentType(startsWith("application/problem+json"))
                .body("status", equalTo(404))
                .body("title", equalTo("Not found"))
                .body("detail", equalTo("no participant with id 00000000-0000-0000-0000-000000000000"));
        reader().when().get("/internal/v1/participants/by-oin/99999999999999999999")
                .then().statusCode(404)
                .contentType(startsWith("application/problem+json"));
        reader().when().get("/internal/v1/participants/not-a-uuid")
                .then().statusCode(400)
                .contentType(startsWith("application/problem+json"))
                .body("detail", equalTo("participant id must be a UUID"));
        reader().when().get("/internal/v1/participants/by-oin/123")
                .then().statusCode(400)
                .body("detail", equalTo("OIN must be 20 digits"));
    }

    @Test
    void listsTheParticipantsAClientMayActFor() {
        reader().when().get("/internal/v1/clients/demo-gemeente/participants")
                .then().statusCode(200)
                .body("$", hasSize(1))
                .body("[0].id", equalTo(GEMEENTE))
                .body("[0].modules", contains("schuldinventarisatie"));
        reader().when().get("/internal/v1/clients/demo-energie/participants")
                .then().statusCode(200)
                .body("id", contains(ENERGIE));
        reader().when().get("/internal/v1/clients/unknown-client/participants")
                .then().statusCode(200)
                .body("$", empty());
    }
}
