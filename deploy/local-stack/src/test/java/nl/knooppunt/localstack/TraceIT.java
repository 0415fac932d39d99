package nl.knooppunt.localstack;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;

import io.restassured.http.ContentType;
import nl.knooppunt.localstack.canary.MarkedPayload;
import nl.knooppunt.localstack.canary.Markers;
import nl.knooppunt.localstack.trace.OtlpCollector;
import nl.knooppunt.standard.catalogue.Catalogue;
import nl.knooppunt.standard.catalogue.MessageType;
import nl.knooppunt.standard.catalogue.ParticipantKind;

/**
 * One submission, one trace (issue 19, ADR 0047). The end-to-end stack's services export their spans over OTLP/HTTP to
 * an in-test collector ({@link LocalStackExtension#collector()}); they sample nothing of their own, so this test's
 * requests carry a sampled W3C {@code traceparent}, as a vendor's own tracing would send it. A submission whose
 * payload carries the canary markers must yield one connected trace: the same trace id, every span's parent in the
 * trace (or this test's client span), and spans of portal-api, validation-service and routing-service, down to
 * routing's store with the message's metadata. The recipient's fetch and acknowledgement are traces of their own,
 * linked by {@code knooppunt.message.id}. No exported byte holds a payload marker, the payload's ciphertext or a
 * bearer token, and query-string values are redacted.
 */
@ExtendWith(LocalStackExtension.class)
@Order(57)
class TraceIT {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Set<String> MESSAGE_PATH = Set.of("portal-api", "validation-service", "routing-service");

    @Test
    void oneSubmissionIsOneConnectedTraceWithMetadataOnly(LocalStack stack) {
        OtlpCollector collector = LocalStackExtension.collector();
        String api = stack.portalApiUrl().toString().replaceAll("/$", "");
        String gemeente = stack.token(Demo.GEMEENTE_CLIENT.clientId(), Demo.GEMEENTE_CLIENT.secret());
        String energie = stack.token(Demo.ENERGIE_CLIENT.clientId(), Demo.ENERGIE_CLIENT.secret());
        Markers markers = Markers.random();
        MessageType saldoverzoek = Catalogue.standard().messageType("schuldinventarisatie", "saldoverzoek")
                .orElseThrow();
        JsonNode example = given().get(api + "/api/v1/standard/schuldinventarisatie/saldoverzoek").then()
                .statusCode(200).extract().as(JsonNode.class).get("example");
        MarkedPayload marked = MarkedPayload.of(saldoverzoek, example, ParticipantKind.COUNSELLOR_PHASE_1, markers);

        // the submission, in a trace this test starts (its client span is the trace's root)
        String submitTrace = hex(16);
        String clientSpan = hex(8);
        String id = given().auth().oauth2(gemeente).header("traceparent", traceparent(submitTrace, clientSpan))
                .contentType(ContentType.JSON)
                .body(Map.of("module", "schuldinventarisatie", "type", "saldoverzoek", "recipient",
                        Demo.ENERGIE_PARTICIPANT_ID, "payload", marked.payload()))
                .post(api + "/api/v1/messages").then().statusCode(201).extract().path("id");

        // the recipient's fetch and acknowledgement, each in a trace of its own
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(energie)
                .get(api + "/api/v1/inbox").then().statusCode(200).body("items.id", hasItem(id)));
        String fetchTrace = hex(16);
        JsonNode fetched = given().auth().oauth2(energie).header("traceparent", traceparent(fetchTrace, hex(8)))
                .get(api + "/api/v1/inbox/" + id).then().statusCode(200).extract().as(JsonNode.class);
        String ackTrace = hex(16);
        given().auth().oauth2(energie).header("traceparent", traceparent(ackTrace, hex(8)))
                .post(api + "/api/v1/inbox/" + id + "/ack").then().statusCode(204);
        // a query string: its values never reach a span
        String listTrace = hex(16);
        given().auth().oauth2(energie).header("traceparent", traceparent(listTrace, hex(8)))
                .queryParam("module", "schuldinventarisatie").queryParam("type", "saldoverzoek")
                .get(api + "/api/v1/inbox").then().statusCode(200);

        // the submission's trace: the three services, down to routing's store, every parent present
        await().atMost(Duration.ofSeconds(45)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            List<OtlpCollector.Span> trace = collector.trace(submitTrace);
            String described = collector.stats() + "\n" + OtlpCollector.describe(trace);
            assertTrue(services(trace).containsAll(MESSAGE_PATH), "services in the trace " + services(trace)
                    + ":\n" + described);
            assertTrue(trace.stream().anyMatch(s -> s.service().equals("routing-service")
                    && s.name().equals("routing store") && id.equals(s.attribute("knooppunt.message.id"))),
                    "no routing store span of message " + id + ":\n" + described);
            assertEquals(List.of(), orphans(trace, clientSpan), "spans whose parent is not in the trace:\n"
                    + described);
        });
        List<OtlpCollector.Span> trace = collector.trace(submitTrace);
        String described = OtlpCollector.describe(trace);
        System.out.println("TraceIT: the submission's trace " + submitTrace + " (" + collector.stats() + ")\n"
                + described);
        assertTrue(trace.stream().allMatch(s -> s.traceId().equals(submitTrace)));
        // the trace's spans form one tree under the test's client span: exactly one span hangs from it
        assertEquals(1, trace.stream().filter(s -> s.parentSpanId().equals(clientSpan)).count(),
                "one entry span under the client's:\n" + described);
        assertEquals("portal-api", trace.stream().filter(s -> s.parentSpanId().equals(clientSpan)).findFirst()
                .orElseThrow().service());
        for (String service : MESSAGE_PATH) {
            assertTrue(trace.stream().anyMatch(s -> s.service().equals(service)
                    && id.equals(s.attribute("knooppunt.message.id"))
                    && "schuldinventarisatie".equals(s.attribute("knooppunt.module"))
                    && "saldoverzoek".equals(s.attribute("knooppunt.type"))
                    && Demo.GEMEENTE_PARTICIPANT_ID.equals(s.attribute("knooppunt.sender"))
                    && Demo.ENERGIE_PARTICIPANT_ID.equals(s.attribute("knooppunt.recipient"))),
                    service + " has no span with the message's metadata:\n" + described);
        }
        // a Kafka hop each way: portal-api -> validation-service, validation-service -> routing-service
        assertTrue(crosses(trace, "portal-api", "validation-service"), "no portal-api -> validation hop:\n"
                + described);
        assertTrue(crosses(trace, "validation-service", "routing-service"), "no validation -> routing hop:\n"
                + described);

        // the fetch and the acknowledgement: traces of their own, linked by the message id
        for (String other : List.of(fetchTrace, ackTrace)) {
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                List<OtlpCollector.Span> spans = collector.trace(other);
                assertTrue(spans.stream().anyMatch(s -> s.service().equals("routing-service")
                        && id.equals(s.attribute("knooppunt.message.id"))),
                        "routing-service's span of trace " + other + " names the message:\n"
                                + OtlpCollector.describe(spans));
                assertTrue(spans.stream().anyMatch(s -> s.service().equals("portal-api")
                        && id.equals(s.attribute("knooppunt.message.id"))),
                        "portal-api's span of trace " + other + " names the message:\n"
                                + OtlpCollector.describe(spans));
            });
        }
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertTrue(collector.trace(listTrace).stream()
                .anyMatch(s -> "module=*&type=*".equals(s.attribute("url.query"))),
                "the inbox listing's url.query, values redacted:\n"
                        + OtlpCollector.describe(collector.trace(listTrace))));

        // metadata only: no marker, ciphertext or token in any exported byte, span attribute or event
        List<String> secrets = new ArrayList<>(List.of(gemeente, energie, "Bearer ", "bearer "));
        String ciphertext = fetched.path("encryptedPayload").asText("");
        if (ciphertext.split("\\.").length == 5) {
            secrets.add(ciphertext.split("\\.")[3]);
        }
        for (byte[] body : collector.bodies()) {
            String text = new String(body, StandardCharsets.ISO_8859_1);
            assertEquals(List.of(), markers.foundIn(body), "a payload marker in an OTLP export");
            for (String secret : secrets) {
                assertFalse(text.contains(secret), "a token or the ciphertext in an OTLP export");
            }
        }
        for (OtlpCollector.Span span : collector.spans()) {
            List<String> values = new ArrayList<>(span.attributes().values());
            span.events().forEach(event -> values.addAll(event.attributes().values()));
            values.add(span.name());
            for (String value : values) {
                assertEquals(List.of(), markers.foundIn(value), "a payload marker in " + span);
                assertFalse(secrets.stream().anyMatch(value::contains), "a token or the ciphertext in " + span);
            }
            assertFalse(span.attributes().keySet().stream().anyMatch(k -> k.toLowerCase().contains("authorization")),
                    "an Authorization header recorded in " + span);
        }
    }

    /** Spans whose parent is neither another span of the trace nor the client's span. */
    private static List<String> orphans(List<OtlpCollector.Span> trace, String clientSpan) {
        Set<String> ids = trace.stream().map(OtlpCollector.Span::spanId).collect(Collectors.toSet());
        return trace.stream().filter(s -> !s.parentSpanId().equals(clientSpan) && !ids.contains(s.parentSpanId()))
                .map(s -> s.service() + " " + s.name()).toList();
    }

    /** Whether a span of {@code to} has its parent in {@code from}. */
    private static boolean crosses(List<OtlpCollector.Span> trace, String from, String to) {
        Set<String> fromIds = trace.stream().filter(s -> s.service().equals(from)).map(OtlpCollector.Span::spanId)
                .collect(Collectors.toSet());
        return trace.stream().anyMatch(s -> s.service().equals(to) && fromIds.contains(s.parentSpanId()));
    }

    private static Set<String> services(List<OtlpCollector.Span> trace) {
        return trace.stream().map(OtlpCollector.Span::service).collect(Collectors.toCollection(TreeSet::new));
    }

    private static String traceparent(String traceId, String spanId) {
        return "00-" + traceId + "-" + spanId + "-01";
    }

    private static String hex(int bytes) {
        byte[] random = new byte[bytes];
        RANDOM.nextBytes(random);
        return HexFormat.of().formatHex(random);
    }
}
