package nl.knooppunt.localstack;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Trace export of the local stack's services (ADR 0047). Off unless asked for: the services sample no trace by
 * default, so they never connect to a collector. {@code KNOOPPUNT_OTLP_ENDPOINT} (an OTLP/HTTP collector, e.g.
 * {@code http://localhost:4318}) turns it on for every service; {@code KNOOPPUNT_OTLP_SAMPLE_RATIO} (default 1.0)
 * sets the share of new traces kept. A request that arrives with a sampled W3C {@code traceparent} is traced whatever
 * the ratio (parent-based sampling), which is how the end-to-end stack traces only TraceIT's submission.
 */
public final class Tracing {

    /** The collector's OTLP/HTTP base URL, e.g. {@code http://localhost:4318}. */
    public static final String ENDPOINT_VARIABLE = "KNOOPPUNT_OTLP_ENDPOINT";
    /** The share of new traces sampled when an endpoint is set, 0.0 to 1.0. */
    public static final String RATIO_VARIABLE = "KNOOPPUNT_OTLP_SAMPLE_RATIO";

    private Tracing() {
    }

    /** The services' environment for the launcher's own environment: empty when no endpoint is set. */
    public static Map<String, String> fromEnvironment(Map<String, String> environment) {
        String endpoint = environment.get(ENDPOINT_VARIABLE);
        if (endpoint == null || endpoint.isBlank()) {
            return Map.of();
        }
        String ratio = environment.getOrDefault(RATIO_VARIABLE, "1.0");
        double parsed;
        try {
            parsed = Double.parseDouble(ratio);
        } catch (NumberFormatException e) {
            throw new LocalStackException(RATIO_VARIABLE + " must be a number from 0.0 to 1.0, not '" + ratio + "'");
        }
        if (parsed < 0 || parsed > 1) {
            throw new LocalStackException(RATIO_VARIABLE + " must be a number from 0.0 to 1.0, not '" + ratio + "'");
        }
        return export(URI.create(endpoint.trim()), parsed);
    }

    /**
     * The Quarkus settings that export every sampled span to {@code endpoint} over OTLP/HTTP (protobuf), sampling
     * {@code ratio} of the traces the hub starts itself; spans are sent every second.
     */
    public static Map<String, String> export(URI endpoint, double ratio) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT", endpoint.toString());
        env.put("QUARKUS_OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf");
        env.put("QUARKUS_OTEL_TRACES_SAMPLER_ARG", Double.toString(ratio));
        env.put("QUARKUS_OTEL_BSP_SCHEDULE_DELAY", "1s");
        return env;
    }
}
