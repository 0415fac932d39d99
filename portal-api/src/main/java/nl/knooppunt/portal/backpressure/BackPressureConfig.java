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
}
