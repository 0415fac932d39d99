package nl.knooppunt.portal.web;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.node.ObjectNode;

import nl.knooppunt.standard.catalogue.MessageType;
import nl.knooppunt.standard.catalogue.ParticipantKind;
import nl.knooppunt.standard.envelope.Violation;
import nl.knooppunt.standard.validation.MessageValidator;

/**
 * The bulk file of saldoverzoeken: a CSV (UTF-8, separator {@code ;} or {@code ,} taken from the header, RFC 4180
 * quoting) with a header row naming the columns: {@code ontvanger} (the recipient's OIN or participant id) and one
 * column per field of the type's form, named by its path with dots ({@code client.bsn}). Every line is checked with
 * the standard's {@link MessageValidator} (schema, field and attachment rules, as validation-service does) and the
 * recipient rules; every bad line is reported with its line number and reason.
 */
public final class BulkCsv {

    /** Largest file accepted, in bytes (as the real hub). */
    public static final int MAX_BYTES = 4 * 1024 * 1024;
    /** The recipient column. */
    public static final String RECIPIENT = "ontvanger";

    private BulkCsv() {
    }

    /**
     * A data line of the file.
     *
     * @param number    its line number in the file (the header is line 1)
     * @param recipient the value of the recipient column
     * @param values    the form values by JSON pointer
     */
    public record Line(int number, String recipient, Map<String, String> values) {
    }

    /**
     * A line that cannot be sent, or a problem of the whole file (line 0).
     *
     * @param number its line number
     * @param reason why, in Dutch, naming the column; never a value from the file
     */
    public record Bad(int number, String reason) {
    }

    /**
     * The file read: its lines and every problem found so far.
     *
     * @param lines the data lines that could be read
     * @param bad   problems by line
     */
    public record Parsed(List<Line> lines, List<Bad> bad) {
    }

    /**
     * What the recipient column of a line names.
     *
     * @param id     the participant id, when it names an active participant
     * @param kind   the participant's kind
     * @param allowed whether the sender may send this type to it (it accepts it, the modules match)
     */
    public record Recipient(String id, String kind, boolean allowed) {
    }

    /** The columns of a type's bulk file, in form order. */
    public static List<String> columns(MessageType type) {
        List<String> columns = new ArrayList<>();
        columns.add(RECIPIENT);
        for (SchemaForm.Item item : SchemaForm.of(type.schema()).items()) {
            if ("field".equals(item.kind())) {
                columns.add(column(item.pointer()));
            }
        }
        return columns;
    }

    static String column(String pointer) {
        return pointer.substring(1).replace('/', '.');
    }

    /** Reads the file; a file-level problem (encoding, header) is reported as line 0 or 1 with no lines. */
    public static Parsed parse(byte[] bytes, MessageType type) {
        List<Bad> bad = new ArrayList<>();
        if (bytes.length == 0) {
            return new Parsed(List.of(), List.of(new Bad(0, "Het bestand is leeg.")));
        }
        if (bytes.length > MAX_BYTES) {
            return new Parsed(List.of(), List.of(new Bad(0, "Het bestand is groter dan 4 MB.")));
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return new Parsed(List.of(), List.of(new Bad(0, "Het bestand is geen UTF-8-tekst.")));
        }
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        List<Record> records = records(text, separator(text));
        if (records.isEmpty()) {
            return new Parsed(List.of(), List.of(new Bad(0, "Het bestand is leeg.")));
        }
        Record header = records.get(0);
        if (header.unterminated()) {
            return new Parsed(List.of(), List.of(new Bad(header.line(), "Een aanhalingsteken wordt niet gesloten.")));
        }
        Map<String, String> pointers = new LinkedHashMap<>();
        for (String pointer : SchemaForm.of(type.schema()).pointers()) {
            pointers.put(column(pointer), pointer);
        }
        List<String> names = header.cells().stream().map(String::trim).toList();
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            if (!RECIPIENT.equals(name) && !pointers.containsKey(name)) {
                problems.add("kolom " + (i + 1) + " heeft een onbekende naam");
            } else if (names.indexOf(name) != i) {
                problems.add("kolom " + name + " staat er twee keer in");
            }
        }
        if (!names.contains(RECIPIENT)) {
            problems.add("de kolom " + RECIPIENT + " ontbreekt");
        }
        if (!problems.isEmpty()) {
            return new Parsed(List.of(), List.of(new Bad(header.line(), "Kopregel: " + String.join("; ", problems)
                    + ". Gebruik de kolommen uit het voorbeeldbestand.")));
        }
        List<Line> lines = new ArrayList<>();
        for (Record record : records.subList(1, records.size())) {
            if (record.unterminated()) {
                bad.add(new Bad(record.line(), "Een aanhalingsteken wordt niet gesloten."));
                continue;
            }
            if (record.cells().size() != names.size()) {
                bad.add(new Bad(record.line(), "Deze regel heeft " + record.cells().size() + " kolommen in plaats van "
                        + names.size() + "."));
                continue;
            }
            Map<String, String> values = new LinkedHashMap<>();
            String recipient = "";
            for (int i = 0; i < names.size(); i++) {
                String value = record.cells().get(i).trim();
                if (RECIPIENT.equals(names.get(i))) {
                    recipient = value;
                } else if (!value.isEmpty()) {
                    values.put(pointers.get(names.get(i)), value);
                }
            }
            lines.add(new Line(record.line(), recipient, values));
        }
        if (lines.isEmpty() && bad.isEmpty()) {
            bad.add(new Bad(0, "Het bestand heeft geen regels onder de kopregel."));
        }
        return new Parsed(lines, bad);
    }

    /**
     * Every problem of the lines: the recipient (unknown, not active, or not allowed to receive this type from the
     * sender) and every violation of the standard's validator, by column. Sorted by line number.
     */
    public static List<Bad> check(Parsed parsed, MessageType type, ParticipantKind senderKind,
            MessageValidator validator, Map<String, Optional<Recipient>> recipients) {
        List<Bad> bad = new ArrayList<>(parsed.bad());
        for (Line line : parsed.lines()) {
            List<String> reasons = new ArrayList<>();
            Optional<Recipient> recipient = line.recipient().isEmpty() ? Optional.empty()
                    : recipients.getOrDefault(line.recipient(), Optional.empty());
            if (line.recipient().isEmpty()) {
                reasons.add(RECIPIENT + ": dit veld is verplicht");
            } else if (recipient.isEmpty()) {
                reasons.add(RECIPIENT + ": geen actieve deelnemer met dit OIN of deelnemer-id");
            } else if (!recipient.get().allowed()) {
                reasons.add(RECIPIENT + ": deze deelnemer kan dit bericht niet van uw organisatie ontvangen");
            }
            ObjectNode payload = SchemaForm.of(type.schema()).payload(line.values());
            for (Violation violation : validator.validate(type, payload, senderKind)) {
                String where = violation.pointer() == null || violation.pointer().isEmpty() ? ""
                        : column(violation.pointer()) + ": ";
                reasons.add(where + lowerFirst(withoutStop(Messages.of(violation))));
            }
            if (!reasons.isEmpty()) {
                bad.add(new Bad(line.number(), String.join("; ", reasons) + "."));
            }
        }
        bad.sort(java.util.Comparator.comparingInt(Bad::number));
        return bad;
    }

    private static String withoutStop(String text) {
        return text.endsWith(".") ? text.substring(0, text.length() - 1) : text;
    }

    private static String lowerFirst(String text) {
        return text.isEmpty() ? text : Character.toLowerCase(text.charAt(0)) + text.substring(1);
    }

    /** One record of the CSV with the line number it starts on. */
    private record Record(int line, List<String> cells, boolean unterminated) {
    }

    private static char separator(String text) {
        int end = text.indexOf('\n');
        String header = end < 0 ? text : text.substring(0, end);
        return header.chars().filter(c -> c == ';').count() >= header.chars().filter(c -> c == ',').count() ? ';' : ',';
    }

    /** RFC 4180 records; blank lines are skipped; a quoted cell may span lines. */
    private static List<Record> records(String text, char separator) {
        List<Record> records = new ArrayList<>();
        int line = 1;
        int i = 0;
        int n = text.length();
        while (i < n) {
            int start = line;
            List<String> cells = new ArrayList<>();
            StringBuilder cell = new StringBuilder();
            boolean quoted = false;
            boolean unterminated = false;
            boolean any = false;
            while (true) {
                if (i >= n) {
                    unterminated = quoted;
                    break;
                }
                char c = text.charAt(i);
                if (quoted) {
                    if (c == '"') {
                        if (i + 1 < n && text.charAt(i + 1) == '"') {
                            cell.append('"');
                            i += 2;
                        } else {
                            quoted = false;
                            i++;
                        }
                    } else {
                        if (c == '\n') {
                            line++;
                        }
                        cell.append(c);
                        i++;
                    }
                    continue;
                }
                if (c == '"') {
                    quoted = true;
                    any = true;
                    i++;
                } else if (c == separator) {
                    cells.add(cell.toString());
                    cell.setLength(0);
                    any = true;
                    i++;
                } else if (c == '\r' || c == '\n') {
                    if (c == '\r' && i + 1 < n && text.charAt(i + 1) == '\n') {
                        i++;
                    }
                    i++;
                    line++;
                    break;
                } else {
                    cell.append(c);
                    any = true;
                    i++;
                }
            }
            cells.add(cell.toString());
            if (any || cells.size() > 1 || !cells.get(0).isBlank()) {
                records.add(new Record(start, List.copyOf(cells), unterminated));
            }
        }
        return records;
    }
}
