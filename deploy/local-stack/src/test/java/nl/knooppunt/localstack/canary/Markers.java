package nl.knooppunt.localstack.canary;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import nl.knooppunt.standard.validation.FieldRules;

/**
 * The canary's markers, fresh per run so they occur nowhere else: free text, a BSN that passes the eleven test, an IBAN
 * with valid check digits, an amount in cents and a date. Digit markers match only between non-digits, so a longer
 * number (a timestamp in milliseconds, an offset) that happens to contain one is no false alarm.
 *
 * @param text   free text, e.g. {@code Kanarie3f9a0c12d4e5}
 * @param bsn    nine digits passing the eleven test, not starting with 1, 5, 6 or 7 (today's epoch milliseconds do)
 * @param iban   a Dutch IBAN (random bank letters and account number) with valid mod-97 check digits
 * @param amount ten digits of cents, at most {@link FieldRules#MAX_CENTS}, not starting with 1, 5, 6 or 7
 * @param date   an ISO date between 1901 and 1949
 */
public record Markers(String text, String bsn, String iban, long amount, String date) {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] LEADING_DIGITS = { '2', '3', '4', '8', '9' };

    /** New random markers. */
    public static Markers random() {
        String text = "Kanarie" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        long amount = Long.parseLong(LEADING_DIGITS[RANDOM.nextInt(LEADING_DIGITS.length)] + digits(9));
        LocalDate date = LocalDate.of(1901, 1, 1).plusDays(RANDOM.nextInt(49 * 365));
        return new Markers(text, randomBsn(), randomIban(), amount, date.toString());
    }

    private static String randomBsn() {
        while (true) {
            String first = LEADING_DIGITS[RANDOM.nextInt(LEADING_DIGITS.length)] + digits(7);
            int sum = 0;
            for (int i = 0; i < 8; i++) {
                sum += (first.charAt(i) - '0') * (9 - i);
            }
            int check = sum % 11;
            if (check < 10 && FieldRules.elevenTest(first + check)) {
                return first + check;
            }
        }
    }

    private static String randomIban() {
        StringBuilder bank = new StringBuilder();
        for (int i = 0; i < 4; i++) {
            bank.append((char) ('A' + RANDOM.nextInt(26)));
        }
        String account = bank + digits(10);
        String rearranged = account + "NL00";
        int remainder = 0;
        for (char c : rearranged.toCharArray()) {
            int value = Character.digit(c, 36);
            remainder = value < 10 ? (remainder * 10 + value) % 97 : (remainder * 100 + value) % 97;
        }
        String iban = "NL" + String.format("%02d", 98 - remainder) + account;
        if (!FieldRules.validIban(iban)) {
            throw new IllegalStateException("generated an invalid IBAN");
        }
        return iban;
    }

    private static String digits(int count) {
        StringBuilder digits = new StringBuilder();
        for (int i = 0; i < count; i++) {
            digits.append(RANDOM.nextInt(10));
        }
        return digits.toString();
    }

    /** Every marker by name, as text. */
    public Map<String, String> all() {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("text", text);
        all.put("bsn", bsn);
        all.put("iban", iban);
        all.put("amount", Long.toString(amount));
        all.put("date", date);
        return all;
    }

    /** The names of the markers the text holds. */
    public List<String> foundIn(String haystack) {
        return haystack == null ? List.of() : foundIn(haystack.getBytes(StandardCharsets.UTF_8));
    }

    /** The names of the markers the bytes hold (UTF-8). */
    public List<String> foundIn(byte[] haystack) {
        List<String> found = new ArrayList<>();
        if (haystack == null) {
            return found;
        }
        all().forEach((name, value) -> {
            if (contains(haystack, value.getBytes(StandardCharsets.UTF_8), Character.isDigit(value.charAt(0)))) {
                found.add(name);
            }
        });
        return found;
    }

    /** Whether the needle occurs; with {@code digitBounded}, only where no digit precedes or follows it. */
    public static boolean contains(byte[] haystack, byte[] needle, boolean digitBounded) {
        byte first = needle[0];
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            if (haystack[i] != first) {
                continue;
            }
            for (int j = 1; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            if (digitBounded && (i > 0 && isDigit(haystack[i - 1])
                    || i + needle.length < haystack.length && isDigit(haystack[i + needle.length]))) {
                continue;
            }
            return true;
        }
        return false;
    }

    private static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }
}
