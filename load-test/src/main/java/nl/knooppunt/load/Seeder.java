package nl.knooppunt.load;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.PublicJsonWebKey;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Seeds the registry through the operator API (client {@code demo-beheer}, role knooppunt-beheerder) and Keycloak's
 * admin API, idempotently: participants are found by their deterministic OIN, and only what is missing (the
 * participant, its key, its delivery preference, the vendor's mandate) is created. Counsellors are phase-2
 * counsellors with every module of their kind, one in ten an administrator; creditors have every creditor module;
 * a share of all gets webhook delivery to the driver's receiver, the rest pull from the mailbox. Every participant
 * has a key pair of its own ({@code load.rsa-share} RSA 2048, the rest EC P-256), kept in {@link LoadKeys}; a
 * participant whose newest registered key the driver does not hold (seeded before the keys were kept, or the key
 * file was removed) gets a new one, which the hub encrypts to from then on.
 */
final class Seeder {

    private static final String OPERATOR_CLIENT = "demo-beheer";
    private static final String OPERATOR_SECRET = "demo-beheer-secret";
    private static final String[] SECTORS = { "energy", "health-insurer", "housing-corporation", "public-body",
        "other" };
    private static final List<String> COUNSELLOR_MODULES = List.of("schuldinventarisatie", "betalingsregeling",
            "schuldregeling", "waarborgfonds", "landelijke-pauzeknop");
    private static final List<String> ADMINISTRATOR_MODULES = List.of("meldingen-bewindvoering",
            "schuldinventarisatie", "betalingsregeling");
    private static final List<String> CREDITOR_MODULES = List.of("schuldinventarisatie", "betalingsregeling",
            "schuldregeling", "meldingen-bewindvoering", "landelijke-pauzeknop");

    private final Api api;
    private final LoadConfig config;
    private final Consumer<String> log;
    private final String webhookBase;
    private final AtomicInteger calls = new AtomicInteger();
    private final AtomicInteger newKeys = new AtomicInteger();
    private final AtomicInteger replacedKeys = new AtomicInteger();
    private LoadKeys keys;

    private record Wanted(String oin, String kvk, String name, String kind, String sector, List<String> modules,
            boolean webhook, Population.Vendor vendor, boolean rsa) {
    }

    Seeder(Api api, String webhookBase, Consumer<String> log) {
        this.api = api;
        this.config = api.config();
        this.log = log;
        this.webhookBase = webhookBase;
    }

    /** The seeded population; creates what is missing. */
    Population seed() throws Exception {
        long start = System.nanoTime();
        keys = LoadKeys.load(config.stateDir(), config.prefix());
        String lower = config.prefix().toLowerCase(Locale.ROOT);
        int vendorCount = Math.max(2, config.vendors());
        List<Population.Vendor> vendors = new ArrayList<>();
        for (int v = 0; v < vendorCount; v++) {
            vendors.add(new Population.Vendor(lower + "-vendor-" + v, lower + "-vendor-" + v + "-secret"));
        }
        createKeycloakClients(vendors);
        int counsellorVendors = Math.max(1, vendorCount / 3);
        List<Population.Vendor> forCounsellors = vendors.subList(0, counsellorVendors);
        List<Population.Vendor> forCreditors = vendors.subList(counsellorVendors, vendorCount);

        String code = String.format("%03d", Math.floorMod(config.prefix().hashCode(), 1000));
        List<Wanted> counsellors = new ArrayList<>();
        for (int i = 0; i < config.counsellors(); i++) {
            boolean administrator = i % 10 == 9;
            counsellors.add(new Wanted(oin(code, 1, i), kvk(1, i),
                    config.prefix() + (administrator ? " Bewindvoering " : " Schuldhulp ") + String.format("%05d", i),
                    administrator ? "administrator" : "counsellor-phase-2", null,
                    administrator ? ADMINISTRATOR_MODULES : COUNSELLOR_MODULES, webhook(1, i),
                    forCounsellors.get(i % forCounsellors.size()), rsa(1, i)));
        }
        List<Wanted> creditors = new ArrayList<>();
        for (int i = 0; i < config.creditors(); i++) {
            creditors.add(new Wanted(oin(code, 2, i), kvk(2, i),
                    config.prefix() + " Schuldeiser " + String.format("%05d", i), "creditor",
                    SECTORS[i % SECTORS.length], CREDITOR_MODULES, webhook(2, i),
                    forCreditors.get(i % forCreditors.size()), rsa(2, i)));
        }
        Wanted fund = new Wanted(oin(code, 3, 0), kvk(3, 0), config.prefix() + " Waarborgfonds", "guarantee-fund",
                null, List.of("waarborgfonds"), false, forCreditors.get(0), rsa(3, 0));

        Map<String, JsonNode> existing = existingByOin();
        Map<String, Set<String>> mandates = new HashMap<>();
        for (Population.Vendor vendor : vendors) {
            mandates.put(vendor.clientId(), mandatesOf(vendor.clientId()));
        }
        log.accept(String.format("seeding: %d of %d participants exist already", existing.size(),
                counsellors.size() + creditors.size() + 1));
        List<Wanted> all = new ArrayList<>(counsellors);
        all.addAll(creditors);
        all.add(fund);
        Map<String, Population.Member> members = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, config.seedParallelism()),
                Api.daemon("load-seed"));
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (Wanted wanted : all) {
                futures.add(pool.submit(() -> {
                    members.put(wanted.oin(), ensure(wanted, existing.get(wanted.oin()),
                            mandates.get(wanted.vendor().clientId())));
                    if (members.size() % 1000 == 0) {
                        log.accept(String.format("seeding: %d participants ready after %.0f s", members.size(),
                                (System.nanoTime() - start) / 1e9));
                    }
                    return null;
                }));
            }
            for (Future<?> future : futures) {
                future.get();
            }
        } finally {
            pool.shutdownNow();
            keys.save();
        }
        log.accept(String.format("seeded %d participants and %d vendor clients in %.1f s (%d operator calls, %d new "
                + "key pairs, %d of them replacing a registered key the driver did not hold; keys in %s)", all.size(),
                vendors.size(), (System.nanoTime() - start) / 1e9, calls.get(), newKeys.get(), replacedKeys.get(),
                keys.file()));
        if (replacedKeys.get() > 0) {
            // validation-service encrypts to the newest key once the registry's snapshot reached it
            Thread.sleep(3000);
        }
        return new Population(vendors, counsellors.stream().map(w -> members.get(w.oin())).toList(),
                creditors.stream().map(w -> members.get(w.oin())).toList(), members.get(fund.oin()));
    }

    private boolean webhook(int kind, int i) {
        return Math.floorMod((kind * 7919 + i) * 2654435761L, 1000) < config.webhookShare() * 1000;
    }

    private boolean rsa(int kind, int i) {
        return Math.floorMod((kind * 104729L + i) * 40503L + 17, 1000) < config.rsaShare() * 1000;
    }

    private static String oin(String code, int kind, int i) {
        return "9" + code + kind + String.format("%015d", i);
    }

    private static String kvk(int kind, int i) {
        return String.format("%d%07d", 6 + kind, i);
    }

    private Population.Member ensure(Wanted wanted, JsonNode participant, Set<String> vendorMandates) {
        Map<String, Object> delivery = wanted.webhook()
                ? Map.of("mode", "webhook", "webhookUrl", webhookBase + "/hook")
                : Map.of("mode", "mailbox");
        String id;
        String secret = null;
        if (participant == null) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("oin", wanted.oin());
            body.put("kvk", wanted.kvk());
            body.put("name", wanted.name());
            body.put("kind", wanted.kind());
            if (wanted.sector() != null) {
                body.put("sector", wanted.sector());
            }
            body.put("status", "active");
            body.put("modules", wanted.modules());
            body.put("delivery", delivery);
            HttpResponse<String> created = operator("POST", "/participants", body);
            if (created.statusCode() == 409) {
                participant = lookup(wanted.oin());
                id = participant.path("id").asText();
            } else {
                expect(created, 201, "register " + wanted.oin());
                participant = Api.read(created.body());
                id = participant.path("id").asText();
                secret = secretIn(participant.path("webhookSecret"));
            }
        } else {
            id = participant.path("id").asText();
            JsonNode current = participant.path("delivery");
            boolean same = current.path("mode").asText().equals(delivery.get("mode"))
                    && (!wanted.webhook() || current.path("webhookUrl").asText().equals(delivery.get("webhookUrl")));
            if (!same) {
                HttpResponse<String> changed = operator("PUT", "/participants/" + id + "/delivery", delivery);
                expect(changed, 200, "delivery of " + id);
                secret = secretIn(Api.read(changed.body()).path("webhookSecret"));
            }
        }
        if (wanted.webhook() && secret == null) {
            // seeded by an earlier run, which alone saw its secret: a new one (the previous signs for the overlap)
            HttpResponse<String> issued = operator("POST", "/participants/" + id + "/webhook-secret", null);
            expect(issued, 201, "webhook secret of " + id);
            secret = secretIn(Api.read(issued.body()));
        }
        ensureKey(wanted, id, participant);
        if (!vendorMandates.contains(id)) {
            expect(operator("PUT", "/clients/" + wanted.vendor().clientId() + "/participants/" + id, null), 204,
                    "mandate for " + id);
        }
        return new Population.Member(id, wanted.oin(), wanted.kind(), wanted.webhook(), wanted.vendor(),
                keys.of(wanted.oin()), secret);
    }

    /**
     * Makes the participant's newest registered key one whose private half the driver holds: registers a held key
     * the registry does not have yet, or a new one.
     */
    private void ensureKey(Wanted wanted, String id, JsonNode participant) {
        List<String> registered = new ArrayList<>();
        participant.path("keyIds").forEach(k -> registered.add(k.asText()));
        if (!registered.isEmpty() && keys.find(registered.get(0)) != null) {
            return;
        }
        PublicJsonWebKey key = keys.of(wanted.oin()).stream().filter(k -> !registered.contains(k.getKeyId()))
                .findFirst().orElse(null);
        for (int attempt = 1;; attempt++) {
            if (key == null) {
                key = keys.generate(wanted.oin(), wanted.rsa());
                newKeys.incrementAndGet();
            }
            Map<String, Object> jwk = Api.JSON.convertValue(
                    Api.read(key.toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY)),
                    new com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>>() {
                    });
            HttpResponse<String> put = operator("PUT", "/participants/" + id + "/keys/" + key.getKeyId(), jwk);
            if (put.statusCode() == 409 && attempt < 3) {
                key = null;  // the kid names another key in the registry: a new key under a new kid
                continue;
            }
            expect(put, 204, "key of " + id);
            if (!registered.isEmpty()) {
                replacedKeys.incrementAndGet();
            }
            return;
        }
    }

    /** The {@code secret} of an answer that shows a webhook signing secret, else null. */
    private static String secretIn(JsonNode shown) {
        JsonNode secret = shown.path("secret");
        return secret.isTextual() ? secret.asText() : null;
    }

    private Map<String, JsonNode> existingByOin() {
        Map<String, JsonNode> found = new HashMap<>();
        String q = URLEncoder.encode(config.prefix(), StandardCharsets.UTF_8);
        for (int page = 0;; page++) {
            HttpResponse<String> response = operator("GET", "/participants?q=" + q + "&size=100&page=" + page, null);
            expect(response, 200, "search participants");
            JsonNode items = Api.read(response.body()).path("items");
            items.forEach(p -> found.put(p.path("oin").asText(), p));
            if (items.size() < 100) {
                return found;
            }
        }
    }

    private JsonNode lookup(String oin) {
        HttpResponse<String> response = operator("GET", "/participants?oin=" + oin, null);
        expect(response, 200, "look up " + oin);
        JsonNode items = Api.read(response.body()).path("items");
        if (items.isEmpty()) {
            throw new IllegalStateException("participant " + oin + " exists but cannot be found");
        }
        return items.get(0);
    }

    private Set<String> mandatesOf(String clientId) {
        HttpResponse<String> response = operator("GET", "/clients/" + clientId + "/participants", null);
        Set<String> ids = new HashSet<>();
        if (response.statusCode() == 200) {
            Api.read(response.body()).forEach(p -> ids.add(p.path("id").asText()));
        }
        return ids;
    }

    private void createKeycloakClients(List<Population.Vendor> vendors) {
        for (Population.Vendor vendor : vendors) {
            Map<String, Object> client = new LinkedHashMap<>();
            client.put("clientId", vendor.clientId());
            client.put("name", "Load test vendor " + vendor.clientId());
            client.put("enabled", true);
            client.put("protocol", "openid-connect");
            client.put("publicClient", false);
            client.put("clientAuthenticatorType", "client-secret");
            client.put("secret", vendor.secret());
            client.put("serviceAccountsEnabled", true);
            client.put("standardFlowEnabled", false);
            client.put("directAccessGrantsEnabled", false);
            client.put("protocolMappers", List.of(Map.of("name", "audience-knooppunt-api", "protocol",
                    "openid-connect", "protocolMapper", "oidc-audience-mapper", "consentRequired", false, "config",
                    Map.of("included.custom.audience", "knooppunt-api", "access.token.claim", "true",
                            "id.token.claim", "false", "introspection.token.claim", "true"))));
            HttpResponse<String> response = api.send(Api.request(URI.create(config.keycloakUrl() + "/admin/realms/"
                    + config.realm() + "/clients"), api.keycloakAdminToken(), null)
                    .header("Content-Type", "application/json").POST(Api.json(client)).build());
            if (response.statusCode() != 201 && response.statusCode() != 409) {
                throw new IllegalStateException("Keycloak refused client " + vendor.clientId() + ": HTTP "
                        + response.statusCode() + " " + response.body());
            }
        }
    }

    private HttpResponse<String> operator(String method, String path, Object body) {
        calls.incrementAndGet();
        HttpRequest.Builder builder = Api.request(api.api("/operator" + path),
                api.token(OPERATOR_CLIENT, OPERATOR_SECRET), null).header("Content-Type", "application/json");
        builder.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : Api.json(body));
        HttpRequest request = builder.build();
        for (int attempt = 1;; attempt++) {
            HttpResponse<String> response = api.send(request);
            if (response.statusCode() != 429 || attempt == 30) {
                return response;
            }
            try {
                Thread.sleep(1000);  // the operator client's rate limit: retry after a second, as the 429 says
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return response;
            }
        }
    }

    private static void expect(HttpResponse<String> response, int status, String what) {
        if (response.statusCode() != status) {
            throw new IllegalStateException(what + ": HTTP " + response.statusCode() + " " + response.body());
        }
    }
}
