package nl.knooppunt.localstack;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;

import io.restassured.http.ContentType;

/**
 * Dashboards and alerts name only metrics that exist (issue 19, ADR 0044): one message goes through the running hub,
 * then every service is scraped; each exports at least three {@code knooppunt_} metrics, and every metric named in
 * the Grafana dashboards and the PrometheusRules under deploy/ is exported by a service, or by one of the cluster's
 * exporters listed here.
 */
@ExtendWith(LocalStackExtension.class)
@org.junit.jupiter.api.Order(58)
class MonitoringIT {

    private static final String ENERGIE_ID = "b7e2d154-3e3c-4d66-8b1f-4a2a8b1e3b02";
    /** A metric name in PromQL: the prefixes the hub's dashboards and alerts use. */
    private static final Pattern METRIC = Pattern.compile(
            "\\b((?:knooppunt|http_server|kafka|kube|jvm|process|vertx)_[a-zA-Z0-9_]*[a-zA-Z0-9])\\b");
    /** Metrics of the cluster's own exporters (kube-state-metrics, Strimzi's Kafka Exporter), not of a service. */
    private static final Set<String> EXTERNAL = Set.of("kube_deployment_status_replicas_available",
            "kube_deployment_spec_replicas", "kube_pod_container_status_restarts_total", "kafka_consumergroup_lag");

    @Test
    void everyMetricADashboardOrAlertNamesIsExported(LocalStack stack) throws IOException {
        String api = stack.portalApiUrl().toString().replaceAll("/$", "");
        String gemeente = stack.token("demo-gemeente", "demo-gemeente-secret");
        String energie = stack.token("demo-energie", "demo-energie-secret");
        JsonNode example = given().get(api + "/api/v1/standard/schuldinventarisatie/saldoverzoek").then()
                .statusCode(200).extract().as(JsonNode.class).get("example");
        String id = given().auth().oauth2(gemeente).contentType(ContentType.JSON)
                .body(Map.of("module", "schuldinventarisatie", "type", "saldoverzoek", "recipient", ENERGIE_ID,
                        "payload", example))
                .post(api + "/api/v1/messages").then().statusCode(201).extract().path("id");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().auth().oauth2(energie)
                .get(api + "/api/v1/inbox").then().statusCode(200).body("items.id", hasItem(id)));
        given().auth().oauth2(energie).get(api + "/api/v1/inbox/" + id).then().statusCode(200);
        given().auth().oauth2(energie).post(api + "/api/v1/inbox/" + id + "/ack").then().statusCode(204);

        Set<String> exported = new TreeSet<>();
        Map<String, Set<String>> domainByService = new TreeMap<>();
        for (Service.Spec service : Service.instances(stack.replicas())) {
            Set<String> names = names(given().get(service.baseUrl() + "/q/metrics").then().statusCode(200)
                    .extract().asString());
            exported.addAll(names);
            domainByService.computeIfAbsent(service.name(), k -> new TreeSet<>())
                    .addAll(names.stream().filter(n -> n.startsWith("knooppunt_")).toList());
        }
        assertEquals(4, domainByService.size());
        domainByService.forEach((service, names) -> assertTrue(names.size() >= 3,
                service + " exports fewer than three knooppunt_ metrics: " + names));

        Path deploy = StackLayout.detectRepoRoot().resolve("deploy");
        List<Path> sources = new ArrayList<>();
        try (Stream<Path> files = Files.walk(deploy.resolve("kubernetes"))) {
            files.filter(f -> !f.toString().contains("node_modules") && !f.toString().contains("/target/"))
                    .filter(f -> f.toString().endsWith(".json") && f.toString().contains("dashboards")
                            || f.toString().endsWith(".yaml") && read(f).contains("kind: PrometheusRule"))
                    .forEach(sources::add);
        }
        assertTrue(sources.stream().anyMatch(f -> f.toString().endsWith(".json")), "no dashboard found: " + sources);
        assertTrue(sources.stream().anyMatch(f -> f.toString().endsWith(".yaml")), "no alert rules found: " + sources);
        Map<String, Set<String>> missing = new TreeMap<>();
        for (Path source : sources) {
            Matcher m = METRIC.matcher(read(source));
            while (m.find()) {
                String name = m.group(1);
                if (!exported.contains(name) && !EXTERNAL.contains(name)) {
                    missing.computeIfAbsent(deploy.relativize(source).toString(), k -> new TreeSet<>()).add(name);
                }
            }
        }
        assertTrue(missing.isEmpty(), "named but exported by no service: " + missing);
    }

    /** The names of every sample in a Prometheus scrape. */
    private static Set<String> names(String scrape) {
        return scrape.lines().filter(line -> !line.isBlank() && !line.startsWith("#"))
                .map(line -> line.split("[{ ]", 2)[0]).collect(Collectors.toCollection(TreeSet::new));
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
