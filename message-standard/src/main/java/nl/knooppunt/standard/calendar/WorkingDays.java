package nl.knooppunt.standard.calendar;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * Counts working days in the Netherlands: Monday to Friday except {@link DutchHolidays}, in the
 * {@code Europe/Amsterdam} time zone by default. Adding n working days to a moment gives the same local time on the
 * n-th working day after that moment's date (a weekend or holiday start counts from the next working day).
 *
 * @param holidays the holidays that are not working days
 * @param zone     the zone whose dates count
 */
public record WorkingDays(DutchHolidays holidays, ZoneId zone) {

    /** The time zone of the Dutch calendar. */
    public static final ZoneId AMSTERDAM = ZoneId.of("Europe/Amsterdam");

    /** Working days under the Algemene termijnenwet in Amsterdam time. */
    public static WorkingDays netherlands() {
        return new WorkingDays(DutchHolidays.termijnenwet(), AMSTERDAM);
    }

    /** Whether the date is a working day. */
    public boolean isWorkingDay(LocalDate date) {
        DayOfWeek day = date.getDayOfWeek();
        return day != DayOfWeek.SATURDAY && day != DayOfWeek.SUNDAY && !holidays.isHoliday(date);
    }

    /** The n-th working day after the date (n = 0: the date itself if it is a working day, else the next one). */
    public LocalDate plus(LocalDate date, int workingDays) {
        if (workingDays < 0) {
            throw new IllegalArgumentException("working days must not be negative");
        }
        LocalDate day = date;
        if (workingDays == 0) {
            while (!isWorkingDay(day)) {
                day = day.plusDays(1);
            }
            return day;
        }
        int left = workingDays;
        while (left > 0) {
            day = day.plusDays(1);
            if (isWorkingDay(day)) {
                left--;
            }
        }
        return day;
    }

    /** The same local time on the n-th working day after the moment's date. */
    public Instant plus(Instant moment, int workingDays) {
        ZonedDateTime local = moment.atZone(zone);
        LocalDate day = plus(local.toLocalDate(), workingDays);
        return local.with(day).toInstant();
    }
}
