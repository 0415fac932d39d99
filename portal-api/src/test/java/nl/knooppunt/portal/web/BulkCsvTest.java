package nl.knooppunt.portal.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import nl.knooppunt.standard.catalogue.Catalogue;
import nl.knooppunt.standard.catalogue.MessageType;
import nl.knooppunt.standard.catalogue.ParticipantKind;
import nl.knooppunt.standard.validation.MessageValidator;

/**
 * The bulk CSV of saldoverzoeken: every bad line is reported with its line number and reason, good lines are not,
 * and the inbox download defuses formulas.
 */
class BulkCsvTest {

    private static final MessageType SALDOVERZOEK = Catalogue.standard()
            .messageType("schuldinventarisatie", "saldoverzoek").orElseThrow();
    private static final String ENERGIE_OIN = "00000003123456780000";
    private static final String UNKNOWN_OIN = "00000009999999990000";
    private static final String HEADER = "ontvanger;referentieSchuldhulpverlener;peildatum;client.bsn;client.voorletters;"
            + "client.achternaam;client.geboortedatum;client.adres.straat;client.adres.huisnummer;"
            + "client.adres.postcode;client.adres.woonplaats\n";

    private static String line(String recipient, String dossier, String bsn, String achternaam, String postcode) {
        String yesterday = LocalDate.now(MessageValidator.ZONE).minusDays(1).toString();
        return String.join(";", recipient, dossier, yesterday, bsn, "J.", achternaam, "1984-03-12", "Dorpsstraat",
                "12", postcode, "Voorbeeldstad") + "\n";
    }

    private static List<BulkCsv.Bad> check(String csv) {
        BulkCsv.Parsed parsed = BulkCsv.parse(csv.getBytes(StandardCharsets.UTF_8), SALDOVERZOEK);
        Map<String, Optional<BulkCsv.Recipient>> recipients = Map.of(
                ENERGIE_OIN, Optional.of(new BulkCsv.Recipient("b7e2d154-3e3c-4d66-8b1f-4a2a8b1e3b02", "creditor",
                        true)),
                UNKNOWN_OIN, Optional.empty());
        return BulkCsv.check(parsed, SALDOVERZOEK, ParticipantKind.COUNSELLOR_PHASE_1, new MessageValidator(),
                recipients);
    }

    @Test
    void aFileWithThreeBadLinesReportsExactlyThoseThreeLines() {
        String csv = HEADER
                + line(ENERGIE_OIN, "SHV-1", "999993653", "Vries", "1234 AB")
                + line(ENERGIE_OIN, "SHV-2", "123456789", "Vries", "1234 AB")
                + line(ENERGIE_OIN, "SHV-3", "999993653", "Jansen", "1234 AB")
                + line(UNKNOWN_OIN, "SHV-4", "999993653", "Bakker", "1234 AB")
                + line(ENERGIE_OIN, "SHV-5", "999993653", "", "0123 AB")
                + line(ENERGIE_OIN, "SHV-6", "999993653", "Visser", "1234 AB");
        List<BulkCsv.Bad> bad = check(csv);
        assertEquals(List.of(3, 5, 6), bad.stream().map(BulkCsv.Bad::number).toList(), bad.toString());
        assertTrue(bad.get(0).reason().startsWith("client.bsn: dit is geen geldig burgerservicenummer"),
                bad.get(0).reason());
        assertTrue(bad.get(1).reason().contains("ontvanger: geen actieve deelnemer"), bad.get(1).reason());
        assertTrue(bad.get(2).reason().contains("client.achternaam: dit veld is verplicht"), bad.get(2).reason());
        assertTrue(bad.get(2).reason().contains("client.adres.postcode: dit is geen geldige postcode"),
                bad.get(2).reason());
        bad.forEach(b -> assertTrue(!b.reason().contains("123456789") && !b.reason().contains("0123 AB"),
                "a reason never repeats a value: " + b.reason()));
    }

    @Test
    void aCleanFileHasNoBadLinesAndEveryLineIsRead() {
        String csv = HEADER.replace(';', ',') + line(ENERGIE_OIN, "SHV-1", "999993653", "Vries", "1234 AB")
                .replace(';', ',')
                + "\n" + line(ENERGIE_OIN, "\"SHV, 2\"", "999993653", "Vries", "1234 AB").replace(';', ',');
        BulkCsv.Parsed parsed = BulkCsv.parse(csv.getBytes(StandardCharsets.UTF_8), SALDOVERZOEK);
        assertEquals(List.of(2, 4), parsed.lines().stream().map(BulkCsv.Line::number).toList());
        assertEquals("SHV, 2", parsed.lines().get(1).values().get("/referentieSchuldhulpverlener"));
        assertEquals(List.of(), check(csv));
    }

    @Test
    void aWrongHeaderOrAWrongNumberOfCellsIsReported() {
        List<BulkCsv.Bad> header = check("ontvanger;bsn\n" + ENERGIE_OIN + ";999993653\n");
        assertEquals(1, header.size());
        assertEquals(1, header.get(0).number());
        assertTrue(header.get(0).reason().contains("kolom 2 heeft een onbekende naam"), header.get(0).reason());

        List<BulkCsv.Bad> cells = check(HEADER + ENERGIE_OIN + ";SHV-1\n" + "\"open\n");
        assertEquals(List.of(2, 3), cells.stream().map(BulkCsv.Bad::number).toList(), cells.toString());

        assertEquals(0, check("").get(0).number());
        byte[] notUtf8 = { (byte) 0xC3, (byte) 0x28 };
        assertEquals("Het bestand is geen UTF-8-tekst.",
                BulkCsv.parse(notUtf8, SALDOVERZOEK).bad().get(0).reason());
        assertEquals("Het bestand is groter dan 4 MB.",
                BulkCsv.parse(new byte[BulkCsv.MAX_BYTES + 1], SALDOVERZOEK).bad().get(0).reason());
    }

    @Test
    void theColumnsAreTheFieldsOfTheFormWithoutAttachments() {
        List<String> columns = BulkCsv.columns(SALDOVERZOEK);
        assertEquals("ontvanger", columns.get(0));
        assertTrue(columns.containsAll(List.of("referentieSchuldhulpverlener", "peildatum", "client.bsn",
                "client.adres.postcode", "partner.bsn", "toelichting")), columns.toString());
        assertTrue(columns.stream().noneMatch(c -> c.startsWith("bijlagen")), columns.toString());
    }

    @Test
    void csvCellsCannotBeRunAsFormulas() {
        assertEquals("'=SUM(A1)", CsvCells.cell("=SUM(A1)"));
        assertEquals("'+31", CsvCells.cell("+31"));
        assertEquals("'-1", CsvCells.cell("-1"));
        assertEquals("'@cmd", CsvCells.cell("@cmd"));
        assertEquals("\"'=1;2\"", CsvCells.cell("=1;2"));
        assertEquals("\"Voorbeeld \"\"Energie\"\"\"", CsvCells.cell("Voorbeeld \"Energie\""));
        assertEquals("a;b\r\n", CsvCells.line(List.of("a", "b")));
    }
}
