package nl.knooppunt.routing.delivery.kafka;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How many delivery records routing-service stores at the same time. */
@ConfigMapping(prefix = "knooppunt.deliveries")
public interface DeliveryConcurrencyConfig {

    /**
     * Records stored concurrently (default 64). Records of one recipient (the record key) are still stored one after
     * another in offset order; records of different recipients overlap.
     */
    @WithDefault("64")
    int concurrency();
}
