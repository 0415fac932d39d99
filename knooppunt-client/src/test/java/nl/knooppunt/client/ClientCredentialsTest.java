package nl.knooppunt.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import nl.knooppunt.client.LocalServer.Answer;

/** Client-credentials tokens: one request per token, renewed before expiry, shared by threads, kept on a failed renewal. */
class ClientCredentialsTest {

    private static final String TOKEN_PATH = "/realms/knooppunt/protocol/openid-connect/token";
    private static final Instant START = Instant.parse("2026-12-06T10:00:00Z");

    private final AtomicInteger issued = new AtomicInteger();
    private final AtomicReference<Instant> now = new AtomicReference<>(START);
    private final Clock clock = new Clock() {
        @Override
        public Instant instant() {
            return now.get();
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    };
    private LocalServer server;

    @AfterEach
    void stop() {
        server.close();
    }

    private ClientCredentials tokens(long expiresIn, int... statuses) throws Exception {
        List<Integer> script = new ArrayList<>();
        for (int status : statuses) {
            script.add(status);
        }
        server = new LocalServer().on(TOKEN_PATH, request -> {
            int status = script.isEmpty() ? 200 : script.remove(0);
            if (status != 200) {
                return Answer.json(status, "{\"error\":\"temporarily_unavailable\"}");
            }
            return Answer.json(200, "{\"access_token\":\"token-" + issued.incrementAndGet()
                    + "\",\"token_type\":\"Bearer\",\"expires_in\":" + expiresIn + "}");
        });
        return ClientCredentials.builder(server.url().resolve(TOKEN_PATH), "demo-gemeente", "geheim & veilig")
                .clock(clock).build();
    }

    @Test
    void asksTheTokenUrlWithTheClientsCredentialsAsAForm() throws Exception {
        ClientCredentials tokens = tokens(300);

        assertEquals("token-1", tokens.accessToken());

        LocalServer.Received request = server.requests(TOKEN_PATH).get(0);
        assertEquals("POST", request.method());
        assertEquals("application/x-www-form-urlencoded", request.header("Content-Type"));
        assertEquals("grant_type=client_credentials&client_id=demo-gemeente&client_secret=geheim+%26+veilig",
                request.body());
    }

    @Test
    void keepsATokenUntilAMinuteBeforeItExpiresThenRenewsIt() throws Exception {
        ClientCredentials tokens = tokens(300);

        assertEquals("token-1", tokens.accessToken());
        now.set(START.plusSeconds(239));
        assertEquals("token-1", tokens.accessToken());
        assertEquals(1, server.requests(TOKEN_PATH).size(), "no request while the token is fresh");

        now.set(START.plusSeconds(240));
        assertEquals("token-2", tokens.accessToken(), "renewed a minute before its expiry");
        now.set(START.plusSeconds(400));
        assertEquals("token-2", tokens.accessToken());
        assertEquals(2, server.requests(TOKEN_PATH).size());
    }

    @Test
    void aShortLivedTokenIsRenewedAtHalfItsLifetime() throws Exception {
        ClientCredentials tokens = tokens(40);

        assertEquals("token-1", tokens.accessToken());
        now.set(START.plusSeconds(19));
        assertEquals("token-1", tokens.accessToken());
        now.set(START.plusSeconds(20));
        assertEquals("token-2", tokens.accessToken());
    }

    @Test
    void threadsThatNeedATokenAtOnceShareOneRequest() throws Exception {
        ClientCredentials tokens = tokens(300);
        ExecutorService threads = Executors.newFixedThreadPool(16);
        try {
            List<Callable<String>> calls = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                calls.add(tokens::accessToken);
            }
            Set<String> seen = ConcurrentHashMap.newKeySet();
            for (Future<String> token : threads.invokeAll(calls)) {
                seen.add(token.get());
            }
            assertEquals(Set.of("token-1"), seen);
            assertEquals(1, server.requests(TOKEN_PATH).size());
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void aFailedRenewalKeepsTheValidTokenAndTriesAgainLater() throws Exception {
        ClientCredentials tokens = tokens(300, 200, 503, 503);

        assertEquals("token-1", tokens.accessToken());
        now.set(START.plusSeconds(250));
        assertEquals("token-1", tokens.accessToken(), "still valid, so still used");
        assertEquals(2, server.requests(TOKEN_PATH).size());
        now.set(START.plusSeconds(252));
        assertEquals("token-1", tokens.accessToken());
        assertEquals(2, server.requests(TOKEN_PATH).size(), "not asked again within 5 seconds");
        now.set(START.plusSeconds(256));
        assertEquals("token-1", tokens.accessToken());
        assertEquals(3, server.requests(TOKEN_PATH).size());
        now.set(START.plusSeconds(262));
        assertEquals("token-2", tokens.accessToken());
    }

    @Test
    void aRefusalWithoutAValidTokenReachesTheCaller() throws Exception {
        ClientCredentials tokens = tokens(300, 401);

        KnooppuntException refused = assertThrows(KnooppuntException.class, tokens::accessToken);
        assertTrue(refused.getMessage().contains("HTTP 401"), refused.getMessage());
        assertTrue(!refused.getMessage().contains("geheim"), "the secret is never in a message");
    }

    @Test
    void invalidateGetsANewTokenOnTheNextCall() throws Exception {
        ClientCredentials tokens = tokens(300);

        assertEquals("token-1", tokens.accessToken());
        tokens.invalidate();
        assertEquals("token-2", tokens.accessToken());
        assertEquals(2, server.requests(TOKEN_PATH).size());
    }
}
