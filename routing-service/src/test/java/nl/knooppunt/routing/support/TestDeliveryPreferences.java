package nl.knooppunt.routing.support;

import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Singleton;

import nl.knooppunt.routing.push.DeliveryPreferences;

/** Delivery preferences a test sets, standing in for the registry's participant data (replaces the real bean). */
@Alternative
@Priority(1)
@Singleton
public class TestDeliveryPreferences implements DeliveryPreferences {

    private final Map<UUID, URI> webhooks = new ConcurrentHashMap<>();

    public void webhook(String participant, URI url) {
        webhooks.put(UUID.fromString(participant), url);
    }

    @Override
    public Optional<URI> webhook(UUID participant) {
        return Optional.ofNullable(webhooks.get(participant));
    }
}
