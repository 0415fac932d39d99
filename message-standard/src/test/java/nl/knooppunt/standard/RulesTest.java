package nl.knooppunt.standard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import nl.knooppunt.standard.catalogue.Catalogue;
import nl.knooppunt.standard.catalogue.MessageType;
import nl.knooppunt.standard.catalogue.ParticipantKind;
import nl.knooppunt.standard.envelope.Violation;
import nl.knooppunt.standard.validation.AttachmentRules;
import nl.knooppunt.standard.validation.MessageValidator;
import nl.knooppunt.standard.validation.PayloadValidator;

/**
 * Table-driven: each row breaks one rule of the standard in an otherwise valid example and expects exactly that
 * rule's code at that pointer; the same row with the good value expects no violation at all.
 */
class RulesTest {

    private static final Catalogue CATALOGUE = Catalogue.standard();
    private static final MessageValidator VALIDATOR = new MessageValidator(new PayloadValidator(),
            Clock.fixed(Instant.parse("2026-11-28T12:00:00Z"), MessageValidator.ZONE));
    private static final String PDF = Base64.getEncoder().encodeToString(
            "%PDF-1.7\n%%EOF\n".getBytes(StandardCharsets.US_ASCII));

    static Stream<Arguments> rules() {
        return Stream.of(
                row("bsn fails the eleven test", "schuldinventarisatie/saldoverzoek", "field.bsn", "/client/bsn",
                        p -> client(p).put("bsn", "123456789"), p -> client(p).put("bsn", "123456782")),
                row("bsn of nine zeros", "schuldinventarisatie/saldoverzoek", "field.bsn", "/client/bsn",
                        p -> client(p).put("bsn", "000000000"), p -> client(p).put("bsn", "999990019")),
                row("bsn not nine digits (schema)", "schuldinventarisatie/saldoverzoek", "schema.pattern",
                        "/client/bsn", p -> client(p).put("bsn", "99999365"), p -> client(p).put("bsn", "999993653")),
                row("iban with wrong check digits", "betalingsregeling/betaalvoorstel-antwoord", "field.iban",
                        "/betaalgegevens/iban", p -> obj(p, "betaalgegevens").put("iban", "NL92ABNA0417164300"),
                        p -> obj(p, "betaalgegevens").put("iban", "NL20INGB0001234567")),
                row("iban with spaces", "betalingsregeling/betaalvoorstel-antwoord", "field.iban",
                        "/betaalgegevens/iban", p -> obj(p, "betaalgegevens").put("iban", "NL91 ABNA 0417 1643 00"),
                        p -> obj(p, "betaalgegevens").put("iban", "NL91ABNA0417164300")),
                row("dutch iban of wrong length", "betalingsregeling/betaalvoorstel-antwoord", "field.iban",
                        "/betaalgegevens/iban", p -> obj(p, "betaalgegevens").put("iban", "NL91ABNA04171643001"),
                        p -> obj(p, "betaalgegevens").put("iban", "DE89370400440532013000")),
                row("oin not 20 digits", "waarborgfonds/aanvraag-borgstelling", "field.oin", "/kredietbank/oin",
                        p -> obj(p, "kredietbank").put("oin", "0000000141234567000"),
                        p -> obj(p, "kredietbank").put("oin", "00000001412345670000")),
                row("kvk not 8 digits", "waarborgfonds/aanvraag-borgstelling", "field.kvk",
                        "/kredietbank/kvkNummer", p -> obj(p, "kredietbank").put("kvkNummer", "4123456A"),
                        p -> obj(p, "kredietbank").put("kvkNummer", "41234567")),
                row("postcode starting with 0", "schuldinventarisatie/saldoverzoek", "field.postcode",
                        "/client/adres/postcode", p -> adres(p).put("postcode", "0123 AB"),
                        p -> adres(p).put("postcode", "1234AB")),
                row("postcode with SS", "schuldinventarisatie/saldoverzoek", "field.postcode",
                        "/client/adres/postcode", p -> adres(p).put("postcode", "1234 SS"),
                        p -> adres(p).put("postcode", "9999 ZZ")),
                row("negative amount", "schuldinventarisatie/saldoverzoek-antwoord", "field.amount-negative",
                        "/vorderingen/0/renteInCenten", p -> vordering(p).put("renteInCenten", -1),
                        p -> vordering(p).put("renteInCenten", 0)),
                row("amount above 100 million euro", "betalingsregeling/betaalvoorstel", "field.amount-too-large",
                        "/vordering/saldoInCenten", p -> obj(p, "vordering").put("saldoInCenten", 10_000_000_001L),
                        p -> obj(p, "vordering").put("saldoInCenten", 10_000_000_000L)),
                row("amount not whole cents (schema)", "betalingsregeling/betaalvoorstel", "schema.type",
                        "/vordering/saldoInCenten", p -> obj(p, "vordering").put("saldoInCenten", 12.5),
                        p -> obj(p, "vordering").put("saldoInCenten", 12)),
                row("total is not the sum", "schuldinventarisatie/saldoverzoek-antwoord", "field.total-mismatch",
                        "/totaalSaldoInCenten", p -> p.put("totaalSaldoInCenten", 89524),
                        p -> p.put("totaalSaldoInCenten", 89525)),
                row("birth date in the future", "schuldinventarisatie/saldoverzoek", "field.date-in-future",
                        "/client/geboortedatum", p -> client(p).put("geboortedatum", "2026-11-29"),
                        p -> client(p).put("geboortedatum", "2026-11-28")),
                row("reference date in the future", "schuldinventarisatie/saldoverzoek", "field.date-in-future",
                        "/peildatum", p -> p.put("peildatum", "2027-01-01"), p -> p.put("peildatum", "2026-11-01")),
                row("court decision in the future", "meldingen-bewindvoering/melding-bewind", "field.date-in-future",
                        "/beschikking/datumBeschikking", p -> obj(p, "beschikking").put("datumBeschikking",
                                "2026-12-24"), p -> obj(p, "beschikking").put("datumBeschikking", "2026-01-05")),
                row("date before 1900", "schuldinventarisatie/saldoverzoek", "field.date-implausible",
                        "/client/geboortedatum", p -> client(p).put("geboortedatum", "1899-12-31"),
                        p -> client(p).put("geboortedatum", "1900-01-01")),
                row("date that does not exist (schema)", "schuldinventarisatie/saldoverzoek", "schema.format",
                        "/client/geboortedatum", p -> client(p).put("geboortedatum", "1984-02-30"),
                        p -> client(p).put("geboortedatum", "1984-02-29")),
                row("period ends before it starts", "betalingsregeling/betaalvoorstel",
                        "field.period-end-before-start", "/voorstel/periode/einddatum",
                        p -> periode(p).put("einddatum", "2026-12-31"), p -> periode(p).put("einddatum", "2027-01-02")),
                row("period ends on its start", "landelijke-pauzeknop/kennisgeving", "field.period-end-before-start",
                        "/pauze/einddatum", p -> obj(p, "pauze").put("einddatum", "2026-12-01"),
                        p -> obj(p, "pauze").put("einddatum", "2026-12-02")),
                row("unknown kind of debt (schema)", "schuldinventarisatie/saldoverzoek-antwoord", "schema.enum",
                        "/vorderingen/0/soortSchuld", p -> vordering(p).put("soortSchuld", "Hypotheek"),
                        p -> vordering(p).put("soortSchuld", "Publiek")),
                row("unknown field (schema)", "schuldregeling/kennisgeving", "schema.additionalProperties",
                        "/client/bsn", p -> client(p).put("bsn", "999993653"), p -> client(p).remove("bsn")),
                row("rejection without reason (schema)", "betalingsregeling/betaalvoorstel-antwoord",
                        "schema.required", "/redenAfwijzing", p -> {
                            p.put("besluit", "afwijzing");
                            p.remove("tegenvoorstel");
                        }, p -> {
                            p.put("besluit", "afwijzing");
                            p.remove("tegenvoorstel");
                            p.put("redenAfwijzing", "voorstel-te-laag");
                        }),
                row("attachment that is no PDF", "meldingen-bewindvoering/melding-bewind", "attachment.not-pdf",
                        "/bijlagen/0/inhoud", p -> bijlage(p).put("inhoud", base64("GIF89a not a pdf")),
                        p -> bijlage(p).put("inhoud", PDF)),
                row("attachment named .pdf but an executable", "meldingen-bewindvoering/melding-bewind",
                        "attachment.not-pdf", "/bijlagen/0/inhoud", p -> bijlage(p).put("inhoud", base64("MZ\u0090")),
                        p -> bijlage(p).put("inhoud", base64("%PDF-1.4 whatever"))),
                row("attachment not base64", "meldingen-bewindvoering/melding-bewind", "attachment.not-base64",
                        "/bijlagen/0/inhoud", p -> bijlage(p).put("inhoud", "%PDF-1.4 in clear"),
                        p -> bijlage(p).put("inhoud", PDF)),
                row("attachment too large", "meldingen-bewindvoering/melding-bewind", "attachment.too-large",
                        "/bijlagen/0/inhoud", p -> bijlage(p).put("inhoud", pdfOf(AttachmentRules.MAX_BYTES + 1)),
                        p -> bijlage(p).put("inhoud", pdfOf(AttachmentRules.MAX_BYTES))),
                row("attachments together too large", "meldingen-bewindvoering/melding-bewind",
                        "attachment.total-too-large", "/bijlagen", p -> {
                            bijlage(p).put("inhoud", pdfOf(200 * 1024));
                            ((ArrayNode) p.get("bijlagen")).add(bijlage(p).deepCopy().put("soort", "overig"));
                        }, p -> {
                            bijlage(p).put("inhoud", pdfOf(192 * 1024));
                            ((ArrayNode) p.get("bijlagen")).add(bijlage(p).deepCopy().put("soort", "overig"));
                        }),
                row("attachment name with a path", "meldingen-bewindvoering/melding-bewind",
                        "attachment.unsafe-name", "/bijlagen/0/naam", p -> bijlage(p).put("naam", "../../etc/x.pdf"),
                        p -> bijlage(p).put("naam", "Beschikking 2026 (kopie).pdf")),
                row("attachment name not ending in .pdf", "meldingen-bewindvoering/melding-bewind",
                        "attachment.unsafe-name", "/bijlagen/0/naam", p -> bijlage(p).put("naam", "beschikking.exe"),
                        p -> bijlage(p).put("naam", "beschikking.PDF")),
                row("administrator without court order", "meldingen-bewindvoering/melding-wsnp",
                        "attachment.required", "/bijlagen", p -> bijlage(p).put("soort", "overig"),
                        p -> bijlage(p).put("soort", "beschikking")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rules")
    void ruleRejectsTheBadValueAndAcceptsTheGoodOne(String name, String type, String code, String pointer,
            Consumer<ObjectNode> bad, Consumer<ObjectNode> good) {
        MessageType messageType = type(type);
        ParticipantKind sender = messageType.senders().get(0);
        ObjectNode broken = messageType.example().deepCopy();
        bad.accept(broken);
        List<Violation> violations = VALIDATOR.validate(messageType, broken, sender);
        assertEquals(1, violations.size(), violations::toString);
        assertEquals(code, violations.get(0).code());
        assertEquals(pointer, violations.get(0).pointer());
        assertTrue(!violations.get(0).message().isBlank());
        ObjectNode fixed = messageType.example().deepCopy();
        good.accept(fixed);
        assertEquals(List.of(), VALIDATOR.validate(messageType, fixed, sender));
    }

    @ParameterizedTest(name = "{0} must attach {1} to a {2}")
    @MethodSource("consent")
    void kindsThatNeedConsentOrCourtOrderMustAttachIt(ParticipantKind kind, String soort, String type) {
        MessageType messageType = type(type);
        ObjectNode payload = messageType.example().deepCopy();
        payload.remove("bijlagen");
        assertEquals(List.of(new Violation("attachment.required", "/bijlagen", "a " + messageType.type()
                + " from a participant of kind " + kind.apiName() + " must have an attachment of soort " + soort)),
                VALIDATOR.validate(messageType, payload, kind));
        ArrayNode bijlagen = payload.putArray("bijlagen");
        bijlagen.addObject().put("soort", soort).put("naam", "ondertekend.pdf").put("mediaType", "application/pdf")
                .put("inhoud", PDF);
        assertEquals(List.of(), VALIDATOR.validate(messageType, payload, kind));
        payload.remove("bijlagen");
        assertEquals(List.of(), VALIDATOR.validate(messageType, payload, ParticipantKind.COUNSELLOR_PHASE_1));
    }

    static Stream<Arguments> consent() {
        return Stream.of(
                Arguments.of(ParticipantKind.OTHER_COUNSELLOR, "toestemmingsverklaring", "schuldinventarisatie/saldoverzoek"),
                Arguments.of(ParticipantKind.OTHER_COUNSELLOR, "toestemmingsverklaring", "betalingsregeling/betaalvoorstel"),
                Arguments.of(ParticipantKind.OTHER_COUNSELLOR, "toestemmingsverklaring", "betalingsregeling/heroverweging"),
                Arguments.of(ParticipantKind.ADMINISTRATOR, "beschikking", "schuldinventarisatie/saldoverzoek"),
                Arguments.of(ParticipantKind.ADMINISTRATOR, "beschikking", "betalingsregeling/betaalvoorstel"),
                Arguments.of(ParticipantKind.ADMINISTRATOR, "beschikking", "betalingsregeling/heroverweging"));
    }

    private static Arguments row(String name, String type, String code, String pointer, Consumer<ObjectNode> bad,
            Consumer<ObjectNode> good) {
        return Arguments.of(name, type, code, pointer, bad, good);
    }

    private static MessageType type(String moduleAndType) {
        String[] parts = moduleAndType.split("/");
        return CATALOGUE.messageType(parts[0], parts[1]).orElseThrow();
    }

    private static ObjectNode obj(ObjectNode payload, String field) {
        return (ObjectNode) payload.get(field);
    }

    private static ObjectNode client(ObjectNode payload) {
        return obj(payload, "client");
    }

    private static ObjectNode adres(ObjectNode payload) {
        return obj(client(payload), "adres");
    }

    private static ObjectNode vordering(ObjectNode payload) {
        return (ObjectNode) payload.get("vorderingen").get(0);
    }

    private static ObjectNode periode(ObjectNode payload) {
        return obj(obj(payload, "voorstel"), "periode");
    }

    private static ObjectNode bijlage(ObjectNode payload) {
        return (ObjectNode) payload.get("bijlagen").get(0);
    }

    private static String base64(String content) {
        return Base64.getEncoder().encodeToString(content.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static String pdfOf(int size) {
        byte[] bytes = new byte[size];
        byte[] magic = "%PDF-1.7\n".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(magic, 0, bytes, 0, magic.length);
        return Base64.getEncoder().encodeToString(bytes);
    }
}
