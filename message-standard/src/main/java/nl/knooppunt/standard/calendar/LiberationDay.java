package nl.knooppunt.standard.calendar;

/** How Bevrijdingsdag (5 May) counts: every year (Algemene termijnenwet), once per lustrum (many CAOs), or never. */
public enum LiberationDay {
    /** 5 May is a holiday every year, as the Algemene termijnenwet counts it; the default. */
    EVERY_YEAR,
    /** 5 May is a holiday only in years divisible by 5 (2025, 2030, ...), as many collective agreements count it. */
    LUSTRUM,
    /** 5 May is an ordinary day. */
    NEVER
}
