package nl.knooppunt.localstack;

import nl.knooppunt.client.ClientCredentials;
import nl.knooppunt.client.KnooppuntClient;

/**
 * The hub's public API as a vendor system meets it: a {@link KnooppuntClient} (knooppunt-client, the module vendors
 * use) for an API client of the running stack, with its client-credentials tokens from the stack's Keycloak.
 */
final class VendorClients {

    private VendorClients() {
    }

    /** A client for this API client of the local stack, with the client's default retries. */
    static KnooppuntClient of(LocalStack stack, String clientId, String secret) {
        return KnooppuntClient.builder(stack.portalApiUrl())
                .credentials(ClientCredentials.of(Keycloak.tokenEndpoint(), clientId, secret)).build();
    }

    /** A client for one of the demo API clients. */
    static KnooppuntClient of(LocalStack stack, Demo.ApiClient client) {
        return of(stack, client.clientId(), client.secret());
    }
}
