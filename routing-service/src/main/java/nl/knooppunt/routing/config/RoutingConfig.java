package nl.knooppunt.routing.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import nl.knooppunt.standard.calendar.LiberationDay;

/** Typed configuration of routing-service under {@code knooppunt.*}. */
@ConfigMapping(prefix = "knooppunt")
public interface RoutingConfig {

    /** Directory with the hub's key files ({@code nl.knooppunt.standard.crypto.HubSecrets} layout). */
    Path secretsDir();

    /** Settings of the routing itself. */
    Routing routing();

    /** How long what is left of a message is kept after its life ended (docs/privacy.md, ADR 0044). */
    Retention retention();

    /** Domain metrics (docs/operations.md). */
    Metrics metrics();

    /** Retention of message metadata. */
    interface Retention {

        /**
         * How long the metadata row of a message (ids, module, type, sender, recipient, times, feed events, reply
         * deadline) is kept after its life ended (acknowledged, expired, failed, or delivered by push); the expiry job
         * then deletes it and the sender's status answers 404. ISO-8601; default P90D.
         */
        @WithDefault("P90D")
        Duration metadata();

        /** Metadata rows deleted per statement at most, so no statement holds its locks long; default 500. */
        @WithDefault("500")
        int batchSize();
    }

    /** Domain metrics computed from the database. */
    interface Metrics {

        /** How often the mailbox gauges (waiting messages, oldest waiting) are read from the database; 30 s. */
        @WithDefault("PT30S")
        Duration interval();
    }

    /** Settings of the mailbox and of the delivery intake. */
    interface Routing {

        /** Working days a message waits for its recipient after submission before it expires; default 5. */
        @WithDefault("5")
        int retentionWorkingDays();

        /** The working-day calendar (Dutch public holidays). */
        Calendar calendar();

        /** Page size of a mailbox listing when the caller gives no {@code limit}; default 50. */
        @WithDefault("50")
        int defaultPageSize();

        /** Largest {@code limit} a mailbox listing accepts; default 500. */
        @WithDefault("500")
        int maxPageSize();

        /**
         * Most recipients a combined mailbox call (ADR 0038) names, so one call stays one bounded statement; default
         * 10000.
         */
        @WithDefault("10000")
        int maxCombinedRecipients();

        /** The only service whose envelope assertions vouch for deliveries; default {@code validation-service}. */
        @WithDefault("validation-service")
        String deliveryIssuer();

        /**
         * Retries of a delivery whose storage failed for a transient reason (database down); negative: no limit, the
         * record waits in place until the database is back (ADR 0024). When a limit is set and reached the consumer
         * fails. Default -1.
         */
        @WithDefault("-1")
        int storeRetries();

        /** First back-off between those retries (doubling up to 10 s); default 200 ms. */
        @WithDefault("PT0.2S")
        Duration storeBackoff();

        /** Push delivery to webhooks. */
        Push push();

        /** The expiry job. */
        Expiry expiry();

        /** Reply deadlines of requests. */
        Deadlines deadlines();

        /** The events feed. */
        Feed feed();
    }

    /** Which days count as working days. */
    interface Calendar {

        /** How Bevrijdingsdag (5 May) counts; default every year, as in the Algemene termijnenwet. */
        @WithDefault("every-year")
        LiberationDay liberationDay();

        /** Whether Goede Vrijdag is a holiday; default false. */
        @WithDefault("false")
        boolean goodFriday();
    }

    /** Push delivery to webhook receivers. */
    interface Push {

        /** How often due pushes are looked for (new ones are also started at once); default 1 s. */
        @WithDefault("PT1S")
        Duration tick();

        /** Pushes in flight to one receiver at most, so a slow receiver never holds up others; default 4. */
        @WithDefault("4")
        int maxConcurrencyPerReceiver();

        /** Pushes claimed per round at most; default 100. */
        @WithDefault("100")
        int batchSize();

        /** Back-off before the first retry; doubles per attempt up to {@link #maxBackoff()}, with jitter; 10 s. */
        @WithDefault("PT10S")
        Duration initialBackoff();

        /** Longest back-off between two attempts; default 1 h. */
        @WithDefault("PT1H")
        Duration maxBackoff();

        /** Time a receiver has to answer one push; default 10 s. */
        @WithDefault("PT10S")
        Duration timeout();

        /** Whether plain http webhook URLs are allowed (local stack and tests only); default false. */
        @WithDefault("false")
        boolean allowHttp();

        /** Webhooks set by configuration, participant id to URL (an operator override of the registry). */
        Map<String, String> webhooks();

        /**
         * How long the signing secrets of a receiver, read from registry-service, are kept in memory before they are
         * read again (a rotation reaches the pushes within this time; a secret past its end never signs); 60 s.
         */
        @WithDefault("PT60S")
        Duration secretsCacheTtl();

        /** Receivers whose signing secrets are kept in memory at most; default 10,000. */
        @WithDefault("10000")
        int secretsCacheSize();
    }

    /** The job that deletes payloads whose retention has ended. */
    interface Expiry {

        /** How often it runs; default 1 min. */
        @WithDefault("PT1M")
        Duration interval();

        /** Messages expired per statement at most; default 500. */
        @WithDefault("500")
        int batchSize();

        /** How long idempotency keys of submissions are kept; default 24 h. */
        @WithDefault("PT24H")
        Duration idempotencyKeyTtl();
    }

    /** Reply deadlines of requests, from {@code MessageType.replyPeriodWorkingDays()}. */
    interface Deadlines {

        /** Working days before the deadline at which the recipient gets a reminder event; default 2. */
        @WithDefault("2")
        int reminderWorkingDays();

        /** How often deadlines are checked; default 1 min. */
        @WithDefault("PT1M")
        Duration interval();
    }

    /** The events feed of a participant. */
    interface Feed {

        /** Events younger than this are held back, so a cursor never skips a slower concurrent write; 1 s. */
        @WithDefault("PT1S")
        Duration settle();

        /** Page size of the feed when the caller gives no {@code limit}; default 100. */
        @WithDefault("100")
        int defaultPageSize();
    }
}
