package nl.knooppunt.registry;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import java.security.SecureRandom;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import org.jose4j.jwk.EcJwkGenerator;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.keys.EllipticCurves;
import org.jose4j.lang.JoseException;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import nl.knooppunt.testsupport.HubSecretsTestResource;
import nl.knooppunt.testsupport.KafkaTestResource;
import nl.knooppunt.testsupport.PostgresTestResource;

/** Every operator change through the internal API, and every refusal, against a real PostgreSQL. */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(HubSecretsTestResource.class)
@QuarkusTestResource(KafkaTestResource.class)
class OperatorApiTest {

    static final String OPERATOR = "olga-subject-1";

    static RequestSpecification operator() {
        return given().auth().oauth2(ServiceTokens.portal("registry.read", "registry.admin"))
                .header("Knooppunt-Actor", OPERATOR).contentType(ContentType.JSON);
    }

    static String randomOin() {
        return String.format("%020d", ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE));
    }

    static Map<String, Object> creditor(String oin, String name) {
        return Map.of("oin", oin, "kvk", "87654321", "name", name, "kind", "creditor", "sector", "housing-corporation",
                "contactEmail", "beheer@woonstichting.example", "modules", java.util.List.of("schuldinventarisatie"));
    }

    /** Registers a creditor and answers its id. */
    static String createCreditor(String name) {
        return operator().body(creditor(randomOin(), name))
                .when().post("/internal/v1/participants")
                .then().statusCode(201).extract().path("id");
    }

    @Test
    void registersAParticipantAndAuditsIt() {
        String oin = randomOin();
        String id = operator().body(creditor(oin, "Woonstichting Registratie"))
                .when().post("/internal/v1/participants")
                .then().statusCode(201)
                .header("Location", startsWith("/internal/v1/participants/"))
                .body("oin", equalTo(oin))
                .body("kvk", equalTo("87654321"))
                .body("name", equalTo("Woonstichting Registratie"))
                .body("kind", equalTo("creditor"))
                .body("sector", equalTo("housing-corporation"))
                .body("status", equalTo("onboarding"))
                .body("modules", contains("schuldinventarisatie"))
                .body("delivery.mode", equalTo("mailbox"))
                .body("version", equalTo(1))
                .extract().path("id");
        operator().when().get("/internal/v1/participants/" + id + "/audit")
                .then().statusCode(200)
                .body("[0].action", equalTo("participant.created"))
                .body("[0].actor", equalTo(OPERATOR))
                .body("[0].via", equalTo("portal-api"))
                .body("[0].at", notNullValue())
                .body("[0].detail.oin", equalTo(oin));
    }

    @Test
    void refusesInvalidMasterData() {
        invalid(Map.of("oin", "123", "kvk", "87654321", "name", "X", "kind", "creditor", "sector", "energy"),
                "oin must be 20 digits");
        invalid(Map.of("oin", randomOin(), "kvk", "8765432A", "name", "X", "kind", "creditor", "sector", "energy"),
                "kvk must be 8 digits");
        invalid(Map.of("oin", randomOin(), "kvk", "87654321", "kvkBranch", "12", "name", "X", "kind", "creditor",
                "sector", "energy"), "kvkBranch (vestigingsnummer) must be 12 digits");
        invalid(Map.of("oin", randomOin(), "kvk", "87654321", "name", "X", "kind", "bank"),
                "kind must be one of counsellor-phase-1, counsellor-phase-2, other-counsellor, administrator, "
                        + "creditor, guarantee-fund");
        invalid(Map.of("oin", randomOin(), "kvk", "87654321", "name", "X", "kind", "creditor"),
                "a creditor needs a sector, one of energy, health-insurer, housing-corporation, other, public-body");
        invalid(Map.of("oin", randomOin(), "kvk", "87654321", "name", "X", "kind", "administrator", "sector",
                "energy"), "only a creditor has a sector");
        invalid(Map.of("oin", randomOin(), "kvk", "87654321", "name", "X", "kind", "administrator",
                "contactEmail", "niet-een-adres"), "contactEmail is not an e-mail address");
        invalid(Map.of("oin", randomOin(), "kvk", "87654321", "name", " ", "kind", "administrator"),
                "name must be 1 to 200 characters without control characters");
    }

    @Test
    void refusesADuplicateOin() {
        String oin = randomOin();
        operator().body(creditor(oin, "Eerste")).when().post("/internal/v1/participants").then().statusCode(201);
        problem(operator().body(creditor(oin, "Tweede")).when().post("/internal/v1/participants").then(), 409)
                .body("type", equalTo("https://knooppunt.nl/problems/duplicate-oin"))
                .body("detail", equalTo("a participant with OIN " + oin + " is already registered"));
        problem(operator().body(creditor("00000001001234567000", "Gemeente"))
                .when().post("/internal/v1/participants").then(), 409);
    }

    @Test
    void refusesModulesTheKindMayNotUse() {
        problem(operator().body(Map.of("oin", randomOin(), "kvk", "87654321", "name", "Waarborgfonds Test",
                        "kind", "guarantee-fund", "modules", java.util.List.of("schuldinventarisatie")))
                .when().post("/internal/v1/participants").then(), 422)
                .body("type", equalTo("https://knooppunt.nl/problems/module-not-allowed"))
                .body("detail", startsWith("a guarantee-fund may not use module schuldinventarisatie"));
        String id = operator().body(Map.of("oin", randomOin(), "kvk", "87654321", "name", "Waarborgfonds Test",
                        "kind", "guarantee-fund"))
                .when().post("/internal/v1/participants").then().statusCode(201).extract().path("id");
        problem(operator().when().put("/internal/v1/participants/" + id + "/modules/schuldinventarisatie").then(),
                422).body("type", equalTo("https://knooppunt.nl/problems/module-not-allowed"));
        problem(operator().when().put("/internal/v1/participants/" + id + "/modules/bestaat-niet").then(), 422)
                .body("type", equalTo("https://knooppunt.nl/problems/unknown-module"))
                .body("detail", equalTo("module bestaat-niet is not in the standard"));
    }

    @Test
    void switchesModulesOffAndOn() {
        String id = createCreditor("Woonstichting Modules");
        operator().when().delete("/internal/v1/participants/" + id + "/modules/schuldinventarisatie")
                .then().statusCode(200).body("modules", empty()).body("version", equalTo(2));
        operator().when().put("/internal/v1/participants/" + id + "/modules/schuldinventarisatie")
                .then().statusCode(200).body("modules", contains("schuldinventarisatie")).body("version", equalTo(3));
        operator().when().put("/internal/v1/participants/" + id + "/modules/schuldinventarisatie")
                .then().statusCode(200).body("version", equalTo(3));
        operator().when().get("/internal/v1/participants/" + id + "/audit")
                .then().statusCode(200)
                .body("action", contains("module.switched-on", "module.switched-off", "participant.created"))
                .body("[1].detail.module", equalTo("schuldinventarisatie"));
    }

    @Test
    void updatesMasterDataAndChecksTheNewKind() {
        String id = createCreditor("Woonstichting Oud");
        String oin = randomOin();
        operator().body(Map.of("oin", oin, "kvk", "11223344", "kvkBranch", "000012345678", "name",
                        "Woonstichting Nieuw", "kind", "creditor", "sector", "other"))
                .when().put("/internal/v1/participants/" + id)
                .then().statusCode(200)
                .body("oin", equalTo(oin)).body("kvkBranch", equalTo("000012345678"))
                .body("name", equalTo("Woonstichting Nieuw")).body("sector", equalTo("other"))
                .body("contactEmail", nullValue());
        problem(operator().body(Map.of("oin", oin, "kvk", "11223344", "name", "Fonds", "kind", "guarantee-fund"))
                .when().put("/internal/v1/participants/" + id).then(), 422)
                .body("detail", equalTo("module schuldinventarisatie is switched on and a guarantee-fund may not use "
                        + "it; switch it off first"));
        problem(operator().body(Map.of("oin", "00000001001234567000", "kvk", "11223344", "name", "X", "kind",
                "creditor", "sector", "other")).when().put("/internal/v1/participants/" + id).then(), 409);
        problem(operator().body(Map.of("oin", randomOin(), "kvk", "11223344", "name", "X", "kind", "creditor",
                "sector", "other")).when().put("/internal/v1/participants/" + UUID.randomUUID()).then(), 404);
    }

    @Test
    void activatesSuspendsAndEndsAParticipant() {
        String id = createCreditor("Woonstichting Status");
        status(id, "active").statusCode(200).body("status", equalTo("active"));
        status(id, "suspended").statusCode(200).body("status", equalTo("suspended"));
        status(id, "active").statusCode(200).body("status", equalTo("active"));
        status(id, "left").statusCode(200).body("status", equalTo("left"));
        problem(status(id, "active"), 409).body("detail", equalTo("a participant that is left cannot become active"));
        problem(status(id, "paused"), 400).body("detail", equalTo("status must be onboarding, active, suspended or left"));
        operator().when().get("/internal/v1/participants/" + id + "/audit").then().statusCode(200)
                .body("[0].action", equalTo("participant.status-changed"))
                .body("[0].detail.from", equalTo("active")).body("[0].detail.to", equalTo("left"))
                .body("[0].detail.reason", equalTo("test"));
    }

    @Test
    void setsTheDeliveryPreferenceHttpsOnly() {
        String id = createCreditor("Woonstichting Webhook");
        operator().body(Map.of("mode", "webhook", "webhookUrl", "https://hooks.woonstichting.example/knooppunt"))
                .when().put("/internal/v1/participants/" + id + "/delivery")
                .then().statusCode(200)
                .body("delivery.mode", equalTo("webhook"))
                .body("delivery.webhookUrl", equalTo("https://hooks.woonstichting.example/knooppunt"));
        problem(operator().body(Map.of("mode", "webhook", "webhookUrl", "http://hooks.woonstichting.example/k"))
                .when().put("/internal/v1/participants/" + id + "/delivery").then(), 400)
                .body("detail", equalTo("the webhook url must use https"));
        problem(operator().body(Map.of("mode", "webhook", "webhookUrl", "https://user:pw@hooks.example/k"))
                .when().put("/internal/v1/participants/" + id + "/delivery").then(), 400)
                .body("detail", equalTo("the webhook url must not contain credentials or a fragment"));
        problem(operator().body(Map.of("mode", "fax"))
                .when().put("/internal/v1/participants/" + id + "/delivery").then(), 400);
        operator().body(Map.of("mode", "mailbox"))
                .when().put("/internal/v1/participants/" + id + "/delivery")
                .then().statusCode(200)
                .body("delivery.mode", equalTo("mailbox")).body("delivery.webhookUrl", nullValue());
    }

    @Test
    void removesOnlyParticipantsStillOnboarding() {
        String id = createCreditor("Woonstichting Vergissing");
        operator().when().delete("/internal/v1/participants/" + id).then().statusCode(204);
        problem(given().auth().oauth2(ServiceTokens.portal("registry.read"))
                .when().get("/internal/v1/participants/" + id).then(), 404);
        String active = createCreditor("Woonstichting Actief");
        status(active, "active").statusCode(200);
        problem(operator().when().delete("/internal/v1/participants/" + active).then(), 409)
                .body("type", equalTo("https://knooppunt.nl/problems/not-removable"));
    }

    @Test
    void grantsAndRevokesMandates() {
        String first = createCreditor("Leverancier Klant Een");
        String second = createCreditor("Leverancier Klant Twee");
        String client = "vendor-" + UUID.randomUUID();
        operator().when().put("/internal/v1/clients/" + client + "/participants/" + first).then().statusCode(204);
        operator().when().put("/internal/v1/clients/" + client + "/participants/" + second).then().statusCode(204);
        operator().when().put("/internal/v1/clients/" + client + "/participants/" + second).then().statusCode(204);
        operator().when().get("/internal/v1/clients/" + client + "/participants")
                .then().statusCode(200).body("id", contains(first, second));
        operator().when().get("/internal/v1/clients")
                .then().statusCode(200)
                .body("find { it.clientId == '" + client + "' }.participants.size()", equalTo(2));
        operator().when().delete("/internal/v1/clients/" + client + "/participants/" + first).then().statusCode(204);
        operator().when().get("/internal/v1/clients/" + client + "/participants")
                .then().statusCode(200).body("id", contains(second));
        problem(operator().when().put("/internal/v1/clients/" + client + "/participants/" + UUID.randomUUID())
                .then(), 404);
        operator().when().get("/internal/v1/participants/" + first + "/audit").then().statusCode(200)
                .body("action", hasItem("mandate.revoked"))
                .body("find { it.action == 'mandate.granted' }.clientId", equalTo(client));
    }

    /** ADR 0048: the test profile runs a sandbox hub (knooppunt.sandbox.enabled), so an operator may simulate. */
    @Test
    void marksAParticipantSimulatedShowsItInTheDirectoryAndAuditsIt() {
        String id = createCreditor("Sandbox Proef Schuldeiser");
        operator().when().get("/internal/v1/participants/" + id).then().statusCode(200)
                .body("simulated", equalTo(false));
        operator().body(Map.of("simulated", true)).when().put("/internal/v1/participants/" + id + "/simulated")
                .then().statusCode(200).body("simulated", equalTo(true));
        operator().body(Map.of("simulated", true)).when().put("/internal/v1/participants/" + id + "/simulated")
                .then().statusCode(200).body("simulated", equalTo(true));
        operator().when().get("/internal/v1/participants?q=Sandbox Proef&kind=creditor").then().statusCode(200)
                .body("items.find { it.id == '" + id + "' }.simulated", equalTo(true));
        problem(operator().body(Map.of()).when().put("/internal/v1/participants/" + id + "/simulated").then(), 400);
        problem(operator().body(Map.of("simulated", true)).when()
                .put("/internal/v1/participants/" + UUID.randomUUID() + "/simulated").then(), 404);
        operator().when().get("/internal/v1/participants/" + id + "/audit").then().statusCode(200)
                .body("findAll { it.action == 'participant.simulated-changed' }.size()", equalTo(1));
        operator().body(Map.of("simulated", false)).when().put("/internal/v1/participants/" + id + "/simulated")
                .then().statusCode(200).body("simulated", equalTo(false));
    }

    @Test
    void rotatesKeysWithOverlapAndRetiresThem() throws JoseException {
        String id = createCreditor("Woonstichting Sleutels");
        PublicJsonWebKey first = ec("rot-1-" + UUID.randomUUID());
        PublicJsonWebKey second = ec("rot-2-" + UUID.randomUUID());
        putKey(id, first, null).statusCode(204);
        putKey(id, second, "PT1H").statusCode(204);
        operator().when().get("/internal/v1/participants/" + id + "/keys")
                .then().statusCode(200)
                .body("kid", contains(second.getKeyId(), first.getKeyId()))
                .body("[0].notAfter", nullValue())
                .body("[1].notAfter", notNullValue())
                .body("[1].current", equalTo(true));
        operator().when().delete("/internal/v1/participants/" + id + "/keys/" + first.getKeyId())
                .then().statusCode(204);
        operator().when().get("/internal/v1/participants/" + id)
                .then().statusCode(200)
                .body("keyIds", contains(second.getKeyId()));
        problem(operator().when().delete("/internal/v1/participants/" + id + "/keys/unknown-kid").then(), 404);
        problem(putKey(id, ec("rot-3-" + UUID.randomUUID()), "P100D"), 400)
                .body("detail", equalTo("overlap must be between PT0S and PT2160H"));
        PublicJsonWebKey withPrivate = ec("rot-4-" + UUID.randomUUID());
        problem(operator().body(withPrivate.toJson(JsonWebKey.OutputControlLevel.INCLUDE_PRIVATE))
                .when().put("/internal/v1/participants/" + id + "/keys/" + withPrivate.getKeyId()).then(), 400)
                .body("type", equalTo("https://knooppunt.nl/problems/invalid-key"));
        operator().when().get("/internal/v1/participants/" + id + "/audit").then().statusCode(200)
                .body("action", contains("key.retired", "key.registered", "key.registered", "participant.created"))
                .body("[1].detail.rotatedKeys", equalTo(1));
    }

    @Test
    void operatorChangesNeedTheAdminGroupAndAnActor() {
        given().auth().oauth2(ServiceTokens.portal("registry.read", "registry.keys"))
                .header("Knooppunt-Actor", OPERATOR).contentType(ContentType.JSON)
                .body(creditor(randomOin(), "Geen Beheerder"))
                .when().post("/internal/v1/participants")
                .then().statusCode(403);
        problem(given().auth().oauth2(ServiceTokens.portal("registry.admin")).contentType(ContentType.JSON)
                .body(creditor(randomOin(), "Zonder Actor"))
                .when().post("/internal/v1/participants").then(), 400)
                .body("type", equalTo("https://knooppunt.nl/problems/actor-required"));
        given().contentType(ContentType.JSON).body(creditor(randomOin(), "Anoniem"))
                .when().post("/internal/v1/participants").then().statusCode(401);
        given().auth().oauth2(ServiceTokens.portal("registry.read"))
                .queryParam("q", "Geen Beheerder")
                .when().get("/internal/v1/participants")
                .then().statusCode(200).body("total", equalTo(0));
    }

    private static ValidatableResponse status(String id, String status) {
        return operator().body(Map.of("status", status, "reason", "test"))
                .when().put("/internal/v1/participants/" + id + "/status").then();
    }

    private static ValidatableResponse putKey(String id, PublicJsonWebKey key, String overlap) {
        RequestSpecification request = operator().body(key.toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY));
        if (overlap != null) {
            request = request.queryParam("overlap", overlap);
        }
        return request.when().put("/internal/v1/participants/" + id + "/keys/" + key.getKeyId()).then();
    }

    private static void invalid(Map<String, Object> body, String detail) {
        problem(operator().body(body).when().post("/internal/v1/participants").then(), 400)
                .body("type", equalTo("https://knooppunt.nl/problems/invalid-participant"))
                .body("detail", equalTo(detail));
    }

    static ValidatableResponse problem(ValidatableResponse response, int status) {
        return response.statusCode(status)
                .contentType(startsWith("application/problem+json"))
                .body("status", equalTo(status));
    }

    static PublicJsonWebKey ec(String kid) throws JoseException {
        PublicJsonWebKey key = EcJwkGenerator.generateJwk(EllipticCurves.P256, null, new SecureRandom());
        key.setKeyId(kid);
        return key;
    }
}
