package nl.knooppunt.sandbox.conformance;

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

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import nl.knooppunt.client.Acknowledgements;
import nl.knooppunt.client.ClientCredentials;
import nl.knooppunt.client.EventPage;
import nl.knooppunt.client.InboxMessage;
import nl.knooppunt.client.InboxQuery;
import nl.knooppunt.client.KnooppuntClient;
import nl.knooppunt.client.KnooppuntException;
import nl.knooppunt.client.MessageStatus;
import nl.knooppunt.client.NewMessage;
import nl.knooppunt.client.PayloadDecryptor;
import nl.knooppunt.client.ProblemException;
import nl.knooppunt.client.SubmitResult;

/** The participant under test over the public API, with knooppunt-client (and plain HTTP for /me and the directory). */
public final class ClientHub implements Hub {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI api;
    private final ClientCredentials credentials;
    private final String participant;
    private final KnooppuntClient client;
    private final PayloadDecryptor keys;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    /**
     * @param hubUrl      the hub (scheme, host, port)
     * @param credentials the API client's tokens
     * @param participant the participant to act for ({@code Knooppunt-Participant}), null when the client has one
     * @param keys        the participant's private keys, null when the suite cannot open own-key payloads
     */
    public ClientHub(URI hubUrl, ClientCredentials credentials, String participant, PayloadDecryptor keys) {
        this.api = URI.create(hubUrl.toString().replaceAll("/+$", "") + "/api/v1");
        this.credentials = credentials;
        this.participant = participant;
        KnooppuntClient built = KnooppuntClient.builder(hubUrl).credentials(credentials).build();
        this.client = participant == null ? built : built.actingFor(participant);
        this.keys = keys;
    }

    @Override
    public JsonNode me() {
        return get("/me");
    }

    @Override
    public List<JsonNode> directory(String q, String kind) {
        JsonNode page = get("/participants?q=" + encode(q) + "&kind=" + encode(kind) + "&size=50");
        List<JsonNode> items = new ArrayList<>();
        page.path("items").forEach(items::add);
        return items;
    }

    @Override
    public SubmitResult submit(NewMessage message, String idempotencyKey) {
        return client.submit(message, idempotencyKey);
    }

    @Override
    public List<InboxMessage> inbox(InboxQuery query) {
        return client.inbox().list(query).items();
    }

    @Override
    public Acknowledgements acknowledge(List<String> ids) {
        return client.inbox().acknowledge(ids);
    }

    @Override
    public InboxMessage fetch(String id) {
        return client.fetch(id);
    }

    @Override
    public MessageStatus status(String id) {
        return client.status(id);
    }

    @Override
    public EventPage events(String after, int limit) {
        return client.events(after, limit);
    }

    @Override
    public JsonNode content(InboxMessage message) {
        if (message.encryptedPayload() == null || keys == null) {
            return null;
        }
        try {
            return keys.content(message);
        } catch (KnooppuntException e) {
            return null;
        }
    }

    private JsonNode get(String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(api + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + credentials.accessToken()).header("Accept", "application/json");
        if (participant != null) {
            request.header("Knooppunt-Participant", participant);
        }
        try {
            HttpResponse<String> response = http.send(request.GET().build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            if (response.statusCode() != 200) {
                throw new ProblemException(response.statusCode(), null, "GET " + path + " answered "
                        + response.statusCode(), response.body(), List.of(), null);
            }
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new KnooppuntException("GET " + api + path + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KnooppuntException("interrupted", e);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
