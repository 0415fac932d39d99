package nl.knooppunt.localstack;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jwk.VerificationJwkSelector;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import nl.knooppunt.standard.crypto.HubSecrets;
import nl.knooppunt.standard.crypto.Jwks;

/**
 * Delivery across the running hub: the creditor switches to webhook delivery in the registry and receives a
 * signed push in this JVM, the counsellor keeps pulling from its mailbox; both follow their messages in the
 * events feed; an idempotent retry returns the first result and another body with the same key is 409.
 */
@ExtendWith(LocalStackExtension.class)
@Order(3)
class DeliveryIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String GEMEENTE_ID = "6a1f0c43-2d2b-4c55-9a0e-3f1f7a0d2a01";
    private static final String ENERGIE_ID = "b7e2d154-3e3c-4d66-8b1f-4a2a8b1e3b02";

    private static final List<String[]> PUSHES = new CopyOnWriteArrayList<>();
    private static HttpServer receiver;
    private static LocalStack stack;
    private static String api;
    private static String gemeente;
    private static String energie;

    @BeforeAll
    static void start(LocalStack running) throws IOException {
        stack = running;
        api = running.portalApiUrl().toString().replaceAll("/$", "");
        gemeente = running.token("demo-gemeente", "demo-gemeente-secret");
        energie = running.token("demo-energie", "demo-energie-secret");
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/energie/inbox", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            PUSHES.add(new String[] { body, exchange.getRequestHeaders().getFirst("Knooppunt-Signature") });
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
    }

    @AfterAll
    static void restore() {
        try {
            setDelivery(Map.of("mode", "mailbox"));
        } finally {
            receiver.stop(0);
        }
    }

    @Test
    void pushToTheCreditorPullByTheCounsellorWithStatusEventsAndIdempotency() throws Exception {
        String webhook = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/energie/inbox";
        setDelivery(Map.of("mode", "webhook", "webhookUrl", webhook));

        // push: routing picks the preference up from the participant snapshot; the first message after the change
        // may still reach the mailbox, so the counsellor sends until one is pushed
        String pushedId = null;
        for (int attempt = 0; attempt < 10 && pushedId == null; attempt++) {
            String id = send(gemeente, saldoverzoek(), null).then().statusCode(201).extract().path("id");
            try {
                await().atMost(Duration.ofSeconds(3)).until(() -> PUSHES.stream().anyMatch(p -> p[0].contains(id)));
                pushedId = id;
            } catch (org.awaitility.core.ConditionTimeoutException notPushed) {
                given().auth().oauth2(energie).post(api + "/api/v1/inbox/{id}/ack", id);
            }
        }
        assertTrue(pushedId != null, "a message was pushed to the creditor's webhook");
        String id = pushedId;
        String[] push = PUSHES.stream().filter(p -> p[0].contains(id)).findFirst().orElseThrow();
        JsonNode body = JSON.readTree(push[0]);
        assertEquals(ENERGIE_ID, body.path("envelope").path("recipient").asText());
        assertEquals(5, body.path("payload").asText().split("\\.").length, "the payload is a compact JWE");

        // the receiver verifies the signature with the hub's published keys
        JsonWebKeySet hubKeys = new JsonWebKeySet(given().get(api + "/api/v1/hub-keys").then().statusCode(200)
                .extract().asString());
        JsonWebSignature jws = new JsonWebSignature();
        jws.setCompactSerialization(push[1]);
        jws.setPayload(push[0]);
        jws.setKey(new VerificationJwkSelector().select(jws, hubKeys.getJsonWebKeys()).getKey());
        assertTrue(jws.verifySignature(), "push signature verifies with GET /api/v1/hub-keys");

        // routing records "delivered" once the receiver's 2xx is back, a moment after the receiver saw the push
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().auth().oauth2(gemeente).get(api + "/api/v1/messages/{id}", id).then().statusCode(200)
                        .body("status", equalTo("delivered")).body("deliveryMode", equalTo("webhook")));

        // pull: the creditor answers; the counsellor fetches from its mailbox and acknowledges
        ObjectNode answer = (ObjectNode) JSON.readTree(given().get(api
                + "/api/v1/standard/schuldinventarisatie/saldoverzoek-antwoord").then().statusCode(200)
                .extract().asString());
        ObjectNode antwoord = JSON.createObjectNode().put("module", "schuldinventarisatie")
                .put("type", "saldoverzoek-antwoord").put("recipient", GEMEENTE_ID).put("inReplyTo", id);
        antwoord.set("payload", answer.get("example"));
        String answerId = send(energie, antwoord, null).then().statusCode(201).extract().path("id");
        await().atMost(Duration.ofSeconds(20)).until(() -> given().auth().oauth2(gemeente)
                .get(api + "/api/v1/inbox").then().extract().jsonPath().getList("items.id").contains(answerId));
        given().auth().oauth2(gemeente).get(api + "/api/v1/inbox/{id}", answerId).then().statusCode(200);
        given().auth().oauth2(gemeente).post(api + "/api/v1/inbox/{id}/ack", answerId).then().statusCode(204);

        // both senders see every status change of their messages in their events feed
        await().atMost(Duration.ofSeconds(20)).until(() -> events(energie, answerId)
                .equals(List.of("accepted", "delivered", "fetched", "acknowledged")));
        await().atMost(Duration.ofSeconds(20)).until(() -> events(gemeente, id)
                .equals(List.of("accepted", "delivered")));

        // idempotency: a retry returns the first result, another body with the same key is refused
        String key = UUID.randomUUID().toString();
        ObjectNode again = saldoverzoek();
        Response first = send(gemeente, again, key);
        first.then().statusCode(201);
        Response retry = send(gemeente, again, key);
        retry.then().statusCode(201).header("Idempotent-Replayed", "true");
        assertEquals(first.jsonPath().getString("id"), retry.jsonPath().getString("id"));
        ObjectNode other = saldoverzoek();
        ((ObjectNode) other.get("payload")).put("peildatum", "2026-01-02");
        send(gemeente, other, key).then().statusCode(409).contentType("application/problem+json");
    }

    private static List<String> events(String token, String messageId) {
        List<Map<String, Object>> items = given().auth().oauth2(token).get(api + "/api/v1/events?limit=500")
                .then().statusCode(200).extract().jsonPath().getList("items");
        return items.stream().filter(e -> messageId.equals(e.get("messageId")))
                .map(e -> (String) e.get("event")).toList();
    }

    private static Response send(String token, JsonNode request, String idempotencyKey) {
        var spec = given().auth().oauth2(token).contentType(ContentType.JSON).body(request.toString());
        if (idempotencyKey != null) {
            spec = spec.header("Idempotency-Key", idempotencyKey);
        }
        return spec.post(api + "/api/v1/messages");
    }

    private static ObjectNode saldoverzoek() throws IOException {
        JsonNode type = JSON.readTree(given().get(api + "/api/v1/standard/schuldinventarisatie/saldoverzoek")
                .then().statusCode(200).extract().asString());
        ObjectNode request = JSON.createObjectNode().put("module", "schuldinventarisatie").put("type", "saldoverzoek")
                .put("recipient", ENERGIE_ID);
        request.set("payload", type.get("example").deepCopy());
        return request;
    }

    /** Sets the creditor's delivery preference through the registry's operator API, as portal-api would. */
    private static void setDelivery(Map<String, String> delivery) {
        given().auth().oauth2(registryAdminToken()).header("Knooppunt-Actor", "delivery-it")
                .contentType(ContentType.JSON).body(delivery)
                .put(stack.serviceUrl(Service.REGISTRY).toString().replaceAll("/$", "")
                        + "/internal/v1/participants/{id}/delivery", ENERGIE_ID)
                .then().statusCode(200);
    }

    private static String registryAdminToken() {
        try {
            PublicJsonWebKey key = Jwks.readPrivateKey(stack.secretsDir().resolve(HubSecrets.PORTAL_API_SIGNING_KEY));
            JwtClaims claims = new JwtClaims();
            claims.setIssuer("urn:knooppunt:services");
            claims.setSubject("portal-api");
            claims.setAudience("registry-service");
            claims.setStringListClaim("groups", List.of("registry.admin"));
            claims.setIssuedAtToNow();
            claims.setExpirationTimeMinutesInTheFuture(5);
            JsonWebSignature jws = new JsonWebSignature();
            jws.setPayload(claims.toJson());
            jws.setKey(key.getPrivateKey());
            jws.setKeyIdHeaderValue(key.getKeyId());
            jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256);
            return jws.getCompactSerialization();
        } catch (Exception e) {
            throw new IllegalStateException("cannot sign a service token", e);
        }
    }
}
