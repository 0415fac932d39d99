package nl.knooppunt.routing.support;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import jakarta.inject.Singleton;

/** The application's clock in tests: the system clock until a test fixes it; replaces the default clock bean. */
@Singleton
public class TestClock extends Clock {

    private volatile Instant fixed;

    /** Fixes the clock at the instant. */
    public void set(Instant instant) {
        fixed = instant;
    }

    /** Back to the system clock. */
    public void reset() {
        fixed = null;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        Instant now = fixed;
        return now == null ? Instant.now() : now;
    }
}
