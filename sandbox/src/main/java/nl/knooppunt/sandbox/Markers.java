package nl.knooppunt.sandbox;

import java.time.Duration;
import java.util.Optional;

/**
 * What a sender asks of the sandbox through the reference field {@code referentieSchuldhulpverlener} of a request
 * (docs/sandbox.md). Without a marker the sandbox answers at once, per the protocol.
 *
 * <ul>
 * <li>{@code SANDBOX-LATE} or {@code SANDBOX-LATE-<seconds>}: the answer comes after that many seconds (default
 * {@value #DEFAULT_LATE_SECONDS}, at most {@value #MAX_LATE_SECONDS});</li>
 * <li>{@code SANDBOX-NO-ANSWER}: no answer at all, so the request becomes overdue and expires at the hub;</li>
 * <li>{@code SANDBOX-GEEN-MEDEWERKING}: a saldoverzoek is answered with geen-medewerking (closes the conversation);</li>
 * <li>{@code SANDBOX-VIOLATION-<code>}: the sandbox first sends an answer that breaks rule {@code <code>} (the hub
 * refuses it with 422), then the valid answer, whose {@code toelichting} names the code and pointer the hub
 * answered;</li>
 * <li>{@code SANDBOX-SALDOVERZOEK} in a statusverzoek to the Sandbox Schuldhulpverlener: it also sends a saldoverzoek
 * to the creditor that asked, so a creditor's system can practise answering one.</li>
 * </ul>
 */
public record Markers(Duration delay, boolean noAnswer, boolean geenMedewerking, String violation,
        boolean sendSaldoverzoek) {

    /** Prefix of every marker. */
    public static final String PREFIX = "SANDBOX-";
    static final int DEFAULT_LATE_SECONDS = 30;
    static final int MAX_LATE_SECONDS = 600;

    /** No marker: answer at once, per the protocol. */
    public static final Markers NONE = new Markers(Duration.ZERO, false, false, null, false);

    /** The markers of this reference (null or without a marker: {@link #NONE}). */
    public static Markers of(String reference) {
        if (reference == null || !reference.startsWith(PREFIX)) {
            return NONE;
        }
        String rest = reference.substring(PREFIX.length());
        if (rest.startsWith("LATE")) {
            return new Markers(Duration.ofSeconds(lateSeconds(rest.substring("LATE".length()))), false, false, null,
                    false);
        }
        if (rest.startsWith("NO-ANSWER")) {
            return new Markers(Duration.ZERO, true, false, null, false);
        }
        if (rest.startsWith("GEEN-MEDEWERKING")) {
            return new Markers(Duration.ZERO, false, true, null, false);
        }
        if (rest.startsWith("VIOLATION-") && rest.length() > "VIOLATION-".length()) {
            return new Markers(Duration.ZERO, false, false, rest.substring("VIOLATION-".length()), false);
        }
        if (rest.startsWith("SALDOVERZOEK")) {
            return new Markers(Duration.ZERO, false, false, null, true);
        }
        return NONE;
    }

    private static int lateSeconds(String suffix) {
        if (suffix.startsWith("-")) {
            String digits = suffix.substring(1).replaceAll("[^0-9].*$", "");
            if (!digits.isEmpty() && digits.length() <= 4) {
                return Math.min(MAX_LATE_SECONDS, Integer.parseInt(digits));
            }
        }
        return DEFAULT_LATE_SECONDS;
    }

    /** The marker of a request's payload. */
    public static Optional<String> reference(com.fasterxml.jackson.databind.JsonNode payload) {
        return Optional.ofNullable(payload).map(p -> p.path("referentieSchuldhulpverlener"))
                .filter(com.fasterxml.jackson.databind.JsonNode::isTextual)
                .map(com.fasterxml.jackson.databind.JsonNode::asText);
    }
}
