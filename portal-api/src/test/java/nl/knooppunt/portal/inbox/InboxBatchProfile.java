package nl.knooppunt.portal.inbox;

import java.util.HashMap;
import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/** Points the registry and routing clients at {@link InboxFakes} in this application, on a fixed port. */
public class InboxBatchProfile implements QuarkusTestProfile {

    /** The port of this profile's application. */
    static final int PORT = freePort();

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> config = new HashMap<>();
        config.put("quarkus.http.test-port", Integer.toString(PORT));
        config.put("quarkus.rest-client.registry.url", "http://localhost:" + PORT + "/inbox-fake");
        config.put("quarkus.rest-client.routing.url", "http://localhost:" + PORT + "/inbox-fake");
        // OidcWiremockTestResource points smallrye.jwt.sign.key.location at its RSA key; service JWTs need ours
        config.put("smallrye.jwt.sign.key.location", "${knooppunt.secrets-dir}/portal-api-signing-key.jwk");
        config.put("knooppunt.rate-limit.enabled", "false");
        return config;
    }

    private static int freePort() {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
