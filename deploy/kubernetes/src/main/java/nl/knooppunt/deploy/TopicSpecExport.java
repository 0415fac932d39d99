package nl.knooppunt.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import nl.knooppunt.standard.kafka.TopicSpec;

/** Writes {@link TopicSpec#all()} as JSON, so the manifest checks compare KafkaTopics with the code itself. */
public final class TopicSpecExport {

    private TopicSpecExport() {
    }

    /** Writes the JSON array to the file given as the only argument. */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: TopicSpecExport <output file>");
        }
        String json = TopicSpec.all().stream().map(TopicSpecExport::toJson)
                .collect(Collectors.joining(",\n  ", "[\n  ", "\n]\n"));
        Path out = Path.of(args[0]);
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, json);
    }

    private static String toJson(TopicSpec spec) {
        String configs = new TreeMap<>(spec.configs()).entrySet().stream()
                .map(TopicSpecExport::entry).collect(Collectors.joining(", ", "{", "}"));
        return "{\"name\": " + quote(spec.name()) + ", \"partitions\": " + spec.partitions()
                + ", \"configs\": " + configs + "}";
    }

    private static String entry(Map.Entry<String, String> e) {
        return quote(e.getKey()) + ": " + quote(e.getValue());
    }

    private static String quote(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
