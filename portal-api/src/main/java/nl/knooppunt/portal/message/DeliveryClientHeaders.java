package nl.knooppunt.portal.message;

import java.util.Set;

import org.eclipse.microprofile.rest.client.ext.ClientHeadersFactory;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import nl.knooppunt.portal.security.ServiceTokens;

/** Adds portal-api's service JWT (groups messages.read and messages.write) to delivery API calls. */
@ApplicationScoped
public class DeliveryClientHeaders implements ClientHeadersFactory {

    private final ServiceTokens tokens;

    public DeliveryClientHeaders(ServiceTokens tokens) {
        this.tokens = tokens;
    }

    @Override
    public MultivaluedMap<String, String> update(MultivaluedMap<String, String> incoming,
            MultivaluedMap<String, String> outgoing) {
        MultivaluedMap<String, String> headers = new MultivaluedHashMap<>();
        headers.putSingle("Authorization",
                "Bearer " + tokens.forAudience("routing-service", Set.of("messages.read", "messages.write")));
        return headers;
    }
}
