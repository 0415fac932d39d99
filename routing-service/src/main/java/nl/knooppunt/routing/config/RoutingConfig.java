package nl.knooppunt.routing.config;

import java.nio.file.Path;
import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Typed configuration of routing-service under {@code knooppunt.*}. */
@ConfigMapping(prefix = "knooppunt")
public interface RoutingConfig {

    /** Directory with the hub's key files ({@code nl.knooppunt.standard.crypto.HubSecrets} layout). */
    Path secretsDir();

    /** Settings of the routing itself. */
    Routing routing();

    /** Settings of the mailbox and of the delivery intake. */
    interface Routing {

        /** How long a message waits in a mailbox after submission before it expires; default 5 days. */
        @WithDefault("P5D")
        Duration retention();

        /** Page size of a mailbox listing when the caller gives no {@code limit}; default 50. */
        @WithDefault("50")
        int defaultPageSize();

        /** Largest {@code limit} a mailbox listing accepts; default 500. */
        @WithDefault("500")
        int maxPageSize();

        /** The only service whose envelope assertions vouch for deliveries; default {@code validation-service}. */
        @WithDefault("validation-service")
        String deliveryIssuer();

        /** Retries of a delivery whose storage failed for a transient reason before the consumer fails; default 8. */
        @WithDefault("8")
        int storeRetries();

        /** First back-off between those retries (doubling up to 10 s); default 200 ms. */
        @WithDefault("PT0.2S")
        Duration storeBackoff();
    }
}
