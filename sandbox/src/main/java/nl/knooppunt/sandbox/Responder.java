package nl.knooppunt.sandbox;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The rules of the sandbox counterpart (docs/sandbox.md): what a simulated participant sends when a message reaches
 * it. Pure: no I/O, the same message on the same day always gives the same plan, so tests check it with the
 * standard's validator.
 *
 * <ul>
 * <li>saldoverzoek: a saldoverzoek-antwoord with one to three generated vorderingen (deterministic per reference);</li>
 * <li>betaalvoorstel and heroverweging: betaalvoorstel-antwoord {@code akkoord} when the proposal repays the whole
 * claim ({@code voorstel.totaalBedragInCenten >= vordering.saldoInCenten}) in at most
 * {@value #MAX_TERMIJNEN} instalments, else {@code afwijzing} with {@code voorstel-te-laag} or
 * {@code looptijd-te-lang}; a heroverweging without a proposal is accepted;</li>
 * <li>statusverzoek: a statusbericht ({@code lopend});</li>
 * <li>anything else that needs no answer (answers to the sandbox's own requests): nothing.</li>
 * </ul>
 * The {@link Markers} in {@code referentieSchuldhulpverlener} change this.
 */
public final class Responder {

    /** The most instalments the sandbox accepts in a betaalvoorstel. */
    public static final int MAX_TERMIJNEN = 36;
    /** Codes a {@code SANDBOX-VIOLATION-<code>} marker can ask for. */
    public static final Set<String> VIOLATIONS = Set.of("schema.required", "schema.enum", "field.iban",
            "field.total-mismatch", "field.date-in-future", "protocol.in-reply-to-required",
            "protocol.already-answered");

    static final String IBAN = "NL91ABNA0417164300";
    private static final ZoneId ZONE = ZoneId.of("Europe/Amsterdam");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Clock clock;

    public Responder(Clock clock) {
        this.clock = clock;
    }

    /** On the system clock. */
    public Responder() {
        this(Clock.system(ZONE));
    }

    /**
     * A message that should be sent.
     *
     * @param module            module of the standard
     * @param type              message type
     * @param recipient         participant id it goes to
     * @param inReplyTo         the message it answers, or null
     * @param payload           the content
     * @param meantToBeRefused  whether this message breaks a rule on purpose ({@code SANDBOX-VIOLATION-...}): the
     *                          hub must refuse it with 422
     */
    public record Outgoing(String module, String type, String recipient, String inReplyTo, ObjectNode payload,
            boolean meantToBeRefused) {
    }

    /**
     * What to do with a received message.
     *
     * @param markers the markers found
     * @param steps   the messages to send, in order, after {@code markers.delay()}
     * @param note    a line for the counterpart's log
     */
    public record Plan(Markers markers, List<Outgoing> steps, String note) {
    }

    /**
     * The plan for a message that reached a simulated participant.
     *
     * @param messageId id of the received message
     * @param module    its module
     * @param type      its type
     * @param sender    who sent it (the answer goes there)
     * @param payload   its decrypted content
     */
    public Plan plan(String messageId, String module, String type, String sender, JsonNode payload) {
        String reference = Markers.reference(payload).orElse("onbekend");
        Markers markers = Markers.of(reference);
        if (markers.noAnswer()) {
            return new Plan(markers, List.of(), "no answer (SANDBOX-NO-ANSWER)");
        }
        ObjectNode answer;
        String answerType;
        switch (type) {
            case "saldoverzoek" -> {
                if (markers.geenMedewerking()) {
                    answerType = "geen-medewerking";
                    answer = geenMedewerking(reference);
                } else {
                    answerType = "saldoverzoek-antwoord";
                    answer = saldoverzoekAntwoord(reference);
                }
            }
            case "betaalvoorstel", "heroverweging" -> {
                answerType = "betaalvoorstel-antwoord";
                answer = betaalvoorstelAntwoord(reference, payload);
            }
            case "statusverzoek" -> {
                answerType = "statusbericht";
                answer = statusbericht(reference, payload);
            }
            default -> {
                return new Plan(markers, List.of(), "received " + module + "/" + type + "; nothing to answer");
            }
        }
        Outgoing valid = new Outgoing(module, answerType, sender, messageId, answer, false);
        List<Outgoing> steps = new ArrayList<>();
        String note = "answers " + type + " with " + answerType
                + (answerType.equals("betaalvoorstel-antwoord") ? " (" + answer.path("besluit").asText() + ")" : "");
        if (markers.violation() != null) {
            String code = markers.violation();
            if (code.equals("protocol.already-answered")) {
                steps.add(valid);
                steps.add(new Outgoing(module, answerType, sender, messageId, answer.deepCopy(), true));
            } else if (VIOLATIONS.contains(code)) {
                steps.add(new Outgoing(module, answerType, sender, code.equals("protocol.in-reply-to-required")
                        ? null : messageId, breaking(code, answerType, answer.deepCopy()), true));
                steps.add(valid);
            } else {
                answer.put("toelichting", "Sandbox: onbekende overtreding " + code + "; mogelijk zijn "
                        + String.join(", ", VIOLATIONS.stream().sorted().toList()) + ".");
                steps.add(valid);
            }
            note += ", after a message breaking " + code;
        } else {
            steps.add(valid);
        }
        if (markers.sendSaldoverzoek() && type.equals("statusverzoek")) {
            steps.add(new Outgoing("schuldinventarisatie", "saldoverzoek", sender, null, saldoverzoek(messageId),
                    false));
            note += ", and sends a saldoverzoek";
        }
        if (!markers.delay().isZero()) {
            note += " after " + markers.delay().toSeconds() + " s (SANDBOX-LATE)";
        }
        return new Plan(markers, List.copyOf(steps), note);
    }

    /** The answer with rule {@code code} broken on purpose. */
    static ObjectNode breaking(String code, String answerType, ObjectNode answer) {
        switch (code) {
            case "schema.required" -> answer.remove("referentieSchuldhulpverlener");
            case "schema.enum" -> {
                if (answer.has("besluit")) {
                    answer.put("besluit", "misschien");
                } else if (answer.has("status")) {
                    answer.put("status", "onbekend");
                } else if (answer.has("reden")) {
                    answer.put("reden", "geen-zin");
                } else {
                    ((ObjectNode) answer.withArray("vorderingen").get(0)).put("soortSchuld", "Onbekend");
                }
            }
            case "field.iban" -> answer.putObject("betaalgegevens").put("iban", "NL00ABNA0417164300")
                    .put("tenaamstelling", "Sandbox Schuldeiser");
            case "field.total-mismatch" -> {
                if (answer.has("totaalSaldoInCenten")) {
                    answer.put("totaalSaldoInCenten", answer.get("totaalSaldoInCenten").asLong() + 1);
                } else {
                    answer.remove("referentieSchuldhulpverlener");
                }
            }
            case "field.date-in-future" -> answer.put("peildatum", LocalDate.now(ZONE).plusDays(30).toString());
            default -> {
                // protocol violations break the envelope, not the payload
            }
        }
        return answer;
    }

    ObjectNode saldoverzoekAntwoord(String reference) {
        byte[] seed = seed(reference);
        LocalDate today = LocalDate.now(clock.withZone(ZONE));
        ObjectNode answer = JSON.createObjectNode();
        answer.put("referentieSchuldhulpverlener", reference);
        answer.put("peildatum", today.toString());
        ArrayNode vorderingen = answer.putArray("vorderingen");
        int count = 1 + Byte.toUnsignedInt(seed[0]) % 3;
        long total = 0;
        String[] soorten = { "Nuts", "Overig", "Zorg" };
        for (int i = 0; i < count; i++) {
            long hoofdsom = 5_000 + (Byte.toUnsignedInt(seed[1 + i]) * 256L + Byte.toUnsignedInt(seed[4 + i])) * 3;
            long rente = hoofdsom / 50;
            long kosten = i == 0 ? 4_000 : 0;
            long afgelost = (i == 1) ? hoofdsom / 10 : 0;
            long saldo = hoofdsom + rente + kosten - afgelost;
            total += saldo;
            ObjectNode v = vorderingen.addObject();
            v.put("referentieSchuldeiser", "SBX-" + hex(seed, 8) + "-" + (i + 1));
            v.put("soortSchuld", soorten[i % soorten.length]);
            v.put("omschrijving", "Gesimuleerde vordering " + (i + 1) + " (sandbox)");
            v.put("ontstaansdatum", today.minusDays(30 + Byte.toUnsignedInt(seed[8 + i])).toString());
            v.put("hoofdsomInCenten", hoofdsom);
            v.put("renteInCenten", rente);
            v.put("kostenInCenten", kosten);
            v.put("afgelostInCenten", afgelost);
            v.put("saldoInCenten", saldo);
        }
        answer.put("totaalSaldoInCenten", total);
        answer.putObject("contactpersoon").put("naam", "Sandbox Schuldeiser (gesimuleerd)")
                .put("email", "sandbox@knooppunt.nl");
        answer.putObject("betaalgegevens").put("iban", IBAN).put("tenaamstelling", "Sandbox Schuldeiser")
                .put("betalingskenmerk", "SBX-" + hex(seed, 4));
        answer.put("toelichting", "Gegenereerd door de sandbox van Knooppunt: geen echte gegevens.");
        return answer;
    }

    static ObjectNode geenMedewerking(String reference) {
        ObjectNode answer = JSON.createObjectNode();
        answer.put("referentieSchuldhulpverlener", reference);
        answer.put("reden", "weigering");
        answer.put("toelichting", "Sandbox: geen medewerking op verzoek (SANDBOX-GEEN-MEDEWERKING).");
        return answer;
    }

    static ObjectNode betaalvoorstelAntwoord(String reference, JsonNode request) {
        ObjectNode answer = JSON.createObjectNode();
        answer.put("referentieSchuldhulpverlener", reference);
        JsonNode claimReference = request.path("vordering").path("referentieSchuldeiser");
        if (claimReference.isTextual() && !claimReference.asText().isEmpty()) {
            answer.put("referentieSchuldeiser", claimReference.asText());
        }
        JsonNode voorstel = request.path("voorstel");
        long offered = voorstel.path("totaalBedragInCenten").asLong(0);
        long claim = request.path("vordering").path("saldoInCenten").asLong(0);
        int termijnen = voorstel.path("aantalTermijnen").asInt(1);
        if (voorstel.isObject() && offered < claim) {
            answer.put("besluit", "afwijzing");
            answer.put("redenAfwijzing", "voorstel-te-laag");
            answer.put("toelichting", "Sandbox: het voorstel (" + offered + " cent) lost de vordering (" + claim
                    + " cent) niet volledig af.");
        } else if (voorstel.isObject() && termijnen > MAX_TERMIJNEN) {
            answer.put("besluit", "afwijzing");
            answer.put("redenAfwijzing", "looptijd-te-lang");
            answer.put("toelichting", "Sandbox: hoogstens " + MAX_TERMIJNEN + " termijnen.");
        } else {
            answer.put("besluit", "akkoord");
            answer.putObject("betaalgegevens").put("iban", IBAN).put("tenaamstelling", "Sandbox Schuldeiser")
                    .put("betalingskenmerk", "SBX-" + hex(seed(reference), 4));
            answer.put("toelichting", "Sandbox: akkoord, het voorstel lost de vordering volledig af.");
        }
        return answer;
    }

    ObjectNode statusbericht(String reference, JsonNode request) {
        byte[] seed = seed(reference);
        ObjectNode answer = JSON.createObjectNode();
        answer.put("referentieSchuldhulpverlener", reference);
        JsonNode theirs = request.path("referentieSchuldeiser");
        if (theirs.isTextual() && !theirs.asText().isEmpty()) {
            answer.put("referentieSchuldeiser", theirs.asText());
        }
        answer.put("status", "lopend");
        answer.put("peildatum", LocalDate.now(clock.withZone(ZONE)).toString());
        answer.put("ontvangenInCenten", 1_000L * (1 + Byte.toUnsignedInt(seed[0]) % 50));
        answer.put("openstaandInCenten", 1_000L * (1 + Byte.toUnsignedInt(seed[1]) % 200));
        answer.put("toelichting", "Gegenereerd door de sandbox van Knooppunt.");
        return answer;
    }

    /** A saldoverzoek of the Sandbox Schuldhulpverlener about a fictitious client (BSN passes the eleven test). */
    ObjectNode saldoverzoek(String cause) {
        ObjectNode request = JSON.createObjectNode();
        request.put("referentieSchuldhulpverlener", "SBX-SHV-" + hex(seed(cause), 6));
        request.put("peildatum", LocalDate.now(clock.withZone(ZONE)).toString());
        ObjectNode client = request.putObject("client");
        client.put("bsn", "999993653");
        client.put("voorletters", "S.");
        client.put("voornamen", "Sandra");
        client.put("achternaam", "Sandbox");
        client.put("geboortedatum", "1980-01-01");
        client.putObject("adres").put("straat", "Proefstraat").put("huisnummer", 1).put("postcode", "1234 AB")
                .put("woonplaats", "Voorbeeldstad");
        request.put("toelichting", "Saldoverzoek van de sandbox (SANDBOX-SALDOVERZOEK).");
        return request;
    }

    private static byte[] seed(String reference) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(reference.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hex(byte[] bytes, int length) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; out.length() < length; i++) {
            out.append(String.format("%02X", bytes[i]));
        }
        return out.substring(0, length);
    }
}
