package nl.knooppunt.portal.ratelimit;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Request rate limits of the public API, per API client (OIDC client id), portal organisation or address. */
@ConfigMapping(prefix = "knooppunt.rate-limit")
public interface RateLimitConfig {

    /** Off switch. */
    @WithDefault("true")
    boolean enabled();

    /** Sustained requests per second each caller may make. */
    @WithDefault("50")
    double requestsPerSecond();

    /** Requests a caller may make at once above the sustained rate (the bucket size). */
    @WithDefault("100")
    int burst();

    /** Sustained requests per second for callers without a token, per remote address. */
    @WithDefault("20")
    double anonymousRequestsPerSecond();

    /** Burst for callers without a token, per remote address. */
    @WithDefault("40")
    int anonymousBurst();

    /** How long an idle caller's bucket is kept (memory bound together with {@link #maxCallers()}). */
    @WithDefault("10m")
    Duration idleExpiry();

    /** The most callers tracked at once; the least recently seen are forgotten first. */
    @WithDefault("100000")
    long maxCallers();
}
