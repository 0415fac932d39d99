package nl.knooppunt.routing.push;

import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import nl.knooppunt.routing.config.RoutingConfig;
import nl.knooppunt.kit.participant.ParticipantCache;

/**
 * Delivery preferences as registered in the registry (the participant cache of {@code ParticipantSnapshot.delivery()}),
 * with an operator override by configuration ({@code knooppunt.routing.push.webhooks."<participant id>"=<url>}).
 * Unknown participants and those registered for the mailbox use the mailbox.
 */
@ApplicationScoped
public class RegisteredDeliveryPreferences implements DeliveryPreferences {

    private final Map<String, String> overrides;
    private final ParticipantCache participants;

    public RegisteredDeliveryPreferences(RoutingConfig config, ParticipantCache participants) {
        this.overrides = Map.copyOf(config.routing().push().webhooks());
        this.participants = participants;
    }

    @Override
    public Optional<URI> webhook(UUID participant) {
        String id = participant.toString();
        String override = overrides.get(id);
        return override != null ? Optional.of(URI.create(override)) : participants.webhook(id);
    }
}
