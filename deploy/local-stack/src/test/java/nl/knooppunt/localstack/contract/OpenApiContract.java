package nl.knooppunt.localstack.contract;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;

import io.restassured.filter.Filter;
import io.restassured.filter.FilterContext;
import io.restassured.response.Response;
import io.restassured.specification.FilterableRequestSpecification;
import io.restassured.specification.FilterableResponseSpecification;

/**
 * The hub's OpenAPI document as a contract every real answer must keep (ADR 0043): as a RestAssured filter it checks
 * each response against the document the running portal-api serves. The operation (path template and method) must be
 * documented, the status documented for it, a body must be of a documented media type and valid against its schema
 * (JSON Schema 2020-12, the dialect of OpenAPI 3.1), and {@code API-Version} must be the document's version. The body
 * of an accepted request (2xx) must be valid against the request schema too. A breach fails the request that caused
 * it, naming the operation, the status and what is wrong.
 */
public final class OpenApiContract implements Filter {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final JsonNode document;
    private final String version;
    private final List<Template> templates;
    private final SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
    private final Map<String, Schema> schemas = new ConcurrentHashMap<>();
    private final List<String> checked = new CopyOnWriteArrayList<>();

    private record Template(String path, Pattern pattern, int parameters) {
    }

    /** The contract of this document ({@code GET /q/openapi?format=json}). */
    public OpenApiContract(JsonNode document) {
        this.document = document;
        this.version = document.path("info").path("version").asText();
        List<Template> all = new ArrayList<>();
        document.path("paths").fieldNames().forEachRemaining(path -> all.add(new Template(path,
                Pattern.compile(Pattern.quote(path).replaceAll("\\{[^}]+}", "\\\\E[^/]+\\\\Q")),
                path.split("\\{", -1).length - 1)));
        all.sort(Comparator.comparingInt(Template::parameters));
        this.templates = List.copyOf(all);
    }

    /** Every answer checked so far, as {@code METHOD /template STATUS}. */
    public List<String> checked() {
        return List.copyOf(checked);
    }

    @Override
    public Response filter(FilterableRequestSpecification request, FilterableResponseSpecification response,
            FilterContext context) {
        Response answer = context.next(request, response);
        String path = java.net.URI.create(request.getURI()).getPath();
        if (!path.startsWith("/api/")) {
            return answer;
        }
        String method = request.getMethod().toLowerCase(Locale.ROOT);
        String body = answer.asString();
        List<String> faults = check(method, path, answer.statusCode(), answer.contentType(), body,
                answer.header("API-Version"));
        if (answer.statusCode() / 100 == 2 && request.getBody() != null) {
            faults.addAll(checkRequest(method, path, request.getContentType(), text(request.getBody())));
        }
        if (!faults.isEmpty()) {
            throw new AssertionError("the answer breaks the OpenAPI document: " + method.toUpperCase(Locale.ROOT)
                    + " " + path + " " + answer.statusCode() + ": " + String.join("; ", faults) + "\nbody: "
                    + (body.length() > 2000 ? body.substring(0, 2000) + "..." : body));
        }
        return answer;
    }

    /** What is wrong with this answer; empty when it keeps the contract. */
    public List<String> check(String method, String path, int status, String contentType, String body,
            String apiVersion) {
        List<String> faults = new ArrayList<>();
        Optional<Template> template = template(path, method);
        if (template.isEmpty()) {
            faults.add("no operation " + method + " " + path + " in the document");
            return faults;
        }
        JsonNode operation = document.path("paths").path(template.get().path()).path(method);
        checked.add(method.toUpperCase(Locale.ROOT) + " " + template.get().path() + " " + status);
        if (!version.equals(apiVersion)) {
            faults.add("API-Version is " + apiVersion + ", the document's version " + version);
        }
        JsonNode responses = operation.path("responses");
        JsonNode documented = responses.has(Integer.toString(status)) ? responses.get(Integer.toString(status))
                : responses.has(status / 100 + "XX") ? responses.get(status / 100 + "XX") : responses.get("default");
        if (documented == null) {
            faults.add("status " + status + " is not documented (documented: " + fieldNames(responses) + ")");
            return faults;
        }
        documented = resolve(documented);
        if (body == null || body.isEmpty()) {
            return faults;
        }
        String mediaType = contentType == null ? "" : contentType.split(";")[0].trim().toLowerCase(Locale.ROOT);
        JsonNode content = documented.path("content");
        if (!content.has(mediaType)) {
            faults.add("a body of " + mediaType + " is not documented (documented: " + fieldNames(content) + ")");
            return faults;
        }
        faults.addAll(validate(content.get(mediaType).path("schema"), body, "response"));
        return faults;
    }

    private List<String> checkRequest(String method, String path, String contentType, String body) {
        Optional<Template> template = template(path, method);
        if (template.isEmpty() || contentType == null || !contentType.contains("json")) {
            return List.of();
        }
        JsonNode requestBody = resolve(document.path("paths").path(template.get().path()).path(method)
                .path("requestBody"));
        JsonNode media = requestBody.path("content").path("application/json");
        if (media.isMissingNode()) {
            return List.of("a request body of application/json is not documented");
        }
        return validate(media.path("schema"), body, "request");
    }

    private static String text(Object body) {
        if (body instanceof String string) {
            return string;
        }
        if (body instanceof byte[] bytes) {
            return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
        }
        try {
            return JSON.writeValueAsString(body);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private Optional<Template> template(String path, String method) {
        return templates.stream().filter(t -> t.pattern().matcher(path).matches()
                && document.path("paths").path(t.path()).has(method)).findFirst();
    }

    private List<String> validate(JsonNode schemaNode, String body, String what) {
        if (schemaNode.isMissingNode()) {
            return List.of();
        }
        JsonNode instance;
        try {
            instance = JSON.readTree(body);
        } catch (Exception e) {
            return List.of("the " + what + " body is not JSON");
        }
        Schema schema = schemas.computeIfAbsent(schemaNode.toString(),
                key -> registry.getSchema(standalone(schemaNode)));
        List<String> faults = new ArrayList<>();
        for (Error error : schema.validate(instance)) {
            faults.add(what + " " + error.getInstanceLocation() + ": " + error.getMessage());
        }
        return faults;
    }

    /** The schema with the document's component schemas as {@code $defs}, so its references resolve on their own. */
    private JsonNode standalone(JsonNode schema) {
        try {
            ObjectNode standalone = JSON.createObjectNode();
            standalone.put("$schema", "https://json-schema.org/draft/2020-12/schema");
            standalone.set("$defs", document.path("components").path("schemas"));
            standalone.set("allOf", JSON.createArrayNode().add(schema));
            return JSON.readTree(standalone.toString().replace("\"#/components/schemas/", "\"#/$defs/"));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private JsonNode resolve(JsonNode node) {
        JsonNode current = node;
        for (int hops = 0; current.has("$ref") && hops < 5; hops++) {
            current = document.at(current.get("$ref").asText().substring(1));
        }
        return current;
    }

    private static String fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext();) {
            names.add(it.next());
        }
        return String.join(", ", names);
    }
}
