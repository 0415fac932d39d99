package nl.knooppunt.localstack;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;

import org.junit.jupiter.api.Test;

class PortsTest {

    @Test
    void takenPortFailsFastNamingPortAndOwner() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();

            assertFalse(Ports.isFree(port));
            LocalStackException e = assertThrows(LocalStackException.class,
                    () -> Ports.requireFree(Map.of(port, "portal-api")));
            assertTrue(e.getMessage().contains("port " + port + " (portal-api) is already in use"), e.getMessage());
            assertTrue(e.getMessage().contains("./knooppunt down"), e.getMessage());
        }
    }

    @Test
    void freePortPasses() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        int free = port;
        assertTrue(Ports.isFree(free));
        assertDoesNotThrow(() -> Ports.requireFree(Map.of(free, "registry-service")));
    }
}
