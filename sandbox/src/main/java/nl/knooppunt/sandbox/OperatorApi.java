package nl.knooppunt.sandbox;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import nl.knooppunt.client.ClientCredentials;

/**
 * Onboarding of the simulated participants through the hub's operator API ({@code /api/v1/operator}), as a hub
 * operator of a test environment does it: register each (active, its modules, mailbox), mark it simulated, register
 * the public half of its key and give the counterpart's API client a mandate for it. Idempotent: a restart finds
 * them by OIN and changes nothing that is already so.
 */
public final class OperatorApi {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI api;
    private final ClientCredentials operator;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    public OperatorApi(URI hubUrl, ClientCredentials operator) {
        this.api = URI.create(hubUrl.toString().replaceAll("/+$", "") + "/api/v1/operator");
        this.operator = operator;
    }

    /**
     * Makes sure the participant exists as a simulated, active participant with its modules and this public key,
     * and that {@code clientId} may act for it.
     *
     * @return its participant id
     */
    public String onboard(SandboxParticipant p, JsonNode publicJwk, String kid, String clientId) {
        String id = findByOin(p.oin());
        if (id == null) {
            ObjectNode body = JSON.createObjectNode().put("oin", p.oin()).put("kvk", p.kvk()).put("name", p.name())
                    .put("kind", p.kind()).put("status", "active");
            if (p.sector() != null) {
                body.put("sector", p.sector());
            }
            p.modules().forEach(body.putArray("modules")::add);
            body.putObject("delivery").put("mode", "mailbox");
            id = call("POST", "/participants", body, 201).path("id").asText();
        } else {
            for (String module : p.modules()) {
                call("PUT", "/participants/" + id + "/modules/" + module, null, 200);
            }
            JsonNode current = call("GET", "/participants/" + id, null, 200);
            if (current.path("status").asText().equals("onboarding")
                    || current.path("status").asText().equals("suspended")) {
                call("PUT", "/participants/" + id + "/status", JSON.createObjectNode().put("status", "active")
                        .put("reason", "sandbox counterpart started"), 200);
            }
        }
        call("PUT", "/participants/" + id + "/simulated", JSON.createObjectNode().put("simulated", true), 200);
        call("PUT", "/participants/" + id + "/keys/" + encode(kid), publicJwk, 204);
        call("PUT", "/clients/" + encode(clientId) + "/participants/" + id, null, 204);
        return id;
    }

    private String findByOin(String oin) {
        JsonNode page = call("GET", "/participants?oin=" + encode(oin), null, 200);
        List<String> ids = new ArrayList<>();
        page.path("items").forEach(item -> {
            if (oin.equals(item.path("oin").asText())) {
                ids.add(item.path("id").asText());
            }
        });
        return ids.isEmpty() ? null : ids.get(0);
    }

    private JsonNode call(String method, String path, JsonNode body, int expected) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(api + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + operator.accessToken()).header("Accept", "application/json");
        if (body != null) {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(body.toString()));
        } else if (method.equals("PUT") || method.equals("POST")) {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        try {
            HttpResponse<String> response = http.send(request.build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            if (response.statusCode() != expected) {
                throw new IllegalStateException(method + " " + api + path + " answered " + response.statusCode()
                        + " (expected " + expected + "): " + response.body());
            }
            return response.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + api + path + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    static Map<String, Object> publicJwk(com.nimbusds.jose.jwk.JWK key) {
        return key.toPublicJWK().toJSONObject();
    }
}
