package nl.knooppunt.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import nl.knooppunt.client.LocalServer.Answer;

/**
 * Batch pull against a local mailbox that pages and acknowledges as the hub does (ADR 0033/0038): the iterator
 * drains it page by page when each page is acknowledged, goes on after the cursor when one is not, and the query,
 * the typed items and the acknowledgement reach and leave the hub as the API has them.
 */
class InboxTest {

    private static final String VENDOR_INBOX = "/api/v1/vendor-inbox";
    private static final String ACKNOWLEDGEMENTS = VENDOR_INBOX + "/acknowledgements";

    /** Waiting message ids, oldest first, with their recipient. */
    private final Map<String, String> waiting = Collections.synchronizedMap(new LinkedHashMap<>());
    private LocalServer server;
    private KnooppuntClient hub;

    @BeforeEach
    void mailbox() throws Exception {
        for (int i = 1; i <= 5; i++) {
            waiting.put("m" + i, i % 2 == 0 ? "p2" : "p1");
        }
        server = new LocalServer()
                .on("/token", request -> Answer.json(200, "{\"access_token\":\"t\",\"expires_in\":300}"))
                .on(VENDOR_INBOX, request -> request.path().equals(ACKNOWLEDGEMENTS) ? acknowledge(request)
                        : list(request));
        hub = KnooppuntClient.builder(server.url())
                .credentials(ClientCredentials.of(server.url().resolve("/token"), "vendor", "s")).build();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private Answer list(LocalServer.Received request) {
        Map<String, String> query = new LinkedHashMap<>();
        for (String parameter : request.query().split("&")) {
            String[] pair = parameter.split("=", 2);
            query.put(pair[0], java.net.URLDecoder.decode(pair[1], java.nio.charset.StandardCharsets.UTF_8));
        }
        int limit = Integer.parseInt(query.get("limit"));
        List<String> ids;
        synchronized (waiting) {
            ids = new ArrayList<>(waiting.keySet());
        }
        int from = query.containsKey("after") ? ids.indexOf(query.get("after")) + 1 : 0;
        List<String> page = ids.subList(from, Math.min(ids.size(), from + limit));
        ObjectNode answer = Json.MAPPER.createObjectNode();
        ArrayNode items = answer.putArray("items");
        for (String id : page) {
            ObjectNode item = items.addObject().put("id", id).put("recipient", waiting.get(id))
                    .put("module", "schuldinventarisatie").put("type", "saldoverzoek").put("sender", "s1")
                    .put("status", "fetched").put("deliveredAt", "2026-12-06T10:00:00Z");
            if ("content".equals(query.get("include"))) {
                item.put("encryptedPayload", "jwe-of-" + id);
            }
        }
        boolean more = from + limit < ids.size();
        answer.put("next", more ? page.get(page.size() - 1) : null);
        return Answer.json(200, answer.toString());
    }

    private Answer acknowledge(LocalServer.Received request) {
        ObjectNode answer = Json.MAPPER.createObjectNode();
        ArrayNode acknowledged = answer.putArray("acknowledged");
        answer.putArray("expired");
        ArrayNode notFound = answer.putArray("notFound");
        for (JsonNode id : Json.read(request.body()).path("ids")) {
            (waiting.remove(id.asText()) != null ? acknowledged : notFound).add(id.asText());
        }
        return Answer.json(200, answer.toString());
    }

    @Test
    void acknowledgingEachPageDrainsTheInboxPageByPage() {
        List<List<String>> pages = new ArrayList<>();
        for (InboxPage page : hub.vendorInbox().pages(InboxQuery.all().limit(2).withContent())) {
            pages.add(page.ids());
            assertTrue(page.acknowledge().all());
        }

        assertEquals(List.of(List.of("m1", "m2"), List.of("m3", "m4"), List.of("m5")), pages);
        assertTrue(waiting.isEmpty(), "every page acknowledged: " + waiting);
        List<LocalServer.Received> listings = server.requests(VENDOR_INBOX);
        assertEquals(3, listings.size());
        listings.forEach(listing -> assertEquals("limit=2&include=content", listing.query(),
                "after an acknowledged page the listing starts again"));
        assertEquals(Json.read("{\"ids\":[\"m1\",\"m2\"]}"), Json.read(server.requests(ACKNOWLEDGEMENTS).get(0).body()));
    }

    @Test
    void withoutAcknowledgementTheNextPageFollowsTheCursor() {
        List<String> seen = new ArrayList<>();
        for (InboxPage page : hub.vendorInbox().pages(InboxQuery.all().limit(2))) {
            seen.addAll(page.ids());
        }

        assertEquals(List.of("m1", "m2", "m3", "m4", "m5"), seen);
        assertEquals(5, waiting.size(), "nothing acknowledged");
        assertEquals(List.of("limit=2", "limit=2&after=m2", "limit=2&after=m4"),
                server.requests(VENDOR_INBOX).stream().map(LocalServer.Received::query).toList());
    }

    @Test
    void itemsAreTypedAndTheFiltersReachTheHub() {
        InboxPage page = hub.vendorInbox().list(InboxQuery.all().limit(3).withContent().module("schuldinventarisatie")
                .type("saldoverzoek").sender("s1").participants(List.of("p1", "p2")));

        assertEquals("limit=3&include=content&module=schuldinventarisatie&type=saldoverzoek&sender=s1"
                + "&participant=p1%2Cp2", server.requests(VENDOR_INBOX).get(0).query());
        InboxMessage first = page.items().get(0);
        assertEquals("m1", first.id());
        assertEquals("p1", first.recipient());
        assertEquals("jwe-of-m1", first.encryptedPayload());
        assertEquals(java.time.Instant.parse("2026-12-06T10:00:00Z"), first.deliveredAt());
        assertEquals("m3", page.next());
    }

    @Test
    void anAcknowledgementAnswersPerId() {
        Acknowledgements result = hub.vendorInbox().acknowledge(List.of("m2", "elsewhere"));

        assertEquals(List.of("m2"), result.acknowledged());
        assertEquals(List.of("elsewhere"), result.notFound());
        assertEquals(false, result.all());
    }

    @Test
    void onlyTheVendorWideInboxFiltersByParticipant() {
        assertThrows(IllegalArgumentException.class,
                () -> hub.inbox().list(InboxQuery.all().participants(List.of("p1"))));
    }
}
