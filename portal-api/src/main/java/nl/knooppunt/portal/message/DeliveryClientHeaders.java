package nl.knooppunt.portal.message;

import java.util.Set;

import jakarta.inject.Singleton;
import nl.knooppunt.portal.security.ServiceTokenHeaders;
import nl.knooppunt.portal.security.ServiceTokens;

/** Adds portal-api's service JWT (groups messages.read and messages.write) to delivery API calls. */
@Singleton
public class DeliveryClientHeaders extends ServiceTokenHeaders {

    public DeliveryClientHeaders(ServiceTokens tokens) {
        super(tokens, "routing-service", Set.of("messages.read", "messages.write"));
    }
}
