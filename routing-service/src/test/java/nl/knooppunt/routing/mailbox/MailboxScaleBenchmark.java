package nl.knooppunt.routing.mailbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import nl.knooppunt.routing.support.ServiceTokens;
import nl.knooppunt.testsupport.HubSecretsTestResource;
import nl.knooppunt.testsupport.KafkaTestResource;
import nl.knooppunt.testsupport.PostgresTestResource;

/**
 * Mailbox listing, fetch and acknowledge with 1,000,000 messages waiting across 10,000 mailboxes (docs/benchmarks.md).
 * Seeds routing-service's PostgreSQL with SQL, then drives the internal mailbox API over HTTP from two clients.
 * Runs only on request: {@code ./mvnw -pl routing-service verify -Dtest=MailboxScaleBenchmark -Dbenchmark=true}.
 */
@QuarkusTest
@TestProfile(MailboxScaleBenchmark.Benchmark.class)
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(HubSecretsTestResource.class)
@EnabledIfSystemProperty(named = "benchmark", matches = "true")
class MailboxScaleBenchmark {

    /** Quiet logs, no expiry or push jobs competing with the measurement. */
    public static class Benchmark implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.log.category.\"nl.knooppunt\".level", "WARN");
        }
    }

    private static final int MESSAGES = Integer.getInteger("benchmark.messages", 1_000_000);
    private static final int MAILBOXES = 10_000;
    private static final int SENDERS = 1_000;
    private static final int CLIENTS = 2;
    private static final int REQUESTS_PER_CLIENT = 4_000;
    private static final int WARMUP = 2_000;
    private static final List<String> TYPES = List.of("saldoverzoek", "betaalvoorstel", "kennisgeving-publiek",
            "aanvraag-borgstelling", "melding-bewind", "heroverweging");
    private static final List<String> MODULES = List.of("schuldinventarisatie", "betalingsregeling", "schuldregeling",
            "waarborgfonds", "meldingen-bewindvoering", "betalingsregeling");
    private static final String[] OPERATIONS = { "list first page", "list by module", "list by type",
        "list next page", "fetch one", "acknowledge one" };
    private static final Map<String, List<Long>> BY_OPERATION = new ConcurrentHashMap<>();
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    Pool pool;

    @Test
    void listsAndAcknowledgesWithAMillionMessagesWaiting() throws Exception {
        long seedStart = System.nanoTime();
        seed();
        double seedSeconds = (System.nanoTime() - seedStart) / 1e9;
        List<UUID> mailboxes = new ArrayList<>();
        pool.query("SELECT DISTINCT recipient FROM message").execute().await().indefinitely()
                .forEach((Row row) -> mailboxes.add(row.getUUID(0)));
        long waiting = pool.query("SELECT count(*) FROM message WHERE status = 'delivered'").execute().await()
                .indefinitely().iterator().next().getLong(0);
        assertEquals(MAILBOXES, mailboxes.size());

        String base = "http://localhost:" + ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class)
                + "/internal/v1/mailboxes/";
        String token = ServiceTokens.portalApi("mailbox");
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        run(http, base, token, mailboxes, WARMUP, new Random(1));

        BY_OPERATION.clear();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        long start = System.nanoTime();
        List<Future<?>> futures = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            int seed = 100 + c;
            futures.add(clients.submit(() -> {
                run(http, base, token, mailboxes, REQUESTS_PER_CLIENT, new Random(seed));
                return null;
            }));
        }
        for (Future<?> future : futures) {
            future.get();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        clients.shutdown();

        List<Long> listings = new ArrayList<>();
        List<Long> everything = new ArrayList<>();
        StringBuilder perOperation = new StringBuilder();
        for (String operation : OPERATIONS) {
            long[] t = sorted(BY_OPERATION.getOrDefault(operation, List.of()));
            if (operation.startsWith("list")) {
                addAll(listings, t);
            }
            addAll(everything, t);
            perOperation.append(String.format(Locale.ROOT, "%n  %s: n=%d p50=%.1fms p99=%.1fms max=%.1fms", operation,
                    t.length, ms(t, 0.50), ms(t, 0.99), t.length == 0 ? 0 : t[t.length - 1] / 1e6));
        }
        long[] list = sorted(listings);
        long[] all = sorted(everything);
        String report = String.format(Locale.ROOT,
                "messages waiting=%d mailboxes=%d seeded in %.0f s; clients=%d requests=%d throughput=%.0f/s%n"
                        + "  all listings: p50=%.1fms p95=%.1fms p99=%.1fms max=%.1fms%n"
                        + "  all requests: p50=%.1fms p99=%.1fms",
                waiting, mailboxes.size(), seedSeconds, CLIENTS, all.length, all.length / seconds, ms(list, 0.50),
                ms(list, 0.95), ms(list, 0.99), list[list.length - 1] / 1e6, ms(all, 0.50), ms(all, 0.99))
                + perOperation;
        System.out.println("MAILBOX BENCHMARK " + report);
        Files.writeString(Path.of("target", "mailbox-benchmark.txt"), report + System.lineSeparator());
        assertTrue(ms(list, 0.99) < 20, report);
    }

    private static void run(HttpClient http, String base, String token, List<UUID> mailboxes, int requests,
            Random random) throws Exception {
        for (int i = 0; i < requests; i++) {
            UUID mailbox = mailboxes.get(random.nextInt(mailboxes.size()));
            int operation = random.nextInt(OPERATIONS.length);
            String uri = base + mailbox + "/messages";
            switch (operation) {
                case 0 -> timed(http, token, OPERATIONS[0], uri, false);
                case 1 -> timed(http, token, OPERATIONS[1], uri + "?module=" + MODULES.get(random.nextInt(5)), false);
                case 2 -> timed(http, token, OPERATIONS[2], uri + "?type=" + TYPES.get(random.nextInt(TYPES.size())),
                        false);
                default -> {
                    JsonNode first = JSON.readTree(send(http, token, uri + "?limit=20", false).body());
                    JsonNode items = first.get("items");
                    if (items.isEmpty()) {
                        continue;
                    }
                    String id = items.get(random.nextInt(items.size())).get("id").asText();
                    switch (operation) {
                        case 3 -> timed(http, token, OPERATIONS[3], uri + "?after=" + first.get("next").asText(),
                                false);
                        case 4 -> timed(http, token, OPERATIONS[4], uri + "/" + id, false);
                        default -> timed(http, token, OPERATIONS[5], uri + "/" + id + "/ack", true);
                    }
                }
            }
        }
    }

    private static void timed(HttpClient http, String token, String operation, String uri, boolean post)
            throws Exception {
        long t0 = System.nanoTime();
        HttpResponse<String> response = send(http, token, uri, post);
        long elapsed = System.nanoTime() - t0;
        assertEquals(post ? 204 : 200, response.statusCode(), operation + ": " + response.body());
        BY_OPERATION.computeIfAbsent(operation, k -> Collections.synchronizedList(new ArrayList<>())).add(elapsed);
    }

    private static HttpResponse<String> send(HttpClient http, String token, String uri, boolean post)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(uri)).header("Authorization", "Bearer " + token);
        request = post ? request.POST(HttpRequest.BodyPublishers.noBody()) : request.GET();
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * 1,000,000 waiting messages: 100 per mailbox on average, from 1,000 senders, six types over five modules, each
     * with a 1.5 KiB stand-in for the JWE (the size of an encrypted saldoverzoek).
     */
    private void seed() {
        String types = "(array['" + String.join("','", TYPES) + "'])";
        String modules = "(array['" + String.join("','", MODULES) + "'])";
        pool.query("INSERT INTO message (id, conversation_id, module, type, sender, recipient, payload, status, "
                + "submitted_at, delivered_at, expires_at, delivery_mode) "
                + "SELECT gen_random_uuid(), gen_random_uuid(), " + modules + "[1 + i % 6], " + types + "[1 + i % 6], "
                + "md5('sender-' || (i % " + SENDERS + "))::uuid, md5('mailbox-' || (i % " + MAILBOXES + "))::uuid, "
                + "repeat('eyJhbGciOiJSU0EtT0FFUC0yNTYiLCJlbmMiOiJBMjU2R0NNIn0', 30), 'delivered', "
                + "now() - make_interval(secs => " + MESSAGES + " - i), now() - make_interval(secs => " + MESSAGES
                + " - i), now() + interval '5 days', 'mailbox' "
                + "FROM generate_series(1, " + MESSAGES + ") AS i").execute().await().indefinitely();
        // what autovacuum does for a live mailbox table
        pool.query("VACUUM ANALYZE message").execute().await().indefinitely();
    }

    private static long[] sorted(List<Long> values) {
        return values.stream().mapToLong(Long::longValue).sorted().toArray();
    }

    private static double ms(long[] sorted, double percentile) {
        return sorted.length == 0 ? 0
                : sorted[Math.min(sorted.length - 1, (int) Math.ceil(percentile * sorted.length) - 1)] / 1e6;
    }

    private static void addAll(List<Long> target, long[] values) {
        for (long value : values) {
            target.add(value);
        }
    }
}
