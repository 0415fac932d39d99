package nl.knooppunt.routing.common.time;

import java.time.Clock;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.quarkus.arc.DefaultBean;
import nl.knooppunt.routing.config.RoutingConfig;
import nl.knooppunt.standard.calendar.DutchHolidays;
import nl.knooppunt.standard.calendar.WorkingDays;

/** The clock every time-based decision uses (replaceable in tests) and the configured working-day calendar. */
public class TimeProducers {

    @Produces
    @Singleton
    @DefaultBean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Produces
    @Singleton
    WorkingDays workingDays(RoutingConfig config) {
        RoutingConfig.Calendar calendar = config.routing().calendar();
        return new WorkingDays(new DutchHolidays(calendar.liberationDay(), calendar.goodFriday()),
                WorkingDays.AMSTERDAM);
    }
}
