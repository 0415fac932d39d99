package nl.knooppunt.localstack;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Map;

/** Checks on the fixed local ports of the stack. */
public final class Ports {

    private Ports() {
    }

    /** Whether nothing listens on the port and it can be bound on all interfaces. */
    public static boolean isFree(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
            return false;
        } catch (IOException expected) {
            // nothing accepts connections on the loopback address: try to bind it
        }
        try (ServerSocket server = new ServerSocket()) {
            server.setReuseAddress(true);
            server.bind(new InetSocketAddress(port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Fails fast, before anything starts, when one of the ports is taken.
     *
     * @param owners port to the component that needs it
     */
    public static void requireFree(Map<Integer, String> owners) {
        StringBuilder taken = new StringBuilder();
        owners.forEach((port, owner) -> {
            if (!isFree(port)) {
                taken.append(System.lineSeparator()).append("  port ").append(port).append(" (").append(owner)
                        .append(") is already in use");
            }
        });
        if (!taken.isEmpty()) {
            throw new LocalStackException("cannot start the local stack:" + taken + System.lineSeparator()
                    + "Is a stack still running? Stop it with ./knooppunt down, or stop the program using the port"
                    + " (e.g. ss -ltnp | grep <port>).");
        }
    }

    /** Waits until the port is free again; false when it is still taken after the timeout. */
    public static boolean awaitFree(int port, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (isFree(port)) {
                return true;
            }
            Processes.sleep(Duration.ofMillis(200));
        }
        return isFree(port);
    }
}
