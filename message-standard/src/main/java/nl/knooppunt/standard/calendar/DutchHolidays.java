package nl.knooppunt.standard.calendar;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.Month;
import java.util.Set;
import java.util.TreeSet;

/**
 * The Dutch public holidays that stop a working-day count: Nieuwjaarsdag, (optionally Goede Vrijdag,) Eerste en
 * Tweede Paasdag, Koningsdag, Bevrijdingsdag (per {@link LiberationDay}), Hemelvaartsdag, Eerste en Tweede
 * Pinksterdag, Eerste en Tweede Kerstdag.
 *
 * @param liberationDay how 5 May counts
 * @param goodFriday    whether Goede Vrijdag counts as a holiday
 */
public record DutchHolidays(LiberationDay liberationDay, boolean goodFriday) {

    /** The holidays of the Algemene termijnenwet: 5 May every year, Goede Vrijdag not. */
    public static DutchHolidays termijnenwet() {
        return new DutchHolidays(LiberationDay.EVERY_YEAR, false);
    }

    /** Every holiday of the year, in date order. */
    public Set<LocalDate> of(int year) {
        Set<LocalDate> days = new TreeSet<>();
        LocalDate easter = easterSunday(year);
        days.add(LocalDate.of(year, Month.JANUARY, 1));
        if (goodFriday) {
            days.add(easter.minusDays(2));
        }
        days.add(easter);
        days.add(easter.plusDays(1));
        days.add(kingsDay(year));
        if (liberationDay == LiberationDay.EVERY_YEAR
                || (liberationDay == LiberationDay.LUSTRUM && year % 5 == 0)) {
            days.add(LocalDate.of(year, Month.MAY, 5));
        }
        days.add(easter.plusDays(39));
        days.add(easter.plusDays(49));
        days.add(easter.plusDays(50));
        days.add(LocalDate.of(year, Month.DECEMBER, 25));
        days.add(LocalDate.of(year, Month.DECEMBER, 26));
        return days;
    }

    /** Whether the date is one of these holidays. */
    public boolean isHoliday(LocalDate date) {
        return of(date.getYear()).contains(date);
    }

    /**
     * Koningsdag: 27 April, or 26 April when the 27th is a Sunday (since 2014); before 2014 Koninginnedag on
     * 30 April, or 29 April when that was a Sunday.
     */
    static LocalDate kingsDay(int year) {
        LocalDate day = year >= 2014 ? LocalDate.of(year, Month.APRIL, 27) : LocalDate.of(year, Month.APRIL, 30);
        return day.getDayOfWeek() == DayOfWeek.SUNDAY ? day.minusDays(1) : day;
    }

    /** Easter Sunday of the Gregorian calendar (anonymous Gregorian algorithm, Meeus/Jones/Butcher). */
    static LocalDate easterSunday(int year) {
        int a = year % 19;
        int b = year / 100;
        int c = year % 100;
        int d = b / 4;
        int e = b % 4;
        int f = (b + 8) / 25;
        int g = (b - f + 1) / 3;
        int h = (19 * a + b - d - g + 15) % 30;
        int i = c / 4;
        int k = c % 4;
        int l = (32 + 2 * e + 2 * i - h - k) % 7;
        int m = (a + 11 * h + 22 * l) / 451;
        int month = (h + l - 7 * m + 114) / 31;
        int day = ((h + l - 7 * m + 114) % 31) + 1;
        return LocalDate.of(year, month, day);
    }
}
