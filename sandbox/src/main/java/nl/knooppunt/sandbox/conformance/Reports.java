package nl.knooppunt.sandbox.conformance;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The evidence a vendor hands in: a JUnit XML ({@code conformance.xml}, one test case per scenario, readable by any
 * CI) and an HTML report ({@code conformance.html}) with every scenario, its outcome, its reason and its steps.
 */
public final class Reports {

    private Reports() {
    }

    /**
     * Writes both reports into {@code dir}.
     *
     * @param subject who ran it: hub URL, client id, participant
     */
    public static void write(Path dir, String subject, Instant startedAt, List<ScenarioResult> results)
            throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("conformance.xml"), junit(subject, startedAt, results), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("conformance.html"), html(subject, startedAt, results), StandardCharsets.UTF_8);
    }

    static String junit(String subject, Instant startedAt, List<ScenarioResult> results) {
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        xml.append("<testsuite name=\"knooppunt-conformance\" tests=\"").append(results.size())
                .append("\" failures=\"").append(count(results, ScenarioResult.Outcome.FAILED))
                .append("\" errors=\"0\" skipped=\"").append(count(results, ScenarioResult.Outcome.SKIPPED))
                .append("\" time=\"").append(seconds(total(results))).append("\" timestamp=\"").append(startedAt)
                .append("\">\n");
        xml.append("  <properties>\n    <property name=\"subject\" value=\"").append(escape(subject))
                .append("\"/>\n  </properties>\n");
        for (ScenarioResult r : results) {
            xml.append("  <testcase classname=\"knooppunt.conformance\" name=\"").append(escape(r.name()))
                    .append("\" time=\"").append(seconds(r.took())).append("\">\n");
            switch (r.outcome()) {
                case FAILED -> xml.append("    <failure message=\"").append(escape(r.message())).append("\">")
                        .append(escape(r.description())).append("</failure>\n");
                case SKIPPED -> xml.append("    <skipped message=\"").append(escape(r.message())).append("\"/>\n");
                default -> {
                }
            }
            xml.append("    <system-out>").append(escape(r.description() + "\n" + String.join("\n", r.log())))
                    .append("</system-out>\n  </testcase>\n");
        }
        return xml.append("</testsuite>\n").toString();
    }

    static String html(String subject, Instant startedAt, List<ScenarioResult> results) {
        long failed = count(results, ScenarioResult.Outcome.FAILED);
        StringBuilder html = new StringBuilder("<!DOCTYPE html>\n<html lang=\"nl\">\n<head>\n<meta charset=\"utf-8\">\n"
                + "<title>Knooppunt conformance</title>\n<style>body{font-family:sans-serif;margin:2em}"
                + "table{border-collapse:collapse}td,th{border:1px solid #999;padding:.3em .6em;vertical-align:top;"
                + "text-align:left}.PASSED{color:#060}.FAILED{color:#a00;font-weight:bold}.SKIPPED{color:#666}"
                + "ul{margin:0;padding-left:1.2em}</style>\n</head>\n<body>\n");
        html.append("<h1>Knooppunt conformance: ").append(failed == 0 ? "geslaagd" : "niet geslaagd").append("</h1>\n");
        html.append("<p>").append(escape(subject)).append("<br>Gestart ").append(startedAt).append(", ")
                .append(results.size()).append(" scenario's: ")
                .append(count(results, ScenarioResult.Outcome.PASSED)).append(" geslaagd, ").append(failed)
                .append(" mislukt, ").append(count(results, ScenarioResult.Outcome.SKIPPED))
                .append(" overgeslagen.</p>\n");
        html.append("<table>\n<tr><th>Scenario</th><th>Uitkomst</th><th>Wat</th><th>Reden en stappen</th>"
                + "<th>Duur</th></tr>\n");
        for (ScenarioResult r : results) {
            html.append("<tr><td><code>").append(escape(r.name())).append("</code></td><td class=\"")
                    .append(r.outcome()).append("\">").append(r.outcome()).append("</td><td>")
                    .append(escape(r.description())).append("</td><td>");
            if (!r.message().isEmpty()) {
                html.append("<p>").append(escape(r.message())).append("</p>");
            }
            if (!r.log().isEmpty()) {
                html.append("<ul>");
                r.log().forEach(line -> html.append("<li>").append(escape(line)).append("</li>"));
                html.append("</ul>");
            }
            html.append("</td><td>").append(seconds(r.took())).append(" s</td></tr>\n");
        }
        return html.append("</table>\n</body>\n</html>\n").toString();
    }

    static long count(List<ScenarioResult> results, ScenarioResult.Outcome outcome) {
        return results.stream().filter(r -> r.outcome() == outcome).count();
    }

    private static Duration total(List<ScenarioResult> results) {
        return results.stream().map(ScenarioResult::took).reduce(Duration.ZERO, Duration::plus);
    }

    private static String seconds(Duration d) {
        return String.format(java.util.Locale.ROOT, "%.3f", d.toMillis() / 1000.0);
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
                .replaceAll("[\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F]", "?");
    }
}
