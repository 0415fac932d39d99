package nl.knooppunt.registry;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import nl.knooppunt.registry.metrics.RegistryMetrics;
import nl.knooppunt.testsupport.HubSecretsTestResource;
import nl.knooppunt.testsupport.KafkaTestResource;
import nl.knooppunt.testsupport.PostgresTestResource;

@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(HubSecretsTestResource.class)
@QuarkusTestResource(KafkaTestResource.class)
class RegistryMetricsTest {

    private static final String CREDITORS = "kind=\"creditor\",status=\"onboarding\"";
    private static final String CREATED = "action=\"participant.created\"";

    @Inject
    RegistryMetrics metrics;

    @Test
    void anOperatorChangeShowsInParticipantsChangesAndSnapshotPublicationsWithoutIds() {
        metrics.refresh().await().indefinitely();
        double creditorsBefore = value("knooppunt_registry_participants", CREDITORS);
        double createdBefore = value("knooppunt_registry_changes_total", CREATED);
        double publishedBefore = value("knooppunt_registry_snapshots_published_total", "kind=\"snapshot\"");

        String oin = String.format("%020d", ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE));
        String id = given().auth().oauth2(ServiceTokens.portal("registry.read", "registry.admin"))
                .header("Knooppunt-Actor", "olga-subject-1").contentType(ContentType.JSON)
                .body(Map.of("oin", oin, "kvk", "87654321", "name", "Woonstichting Metriek", "kind", "creditor",
                        "sector", "housing-corporation", "modules", List.of("schuldinventarisatie")))
                .post("/internal/v1/participants").then().statusCode(201).extract().path("id");

        assertEquals(createdBefore + 1, value("knooppunt_registry_changes_total", CREATED));
        await().atMost(Duration.ofSeconds(15)).until(() -> value("knooppunt_registry_snapshots_published_total",
                "kind=\"snapshot\"") > publishedBefore);
        metrics.refresh().await().indefinitely();
        assertEquals(creditorsBefore + 1, value("knooppunt_registry_participants", CREDITORS));
        assertTrue(value("knooppunt_registry_snapshot_outbox", "") >= 0);
        assertTrue(value("knooppunt_registry_snapshot_outbox_oldest_seconds", "") >= 0);

        String domain = given().get("/q/metrics").then().statusCode(200).extract().asString().lines()
                .filter(line -> line.startsWith("knooppunt_")).collect(Collectors.joining("\n"));
        assertFalse(domain.contains(id) || domain.contains(oin) || domain.contains("Metriek"),
                "no participant id, OIN or name in a metric");
    }

    /** The value of the series with exactly these labels (Prometheus' order), or -1 when it is not exported. */
    private static double value(String name, String labels) {
        String series = labels.isEmpty() ? name : name + "{" + labels + "}";
        return given().get("/q/metrics").then().statusCode(200).extract().asString().lines()
                .filter(line -> line.startsWith(series + " ")).mapToDouble(line -> Double.parseDouble(
                        line.substring(series.length() + 1).trim())).findFirst().orElse(-1);
    }
}
