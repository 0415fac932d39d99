package nl.knooppunt.portal.message;

import java.util.Set;

import jakarta.inject.Singleton;
import nl.knooppunt.kit.token.ServiceTokenHeaders;
import nl.knooppunt.kit.token.ServiceTokens;

/** Adds portal-api's service JWT (groups messages.read and messages.write) to delivery API calls. */
@Singleton
public class DeliveryClientHeaders extends ServiceTokenHeaders {

    public DeliveryClientHeaders(ServiceTokens tokens) {
        super(tokens, "routing-service", Set.of("messages.read", "messages.write"));
    }
}
