package nl.knooppunt.routing.push;

import jakarta.inject.Singleton;

import nl.knooppunt.kit.token.ServiceTokenHeaders;
import nl.knooppunt.kit.token.ServiceTokens;

/** Adds a service JWT for registry-service (group webhook.secrets) to every registry call. */
@Singleton
public class RegistryTokenHeaders extends ServiceTokenHeaders {

    static final String AUDIENCE = "registry-service";
    static final String GROUP = "webhook.secrets";

    public RegistryTokenHeaders(ServiceTokens tokens) {
        super(tokens, AUDIENCE, GROUP);
    }
}
