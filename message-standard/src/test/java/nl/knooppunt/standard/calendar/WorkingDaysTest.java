package nl.knooppunt.standard.calendar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalDate;

import org.junit.jupiter.api.Test;

class WorkingDaysTest {

    private final WorkingDays calendar = WorkingDays.netherlands();

    @Test
    void easterBasedHolidaysFollowEaster() {
        assertEquals(LocalDate.of(2026, 4, 5), DutchHolidays.easterSunday(2026));
        assertEquals(LocalDate.of(2025, 4, 20), DutchHolidays.easterSunday(2025));
        assertEquals(LocalDate.of(2027, 3, 28), DutchHolidays.easterSunday(2027));
        var holidays = DutchHolidays.termijnenwet().of(2026);
        assertTrue(holidays.contains(LocalDate.of(2026, 4, 6)), "Tweede Paasdag");
        assertTrue(holidays.contains(LocalDate.of(2026, 5, 14)), "Hemelvaartsdag");
        assertTrue(holidays.contains(LocalDate.of(2026, 5, 25)), "Tweede Pinksterdag");
        assertFalse(holidays.contains(LocalDate.of(2026, 4, 3)), "Goede Vrijdag is off by default");
        assertTrue(new DutchHolidays(LiberationDay.EVERY_YEAR, true).of(2026).contains(LocalDate.of(2026, 4, 3)));
    }

    @Test
    void kingsDayMovesToSaturdayWhenOnSunday() {
        assertEquals(LocalDate.of(2025, 4, 26), DutchHolidays.kingsDay(2025));
        assertEquals(LocalDate.of(2026, 4, 27), DutchHolidays.kingsDay(2026));
        assertEquals(LocalDate.of(2014, 4, 26), DutchHolidays.kingsDay(2014));
    }

    @Test
    void liberationDayEveryYearOrPerLustrum() {
        LocalDate may5 = LocalDate.of(2026, 5, 5);
        assertTrue(DutchHolidays.termijnenwet().isHoliday(may5));
        assertFalse(new DutchHolidays(LiberationDay.LUSTRUM, false).isHoliday(may5));
        assertTrue(new DutchHolidays(LiberationDay.LUSTRUM, false).isHoliday(LocalDate.of(2030, 5, 5)));
        assertFalse(new DutchHolidays(LiberationDay.NEVER, false).isHoliday(LocalDate.of(2030, 5, 5)));
    }

    @Test
    void countingSkipsWeekendsAndHolidays() {
        // Friday 24 April 2026 + 1: Saturday, Sunday and Koningsdag (Monday 27th) are skipped
        assertEquals(LocalDate.of(2026, 4, 28), calendar.plus(LocalDate.of(2026, 4, 24), 1));
        // Christmas 2026 is Friday/Saturday; Thursday 24 December + 1 is Monday 28 December
        assertEquals(LocalDate.of(2026, 12, 28), calendar.plus(LocalDate.of(2026, 12, 24), 1));
        // a Saturday start counts from Monday
        assertEquals(LocalDate.of(2026, 3, 9), calendar.plus(LocalDate.of(2026, 3, 7), 1));
        assertEquals(LocalDate.of(2026, 3, 9), calendar.plus(LocalDate.of(2026, 3, 7), 0));
    }

    @Test
    void fiveWorkingDaysKeepTheLocalTimeAcrossDaylightSaving() {
        // Thursday 26 March 2026 10:00 CET; summer time starts Sunday 29 March; + 5 = Thursday 2 April 10:00 CEST
        Instant start = Instant.parse("2026-03-26T09:00:00Z");
        assertEquals(Instant.parse("2026-04-02T08:00:00Z"), calendar.plus(start, 5));
    }
}
