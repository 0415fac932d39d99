package nl.knooppunt.standard.validation;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import nl.knooppunt.standard.envelope.Violation;

/**
 * The field rules of the standard that JSON Schema cannot express, applied by field name wherever the field occurs
 * in a payload: {@code bsn} (eleven test), {@code iban} (mod 97), {@code oin}, {@code kvkNummer}, {@code postcode},
 * every {@code *InCenten} amount, dates that cannot lie in the future, every {@code begindatum}/{@code einddatum}
 * period and {@code totaalSaldoInCenten} against its {@code vorderingen}. A value of the wrong JSON type is left to
 * the schema, so a field gets one violation rather than two. Messages never contain a payload value.
 */
public final class FieldRules {

    /** Largest amount the standard accepts: 100 million euro, in cents. */
    public static final long MAX_CENTS = 10_000_000_000L;

    private static final BigDecimal MAX = BigDecimal.valueOf(MAX_CENTS);
    private static final Pattern NINE_DIGITS = Pattern.compile("[0-9]{9}");
    private static final Pattern IBAN = Pattern.compile("[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}");
    private static final Pattern IBAN_NL = Pattern.compile("NL[0-9]{2}[A-Z]{4}[0-9]{10}");
    private static final Pattern OIN = Pattern.compile("[0-9]{20}");
    private static final Pattern KVK = Pattern.compile("[0-9]{8}");
    private static final Pattern POSTCODE = Pattern.compile("[1-9][0-9]{3} ?[A-Z]{2}");
    private static final Set<String> POSTCODE_LETTERS_NOT_USED = Set.of("SA", "SD", "SS");
    private static final Set<String> PAST_DATES = Set.of("geboortedatum", "ontstaansdatum", "peildatum",
            "datumBeschikking", "datumUitspraak", "besluitdatum", "achterstandSinds");
    private static final LocalDate EARLIEST = LocalDate.of(1900, 1, 1);
    private static final LocalDate LATEST = LocalDate.of(2199, 12, 31);

    private final Clock clock;

    /** Rules that take "today" from the clock (the standard's clock is Europe/Amsterdam). */
    public FieldRules(Clock clock) {
        this.clock = clock;
    }

    /** Adds every field-rule violation in the payload to {@code violations}. */
    public void check(JsonNode payload, List<Violation> violations) {
        walk(payload, "", LocalDate.now(clock), violations);
    }

    private void walk(JsonNode node, String pointer, LocalDate today, List<Violation> violations) {
        if (node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                String child = pointer + "/" + escape(field.getKey());
                field(field.getKey(), field.getValue(), child, today, violations);
                walk(field.getValue(), child, today, violations);
            }
            period(node, pointer, violations);
            total(node, pointer, violations);
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                walk(node.get(i), pointer + "/" + i, today, violations);
            }
        }
    }

    private static void field(String name, JsonNode value, String pointer, LocalDate today,
            List<Violation> violations) {
        if (name.endsWith("InCenten")) {
            amount(value, pointer, violations);
            return;
        }
        if (!value.isTextual()) {
            return;
        }
        String text = value.textValue();
        switch (name) {
            case "bsn" -> {
                if (NINE_DIGITS.matcher(text).matches() && !elevenTest(text)) {
                    violations.add(new Violation(RuleCodes.BSN, pointer, "must be a BSN that passes the eleven test"));
                }
            }
            case "iban" -> {
                if (!validIban(text)) {
                    violations.add(new Violation(RuleCodes.IBAN, pointer,
                            "must be an IBAN without spaces with valid check digits"));
                }
            }
            case "oin" -> {
                if (!OIN.matcher(text).matches()) {
                    violations.add(new Violation(RuleCodes.OIN, pointer, "must be an OIN of 20 digits"));
                }
            }
            case "kvkNummer" -> {
                if (!KVK.matcher(text).matches()) {
                    violations.add(new Violation(RuleCodes.KVK, pointer, "must be a KvK number of 8 digits"));
                }
            }
            case "postcode" -> {
                if (!validPostcode(text)) {
                    violations.add(new Violation(RuleCodes.POSTCODE, pointer,
                            "must be a Dutch postcode such as 1234 AB"));
                }
            }
            default -> date(name, text, pointer, today, violations);
        }
    }

    private static void date(String name, String text, String pointer, LocalDate today, List<Violation> violations) {
        if (!isDateField(name)) {
            return;
        }
        Optional<LocalDate> date = parse(text);
        if (date.isEmpty()) {
            return;
        }
        if (date.get().isBefore(EARLIEST) || date.get().isAfter(LATEST)) {
            violations.add(new Violation(RuleCodes.DATE_IMPLAUSIBLE, pointer,
                    "must lie between 1900-01-01 and 2199-12-31"));
        } else if (PAST_DATES.contains(name) && date.get().isAfter(today)) {
            violations.add(new Violation(RuleCodes.DATE_IN_FUTURE, pointer, "must not lie in the future"));
        }
    }

    private static boolean isDateField(String name) {
        return PAST_DATES.contains(name) || name.endsWith("datum") || name.endsWith("Tot");
    }

    private static void amount(JsonNode value, String pointer, List<Violation> violations) {
        if (!value.isNumber()) {
            return;
        }
        if (value.isDouble() || value.isFloat()) {
            double d = value.doubleValue();
            if (Double.isNaN(d)) {
                return;
            }
            if (Double.isInfinite(d)) {
                violations.add(d > 0 ? tooLarge(pointer) : negative(pointer));
                return;
            }
        }
        BigDecimal cents = value.decimalValue();
        if (cents.signum() < 0) {
            violations.add(negative(pointer));
        } else if (cents.compareTo(MAX) > 0) {
            violations.add(tooLarge(pointer));
        }
    }

    private static Violation negative(String pointer) {
        return new Violation(RuleCodes.AMOUNT_NEGATIVE, pointer, "must not be negative");
    }

    private static Violation tooLarge(String pointer) {
        return new Violation(RuleCodes.AMOUNT_TOO_LARGE, pointer, "must be at most " + MAX_CENTS + " cents");
    }

    private static void period(JsonNode node, String pointer, List<Violation> violations) {
        JsonNode begin = node.get("begindatum");
        JsonNode end = node.get("einddatum");
        if (begin == null || end == null || !begin.isTextual() || !end.isTextual()) {
            return;
        }
        Optional<LocalDate> from = parse(begin.textValue());
        Optional<LocalDate> to = parse(end.textValue());
        if (from.isPresent() && to.isPresent() && !to.get().isAfter(from.get())) {
            violations.add(new Violation(RuleCodes.PERIOD_END_BEFORE_START, pointer + "/einddatum",
                    "must lie after begindatum"));
        }
    }

    private static void total(JsonNode node, String pointer, List<Violation> violations) {
        JsonNode total = node.get("totaalSaldoInCenten");
        JsonNode parts = node.get("vorderingen");
        if (total == null || !total.isIntegralNumber() || parts == null || !parts.isArray() || parts.isEmpty()) {
            return;
        }
        BigInteger sum = BigInteger.ZERO;
        for (JsonNode part : parts) {
            JsonNode saldo = part.get("saldoInCenten");
            if (saldo == null || !saldo.isIntegralNumber()) {
                return;
            }
            sum = sum.add(saldo.bigIntegerValue());
        }
        if (!sum.equals(total.bigIntegerValue())) {
            violations.add(new Violation(RuleCodes.TOTAL_MISMATCH, pointer + "/totaalSaldoInCenten",
                    "must equal the sum of vorderingen[].saldoInCenten"));
        }
    }

    /** Whether nine digits pass the BSN eleven test (and are not all zero). */
    public static boolean elevenTest(String nineDigits) {
        int sum = 0;
        for (int i = 0; i < 8; i++) {
            sum += (nineDigits.charAt(i) - '0') * (9 - i);
        }
        sum -= nineDigits.charAt(8) - '0';
        return sum % 11 == 0 && !nineDigits.equals("000000000");
    }

    /** Whether the text is an IBAN (no spaces, upper case; Dutch ones 18 characters) with valid check digits. */
    public static boolean validIban(String iban) {
        if (!IBAN.matcher(iban).matches() || (iban.startsWith("NL") && !IBAN_NL.matcher(iban).matches())) {
            return false;
        }
        String rearranged = iban.substring(4) + iban.substring(0, 4);
        int remainder = 0;
        for (int i = 0; i < rearranged.length(); i++) {
            int value = Character.digit(rearranged.charAt(i), 36);
            remainder = value < 10 ? (remainder * 10 + value) % 97 : (remainder * 100 + value) % 97;
        }
        return remainder == 1;
    }

    private static boolean validPostcode(String postcode) {
        return POSTCODE.matcher(postcode).matches()
                && !POSTCODE_LETTERS_NOT_USED.contains(postcode.substring(postcode.length() - 2));
    }

    private static Optional<LocalDate> parse(String text) {
        try {
            return Optional.of(LocalDate.parse(text));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    static String escape(String property) {
        return property.replace("~", "~0").replace("/", "~1");
    }
}
