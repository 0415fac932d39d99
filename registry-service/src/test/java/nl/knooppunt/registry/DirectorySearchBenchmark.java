package nl.knooppunt.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.mutiny.sqlclient.Pool;
import nl.knooppunt.testsupport.HubSecretsTestResource;
import nl.knooppunt.testsupport.KafkaTestResource;
import nl.knooppunt.testsupport.PostgresTestResource;

/**
 * Directory search over 100,000 participants (docs/benchmarks.md). Seeds the registry's PostgreSQL with SQL, then
 * drives {@code GET /internal/v1/participants} over HTTP with a mix of realistic searches from a few concurrent
 * clients and reports latency percentiles. Runs only on request:
 * {@code ./mvnw -pl registry-service verify -Dtest=DirectorySearchBenchmark -Dbenchmark=true}.
 */
@QuarkusTest
@TestProfile(DirectorySearchBenchmark.Benchmark.class)
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(HubSecretsTestResource.class)
@QuarkusTestResource(KafkaTestResource.class)
@EnabledIfSystemProperty(named = "benchmark", matches = "true")
class DirectorySearchBenchmark {

    /** A fresh database; no startup re-publication of the seeded rows (this measures search only). */
    public static class Benchmark implements QuarkusTestProfile {
        @Override
        public java.util.Map<String, String> getConfigOverrides() {
            return java.util.Map.of("quarkus.log.category.\"nl.knooppunt\".level", "WARN");
        }
    }

    private static final int PARTICIPANTS = 100_000;
    private static final int CLIENTS = 2;
    private static final int REQUESTS_PER_CLIENT = 3_000;
    private static final int WARMUP = 2_000;
    private static final int TYPES = 8;
    private static final java.util.Map<Integer, List<Long>> BY_TYPE = new java.util.concurrent.ConcurrentHashMap<>();
    private static final List<String> WORDS = List.of("Woonstichting", "Zorgverzekeraar", "Energie", "Gemeente",
            "Incasso", "Waterbedrijf", "Kredietbank", "Bewind", "Belastingdienst", "Telecom", "Verhuur", "Studie");
    private static final List<String> PLACES = List.of("Amsterdam", "Rotterdam", "Utrecht", "Groningen", "Zwolle",
            "Eindhoven", "Tilburg", "Almere", "Breda", "Nijmegen", "Arnhem", "Haarlem", "Enschede", "Leiden", "Delft");

    @Inject
    Pool pool;

    @Test
    void searchesOneHundredThousandParticipants() throws Exception {
        seed();
        String base = "http://localhost:" + ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class)
                + "/internal/v1/participants";
        String token = ServiceTokens.portal("registry.read");
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        run(http, base, token, WARMUP, new Random(1));

        BY_TYPE.clear();
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        long start = System.nanoTime();
        List<Future<long[]>> futures = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            int seed = 100 + c;
            futures.add(pool.submit(() -> run(http, base, token, REQUESTS_PER_CLIENT, new Random(seed))));
        }
        List<Long> all = new ArrayList<>();
        for (Future<long[]> f : futures) {
            Arrays.stream(f.get()).forEach(all::add);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        long[] sorted = all.stream().mapToLong(Long::longValue).sorted().toArray();
        String report = String.format(Locale.ROOT,
                "participants=%d clients=%d requests=%d throughput=%.0f/s p50=%.1fms p95=%.1fms p99=%.1fms max=%.1fms",
                PARTICIPANTS, CLIENTS, sorted.length, sorted.length / seconds, ms(sorted, 0.50), ms(sorted, 0.95),
                ms(sorted, 0.99), sorted[sorted.length - 1] / 1e6);
        StringBuilder perType = new StringBuilder();
        BY_TYPE.forEach((type, list) -> {
            long[] t = list.stream().mapToLong(Long::longValue).sorted().toArray();
            perType.append(String.format(Locale.ROOT, "%n  query type %d (%s): n=%d p50=%.1fms p99=%.1fms", type,
                    query(type, new Random(7)), t.length, ms(t, 0.5), ms(t, 0.99)));
        });
        report = report + perType;
        System.out.println("DIRECTORY BENCHMARK " + report);
        Files.writeString(Path.of("target", "directory-benchmark.txt"), report + System.lineSeparator());
        assertTrue(ms(sorted, 0.99) < 50, report);
    }

    private static long[] run(HttpClient http, String base, String token, int requests, Random random)
            throws Exception {
        long[] latencies = new long[requests];
        for (int i = 0; i < requests; i++) {
            int type = random.nextInt(TYPES);
            URI uri = URI.create(base + "?" + query(type, random));
            HttpRequest request = HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + token).GET().build();
            long t0 = System.nanoTime();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            latencies[i] = System.nanoTime() - t0;
            BY_TYPE.computeIfAbsent(type, k -> java.util.Collections.synchronizedList(new ArrayList<>()))
                    .add(latencies[i]);
            assertEquals(200, response.statusCode(), response.body());
        }
        return latencies;
    }

    /** A mix of what counterparts search for: names, OINs, KvK numbers, kinds with modules, pages. */
    private static String query(int type, Random random) {
        int n = random.nextInt(PARTICIPANTS);
        return switch (type) {
            case 0 -> "q=" + enc(PLACES.get(random.nextInt(PLACES.size())).substring(0, 5).toLowerCase(Locale.ROOT)
                    + " " + n);
            case 1 -> "q=" + enc(WORDS.get(random.nextInt(WORDS.size())) + " " + PLACES.get(random.nextInt(PLACES.size())));
            case 2 -> "q=" + oin(n);
            case 3 -> "oin=" + oin(n);
            case 4 -> "q=" + kvk(n);
            case 5 -> "kind=creditor&module=betalingsregeling&page=" + random.nextInt(5);
            case 6 -> "q=" + enc(WORDS.get(random.nextInt(WORDS.size())).toLowerCase(Locale.ROOT))
                    + "&kind=creditor&size=50";
            default -> "name=" + enc(PLACES.get(random.nextInt(PLACES.size()))) + "&module=schuldinventarisatie";
        };
    }

    private void seed() {
        String words = "(array['" + String.join("','", WORDS) + "'])";
        String places = "(array['" + String.join("','", PLACES) + "'])";
        pool.query("insert into participant (id, oin, kvk, name, kind, sector, status, contact_email) "
                + "select gen_random_uuid(), lpad((90000000000000000000::numeric + i)::text, 20, '0'), "
                + "lpad((10000000 + i)::text, 8, '0'), "
                + words + "[1 + i % 12] || ' ' || " + places + "[1 + (i / 12) % 15] || ' ' || i, "
                + "(array['creditor','creditor','creditor','counsellor-phase-1','counsellor-phase-2',"
                + "'other-counsellor','administrator','creditor'])[1 + i % 8], "
                + "case when (array['creditor','creditor','creditor','counsellor-phase-1','counsellor-phase-2',"
                + "'other-counsellor','administrator','creditor'])[1 + i % 8] = 'creditor' "
                + "then (array['energy','health-insurer','housing-corporation','public-body','other'])[1 + i % 5] end, "
                + "case when i % 20 = 0 then 'onboarding' else 'active' end, 'beheer' || i || '@example.org' "
                + "from generate_series(1, " + PARTICIPANTS + ") as i").execute().await().indefinitely();
        pool.query("insert into participant_module (participant_id, module, enabled_by) "
                + "select id, 'schuldinventarisatie', 'benchmark' from participant "
                + "union all select id, 'betalingsregeling', 'benchmark' from participant where kvk::bigint % 2 = 0 "
                + "on conflict do nothing")
                .execute().await().indefinitely();
        pool.query("insert into participant_key (participant_id, kid, jwk) select id, id || '-key-1', "
                + "'{\"kty\":\"EC\",\"kid\":\"' || id || '-key-1\",\"use\":\"enc\"}' from participant "
                + "where kvk::bigint % 3 = 0 on conflict do nothing").execute().await().indefinitely();
        // what autovacuum does for a live registry: builds the visibility map that index-only scans rely on
        pool.query("vacuum analyze").execute().await().indefinitely();
    }

    private static String oin(int n) {
        return String.format("%020d", new java.math.BigInteger("90000000000000000000").add(
                java.math.BigInteger.valueOf(n + 1L)));
    }

    private static String kvk(int n) {
        return Integer.toString(10000000 + n + 1);
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static double ms(long[] sorted, double percentile) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(percentile * sorted.length) - 1)] / 1e6;
    }
}
