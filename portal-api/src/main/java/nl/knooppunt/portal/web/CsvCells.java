package nl.knooppunt.portal.web;

import java.util.List;

/**
 * Writes CSV for spreadsheets, safe against CSV injection: a cell starting with {@code = + - @}, a tab or a carriage
 * return gets a leading {@code '} so that no spreadsheet runs it as a formula; cells with the separator, a quote or a
 * line break are quoted (RFC 4180). Separator {@code ;}, lines end with CRLF, UTF-8 with a byte-order mark so that
 * spreadsheets in Dutch settings open it as is.
 */
final class CsvCells {

    static final char SEPARATOR = ';';
    static final String BOM = "\uFEFF";

    private CsvCells() {
    }

    /** One CSV line (with CRLF) of the given cells. */
    static String line(List<String> cells) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                line.append(SEPARATOR);
            }
            line.append(cell(cells.get(i)));
        }
        return line.append("\r\n").toString();
    }

    /** A cell, defused and quoted where needed. */
    static String cell(String value) {
        String text = value == null ? "" : value;
        if (!text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0) {
            text = "'" + text;
        }
        if (text.indexOf(SEPARATOR) >= 0 || text.indexOf('"') >= 0 || text.indexOf('\n') >= 0
                || text.indexOf('\r') >= 0 || text.indexOf(',') >= 0) {
            return '"' + text.replace("\"", "\"\"") + '"';
        }
        return text;
    }
}
