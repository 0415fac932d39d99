package nl.knooppunt.routing.push;

import java.net.URI;
import java.util.Optional;
import java.util.UUID;

/** How a participant receives messages: the webhook to push to, or empty for the mailbox (pull). */
public interface DeliveryPreferences {

    /** The participant's webhook if its registered delivery is a webhook; empty means mailbox. */
    Optional<URI> webhook(UUID participant);
}
