package nl.knooppunt.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

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
        md.append("- model: ").append(r.mode()).append(String.format(Locale.ROOT, "; %s; %.0f s measured%n",
                warmup(r.warmup()), r.seconds()));
        long rsa = population.all().stream().filter(m -> !m.keys().isEmpty()
                && m.keys().get(0) instanceof org.jose4j.jwk.RsaJsonWebKey).count();
        md.append(String.format(Locale.ROOT, "- population: %d counsellors/administrators, %d creditors, 1 guarantee "
                + "fund, %d vendor clients; %d pushed to the webhook receiver, %d pull from the mailbox (fetch %s; "
                + "every pull mailbox also listed once per %s by its vendor); every participant has its own key "
                + "pair (%d RSA 2048, %d EC P-256)%n",
                population.counsellors().size(), population.creditors().size(), population.vendors().size(),
                population.all().stream().filter(Population.Member::webhook).count(),
                population.all().stream().filter(m -> !m.webhook()).count(), config.fetch(),
                config.mailboxSweep().isZero() ? "never" : config.mailboxSweep(), rsa, population.all().size() - rsa));
        md.append("- mix: ").append(String.join(", ", traffic.describe())).append("; every submission with an "
                + "Idempotency-Key\n");
        md.append(String.format(Locale.ROOT, "- payload check: %.1f%% of the deliveries decrypted with the "
                + "recipient's private key and compared with what was sent%n%n", config.decryptSample() * 100));
        steps(md, config, r);
        md.append("## Whole measured window\n\n");
        md.append("| figure | value |\n| --- | --- |\n");
        md.append(String.format(Locale.ROOT, "| accepted messages/s | %.1f |%n", r.acceptedPerSec()));
        md.append(String.format(Locale.ROOT, "| accepted / arrived at recipient | %d / %d |%n", r.accepted(),
                r.arrived()));
        md.append(String.format(Locale.ROOT, "| errors | %d |%n", r.errorCount()));
        md.append(String.format(Locale.ROOT, "| submit latency p50 / p95 / p99 / max (ms) | %.1f / %.1f / %.1f / %.1f |%n",
                r.submitMs()[0], r.submitMs()[1], r.submitMs()[2], r.submitMs()[3]));
        md.append(String.format(Locale.ROOT, "| submit to recipient p50 / p95 / p99 / max (ms), messages accepted in "
                + "the window | %.1f / %.1f / %.1f / %.1f |%n", r.e2eMs()[0], r.e2eMs()[1], r.e2eMs()[2],
                r.e2eMs()[3]));
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
        relay(md, r);
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
        md.append("Files: latency.hlog (HdrHistogram interval log of the measured seconds, tags submit and e2e), "
                + "latency.csv (every second with its phase: warm-up, step, drain), latency.svg (plot)").append(r.profile().isEmpty() ? "" : ", <service>.jfr").append(".\n");
        Path report = r.reportDir().resolve("report.md");
        Files.writeString(report, md);
        Files.writeString(r.reportDir().resolve("latency.svg"), svg(rows, r.mode()));
        Files.copy(report, r.reportDir().getParent().resolve("latest.md"), StandardCopyOption.REPLACE_EXISTING);
    }

    private static String warmup(WarmupResult w) {
        if (w == null) {
            return "no warm-up finished";
        }
        if (!w.jitGated()) {
            return String.format(Locale.ROOT, "%.0f s fixed warm-up (JIT compilers %.1f%% of the services' CPU in "
                    + "it)", w.seconds(), w.finalJitShare() * 100);
        }
        return String.format(Locale.ROOT, "warm-up at %.0f msg/s until the JIT compilers took under %.0f%% of the "
                + "services' CPU in a window: %.0f s, final share %.1f%%%s", w.rate(), w.threshold() * 100,
                w.seconds(), w.finalJitShare() * 100, w.capped() ? " (**load.warmup-max reached**: the compilers "
                        + "were still above the threshold)" : "");
    }

    private static void steps(StringBuilder md, LoadConfig config, LoadResult r) {
        List<StepResult> steps = r.steps();
        if (steps.isEmpty()) {
            md.append("No step was measured.\n\n");
            return;
        }
        double bound = r.e2eP99BoundMs();
        double relay = r.relay() == null ? 0 : r.relay().messagesPerSec();
        md.append(config.stepped() ? "## Steps\n\n" : "## The measured window as one step\n\n");
        md.append(String.format(Locale.ROOT, "A step is **sustained** when its backlog stays flat (in every minute, "
                + "delivered within %.0f%% of accepted), the hub took the offered load (accepted at least %.0f%% of "
                + "offered: shedding with 503 keeps a backlog flat without sustaining the load) and its end-to-end "
                + "p99 (intended submit start to delivery) is at most **%.0f ms** (`load.e2e-p99-bound`). Delivered: "
                + "pushes received and messages first seen in a listing, de-duplicated by message id. Counts are by "
                + "event time: offered in its slot, accepted when the 201 came, delivered when the recipient had "
                + "it. CPU: every process tree of the stack and the driver in the step.%n%n",
                Steps.FLAT_TOLERANCE * 100, Steps.ACCEPTED_SHARE * 100, bound));
        Optional<StepResult> best = r.sustainable();
        md.append(!config.stepped() ? "(Without `load.steps` the run has one step; no sustainable rate is named.)"
                : best.map(s -> String.format(Locale.ROOT, "**Sustainable rate: %.0f msg/s offered** (step %d: "
                + "%.1f delivered/s, end-to-end p99 %.0f ms, %d errors%s).", s.offeredRate(), s.index() + 1,
                s.deliveredPerSec(), s.e2eMs()[1], s.errors(), relay > 0 ? String.format(Locale.ROOT,
                        "; %.3f of the raw Kafka relay's %.0f msg/s", s.deliveredPerSec() / relay, relay) : ""))
                .orElse("**Sustainable rate: none** of the steps was sustained.")).append("\n\n");
        md.append("| step | offered/s | accepted/s | delivered/s | errors | duplicates | submit p50 / p99 (ms) | "
                + "end-to-end p50 / p99 (ms) | CPU ms per delivered msg, all / stack | cores busy | JIT share of "
                + "services | delivered / raw Kafka relay | sustained |\n");
        md.append("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
        for (StepResult s : steps) {
            Steps.Judgement j = Steps.judge(s, bound);
            md.append(String.format(Locale.ROOT, "| %d | %s | %.1f | %.1f | %d | %d | %.1f / %.1f | %.1f / %.1f | "
                    + "%.2f / %.2f | %.2f | %s | %s | %s |%n", s.index() + 1, s.offeredRate() > 0
                            ? String.format(Locale.ROOT, "%.0f", s.offeredRate())
                            : String.format(Locale.ROOT, "closed (%.1f)", s.offered() / s.seconds()),
                    s.acceptedPerSec(), s.deliveredPerSec(), s.errors(), s.duplicates(), s.submitMs()[0],
                    s.submitMs()[1], s.e2eMs()[0], s.e2eMs()[1], s.cpuMsPerDelivered(), s.stackCpuMsPerDelivered(),
                    s.avgCores(), Double.isNaN(s.jitShare()) ? "n/a"
                            : String.format(Locale.ROOT, "%.1f%%", s.jitShare() * 100),
                    relay > 0 ? String.format(Locale.ROOT, "%.3f", s.deliveredPerSec() / relay) : "n/a",
                    j.sustained() ? "yes" : "no: " + j.why()));
        }
        md.append("\n### Per minute\n\n");
        md.append("| step | minute | s | offered | accepted | delivered | delivered − accepted | errors | duplicates | "
                + "submit p50 / p99 (ms) | end-to-end p50 / p99 (ms) | flat |\n");
        md.append("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
        for (StepResult s : steps) {
            for (StepResult.Minute m : s.minutes()) {
                md.append(String.format(Locale.ROOT, "| %d | %d | %.0f | %d | %d | %d | %+d | %d | %d | %.1f / %.1f | "
                        + "%.1f / %.1f | %s |%n", s.index() + 1, m.index() + 1, m.seconds(), m.offered(), m.accepted(),
                        m.delivered(), m.delivered() - m.accepted(), m.errors(), m.duplicates(), m.submitMs()[0],
                        m.submitMs()[1], m.e2eMs()[0], m.e2eMs()[1], m.flat() ? "yes" : "**no**"));
            }
        }
        md.append("\n### CPU per delivered message, per process (ms)\n\n");
        StringBuilder head = new StringBuilder("| process |");
        StringBuilder rule = new StringBuilder("| --- |");
        for (StepResult s : steps) {
            head.append(String.format(Locale.ROOT, " step %d (%.0f/s) |", s.index() + 1, s.offeredRate()));
            rule.append(" --- |");
        }
        md.append(head).append("\n").append(rule).append("\n");
        java.util.Set<String> names = new java.util.LinkedHashSet<>();
        steps.forEach(s -> names.addAll(s.cpuSeconds().keySet()));
        for (String name : names) {
            md.append("| ").append(name).append(" |");
            for (StepResult s : steps) {
                md.append(String.format(Locale.ROOT, " %.3f |", s.cpuMsPerDelivered(name)));
            }
            md.append("\n");
        }
        md.append("| **all** |");
        steps.forEach(s -> md.append(String.format(Locale.ROOT, " **%.3f** |", s.cpuMsPerDelivered())));
        md.append("\n\n");
        boolean anyErrors = steps.stream().anyMatch(s -> !s.errorKinds().isEmpty());
        if (anyErrors) {
            md.append("Errors by step and kind:\n\n");
            for (StepResult s : steps) {
                s.errorKinds().forEach((k, v) -> md.append(String.format(Locale.ROOT, "- step %d: %s: %d%n",
                        s.index() + 1, k, v)));
            }
            md.append("\n");
        }
        WarmupResult w = r.warmup();
        if (w != null && w.jitGated()) {
            md.append(String.format(Locale.ROOT, "Warm-up: %.0f s at %.0f msg/s; JIT compilers' share of the "
                    + "services' CPU per %d-s window: %s%s.%n%n", w.seconds(), w.rate(),
                    config.warmupWindow().toSeconds(), String.join(", ", w.windowShares().stream()
                            .map(x -> String.format(Locale.ROOT, "%.1f%%", x * 100)).toList()),
                    w.capped() ? "; **capped by load.warmup-max**, the compilers were still above "
                            + String.format(Locale.ROOT, "%.0f%%", w.threshold() * 100) : ""));
        }
    }

    private static void relay(StringBuilder md, LoadResult r) {
        KafkaRelay.Result relay = r.relay();
        if (relay == null) {
            return;
        }
        md.append("## Raw Kafka relay of the hub's shape\n\n");
        md.append(String.format(Locale.ROOT, "Per message a submission record produced, consumed and relayed as a "
                + "delivery and a verdict record, both consumed; acks=all, idempotent producers; sizes and partitions "
                + "from the run (%s). **%.0f messages/s** relayed over %.0f s (%d send errors), %.3f ms CPU per "
                + "message (broker and the driver's clients: %s).%n%n", KafkaRelay.describe(relay.shapes()),
                relay.messagesPerSec(), relay.seconds(), relay.sendErrors(), relay.cpuMsPerMessage(),
                String.join(", ", relay.cpuSeconds().entrySet().stream().map(e -> String.format(Locale.ROOT,
                        "%s %.1f s", e.getKey(), e.getValue())).toList())));
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim().split(" ", 4)[0];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    /**
     * Two panels over every second of the run (warm-up, steps, drain): offered (grey), accepted (black) and delivered
     * (orange) msg/s; submit p50 (green), submit p99 (blue) and end-to-end p99 (red) in ms.
     */
    static String svg(List<double[]> rows, String title) {
        int w = 900;
        int h = 220;
        int left = 60;
        StringBuilder s = new StringBuilder();
        s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(w + 20).append("\" height=\"")
                .append(2 * h + 80).append("\" font-family=\"sans-serif\" font-size=\"12\">\n");
        s.append("<text x=\"").append(left).append("\" y=\"16\">").append(escape(title))
                .append(": offered (grey), accepted (black), delivered (orange) msg/s (top); latency ms: submit p50 "
                        + "(green), submit p99 (blue), end-to-end p99 (red) (bottom)</text>\n");
        double maxT = rows.stream().mapToDouble(r -> r[0]).max().orElse(1);
        double maxRate = rows.stream().mapToDouble(r -> Math.max(r[1], Math.max(r[2], r[3]))).max().orElse(1);
        double maxLat = rows.stream().mapToDouble(r -> Math.max(r[5], r[7])).max().orElse(1);
        panel(s, rows, 30, h, left, w, maxT, maxRate, new int[] { 1, 2, 3 }, new String[] { "#999", "#333", "#e80" });
        panel(s, rows, 60 + h, h, left, w, maxT, maxLat, new int[] { 4, 5, 7 },
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
