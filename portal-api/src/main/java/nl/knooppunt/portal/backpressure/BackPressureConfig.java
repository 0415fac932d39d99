package nl.knooppunt.portal.backpressure;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How portal-api sheds load when Kafka or validation-service cannot keep up (503 with Retry-After). */
@ConfigMapping(prefix = "knooppunt.back-pressure")
public interface BackPressureConfig {

    /** Submissions a replica handles at once (sent and awaiting their verdict); more are refused at once. */
    @WithDefault("256")
    int maxInFlightSubmissions();

    /**
     * How long handing a submission to Kafka may take before the caller gets 503; keep it above the producer's
     * {@code delivery.timeout.ms}, so the producer has given up on the record when the caller hears 503.
     */
    @WithDefault("12s")
    Duration sendTimeout();

    /** After a failed send, how long new submissions are refused at once instead of waiting for Kafka. */
    @WithDefault("2s")
    Duration failFastAfterSendFailure();

    /** The Retry-After of every 503 that back-pressure answers. */
    @WithDefault("5s")
    Duration retryAfter();

    /**
     * Routing-service's delivery backlog (records on {@code knooppunt.deliveries} its consumer group has not yet
     * committed) above which new submissions are refused with 503: about 5 s of work at 1,000 delivered messages a
     * second. The hub then never accepts faster than it delivers for longer than that. 0 switches the check off.
     */
    @WithDefault("5000")
    long maxDeliveryBacklog();

    /** How often the delivery backlog is read from Kafka (one admin request per replica per interval). */
    @WithDefault("1s")
    Duration deliveryBacklogInterval();

    /**
     * The consumer group whose backlog is bounded: routing-service's group on {@code knooppunt.deliveries}
     * ({@code mp.messaging.incoming.deliveries.group.id} there).
     */
    @WithDefault("routing-service")
    String deliveryGroup();
}
