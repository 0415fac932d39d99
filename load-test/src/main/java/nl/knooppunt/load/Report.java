package nl.knooppunt.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Writes {@code report.md} and {@code latency.svg} of a run (the .hlog and .csv are written while it runs). */
final class Report {

    private Report() {
    }

    static void write(LoadConfig config, LoadResult r, Population population, Traffic traffic,
            Map<String, Double> recordsPerMessage, List<double[]> rows) throws IOException {
        StringBuilder md = new StringBuilder();
        md.append("# Load run ").append(r.reportDir().getFileName()).append("\n\n");
        md.append(String.format(Locale.ROOT, "- machine: %d cores (%s), load average before the run %s%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("os.arch"), loadAverage()));
        md.append("- model: ").append(r.mode()).append(String.format(Locale.ROOT,
                ", %s warm-up, %.0f s measured%n", config.warmup(), r.seconds()));
        md.append(String.format(Locale.ROOT, "- population: %d counsellors/administrators, %d creditors, 1 guarantee "
                + "fund, %d vendor clients; %d pushed to the webhook receiver, %d pull from the mailbox (fetch %s)%n",
                population.counsellors().size(), population.creditors().size(), population.vendors().size(),
                population.all().stream().filter(Population.Member::webhook).count(),
                population.all().stream().filter(m -> !m.webhook()).count(), config.fetch()));
        md.append("- mix: ").append(String.join(", ", traffic.describe())).append("\n\n");
        md.append("| figure | value |\n| --- | --- |\n");
        md.append(String.format(Locale.ROOT, "| accepted messages/s | %.1f |%n", r.acceptedPerSec()));
        md.append(String.format(Locale.ROOT, "| accepted / arrived at recipient | %d / %d |%n", r.accepted(),
                r.arrived()));
        md.append(String.format(Locale.ROOT, "| errors | %d |%n", r.errorCount()));
        md.append(String.format(Locale.ROOT, "| submit latency p50 / p95 / p99 / max (ms) | %.1f / %.1f / %.1f / %.1f |%n",
                r.submitMs()[0], r.submitMs()[1], r.submitMs()[2], r.submitMs()[3]));
        md.append(String.format(Locale.ROOT, "| submit to recipient p50 / p95 / p99 / max (ms) | %.1f / %.1f / %.1f / %.1f |%n",
                r.e2eMs()[0], r.e2eMs()[1], r.e2eMs()[2], r.e2eMs()[3]));
        if (r.kafka() != null && r.kafka().producerRecordsPerSec() > 0) {
            md.append(String.format(Locale.ROOT, "| raw Kafka producer, %d-byte records, acks=all (records/s) | %.0f |%n",
                    r.kafka().recordBytes(), r.kafka().producerRecordsPerSec()));
            md.append(String.format(Locale.ROOT, "| raw Kafka consumer (records/s) | %.0f |%n",
                    r.kafka().consumerRecordsPerSec()));
            md.append(String.format(Locale.ROOT, "| hub / raw Kafka producer | %.4f (1 : %.0f) |%n",
                    r.acceptedPerSec() / r.kafka().producerRecordsPerSec(),
                    r.kafka().producerRecordsPerSec() / Math.max(1e-9, r.acceptedPerSec())));
        }
        md.append("\n");
        if (!r.errors().isEmpty()) {
            md.append("Errors by kind:\n\n");
            r.errors().forEach((k, v) -> md.append("- ").append(k).append(": ").append(v).append("\n"));
            md.append("\n");
        }
        md.append("Kafka records written per accepted message (whole run, warm-up included): ");
        recordsPerMessage.forEach((t, n) -> md.append(String.format(Locale.ROOT, "%s %.2f; ", t, n)));
        md.append("\n\n");
        if (r.kafka() != null) {
            md.append("Mean record value size per topic (bytes): ").append(r.kafka().sizes()).append("\n\n");
            md.append("ProducerPerformance: `").append(r.kafka().producerOutput()).append("`\n\n");
            md.append("ConsumerPerformance (start, end, MB, MB/s, records, records/s, ...): `")
                    .append(r.kafka().consumerOutput()).append("`\n\n");
        }
        md.append("| process | pid | CPU s | avg cores | peak RSS (MiB, tree) | VmHWM (MiB, root) |\n");
        md.append("| --- | --- | --- | --- | --- | --- |\n");
        for (StackProcesses.Usage u : r.processes()) {
            md.append(String.format(Locale.ROOT, "| %s | %d | %.1f | %.2f | %.0f | %.0f |%n", u.component(),
                    u.rootPid(), u.cpuSeconds(), u.avgCores(), u.peakRssKb() / 1024.0, u.peakHwmKb() / 1024.0));
        }
        md.append("\n");
        if (!r.profile().isEmpty()) {
            md.append("## Profile (JFR, measured window)\n\n");
            r.profile().forEach((service, lines) -> {
                md.append("### ").append(service).append("\n\n```\n");
                lines.forEach(l -> md.append(l).append("\n"));
                md.append("```\n\n");
            });
        }
        md.append("Files: latency.hlog (HdrHistogram interval log, tags submit and e2e), latency.csv (per second), "
                + "latency.svg (plot)").append(r.profile().isEmpty() ? "" : ", <service>.jfr").append(".\n");
        Path report = r.reportDir().resolve("report.md");
        Files.writeString(report, md);
        Files.writeString(r.reportDir().resolve("latency.svg"), svg(rows, r.mode()));
        Files.copy(report, r.reportDir().getParent().resolve("latest.md"), StandardCopyOption.REPLACE_EXISTING);
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim().split(" ", 4)[0];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    /** Two panels over the measured seconds: accepted msg/s, and submit p50/p99 and end-to-end p99 (ms). */
    static String svg(List<double[]> rows, String title) {
        int w = 900;
        int h = 220;
        int left = 60;
        StringBuilder s = new StringBuilder();
        s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(w + 20).append("\" height=\"")
                .append(2 * h + 80).append("\" font-family=\"sans-serif\" font-size=\"12\">\n");
        s.append("<text x=\"").append(left).append("\" y=\"16\">").append(escape(title))
                .append(": accepted msg/s (top); latency ms: submit p50 (green), submit p99 (blue), end-to-end p99 "
                        + "(red) (bottom)</text>\n");
        double maxT = rows.stream().mapToDouble(r -> r[0]).max().orElse(1);
        double maxRate = rows.stream().mapToDouble(r -> r[1]).max().orElse(1);
        double maxLat = rows.stream().mapToDouble(r -> Math.max(r[5], r[8])).max().orElse(1);
        panel(s, rows, 30, h, left, w, maxT, maxRate, new int[] { 1 }, new String[] { "#333" });
        panel(s, rows, 60 + h, h, left, w, maxT, maxLat, new int[] { 4, 5, 8 },
                new String[] { "#2a2", "#22c", "#c22" });
        s.append("</svg>\n");
        return s.toString();
    }

    private static void panel(StringBuilder s, List<double[]> rows, int top, int h, int left, int w, double maxT,
            double maxY, int[] columns, String[] colours) {
        double yMax = maxY <= 0 ? 1 : maxY * 1.1;
        s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" "
                + "stroke=\"#999\"/>%n", left, top, w - left, h));
        for (int i = 0; i <= 4; i++) {
            double v = yMax * i / 4;
            double y = top + h - h * i / 4.0;
            s.append(String.format(Locale.ROOT, "<text x=\"2\" y=\"%.0f\">%.0f</text>%n", y + 4, v));
        }
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">%.0f s</text>%n", w - 30, top + h + 14, maxT));
        for (int c = 0; c < columns.length; c++) {
            StringBuilder points = new StringBuilder();
            for (double[] row : rows) {
                double x = left + (w - left) * (maxT <= 0 ? 0 : row[0] / maxT);
                double y = top + h - h * Math.min(row[columns[c]], yMax) / yMax;
                points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
            }
            s.append("<polyline fill=\"none\" stroke=\"").append(colours[c]).append("\" points=\"").append(points)
                    .append("\"/>\n");
        }
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;");
    }
}
