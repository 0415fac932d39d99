package nl.knooppunt.localstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;

import org.junit.jupiter.api.Test;

/** The local stack exports traces only when asked (ADR 0047). */
class TracingTest {

    @Test
    void noEndpointNoExport() {
        assertEquals(Map.of(), Tracing.fromEnvironment(Map.of()));
        assertEquals(Map.of(), Tracing.fromEnvironment(Map.of(Tracing.ENDPOINT_VARIABLE, " ")));
    }

    @Test
    void anEndpointExportsEverySubmissionUnlessARatioIsGiven() {
        Map<String, String> env = Tracing.fromEnvironment(Map.of(Tracing.ENDPOINT_VARIABLE, "http://localhost:4318"));
        assertEquals("http://localhost:4318", env.get("QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT"));
        assertEquals("http/protobuf", env.get("QUARKUS_OTEL_EXPORTER_OTLP_PROTOCOL"));
        assertEquals("1.0", env.get("QUARKUS_OTEL_TRACES_SAMPLER_ARG"));
        assertEquals("0.25", Tracing.fromEnvironment(Map.of(Tracing.ENDPOINT_VARIABLE, "http://localhost:4318",
                Tracing.RATIO_VARIABLE, "0.25")).get("QUARKUS_OTEL_TRACES_SAMPLER_ARG"));
        assertThrows(LocalStackException.class, () -> Tracing.fromEnvironment(Map.of(Tracing.ENDPOINT_VARIABLE,
                "http://localhost:4318", Tracing.RATIO_VARIABLE, "2")));
    }
}
