package nl.knooppunt.localstack.canary;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The places the canary searches for its markers besides the raw files: every record of every Kafka topic read with a
 * plain consumer (the client decompresses what a producer compressed) and every text, json, xml, array and bytea
 * value of every table of every PostgreSQL database read through SQL (de-TOASTed, decompressed).
 */
public final class LeakScan {

    /** Names the searched values that some bytes hold. */
    @FunctionalInterface
    public interface Finder {

        /** The names of the values found in the bytes; empty when none. */
        List<String> foundIn(byte[] haystack);
    }

    /** Where a marker was found, and which. */
    public record Hit(String where, List<String> markers) {
    }

    /** What a scan read, and the hits. */
    public record Result(long itemsRead, List<Hit> hits, boolean controlFound) {
    }

    private LeakScan() {
    }

    /**
     * Reads every topic, internal ones included, from the beginning to its end offset; searches key, value and every
     * header (name and value). {@code control} is a text that must be found somewhere (e.g. a message id).
     */
    public static Result kafka(String bootstrapServers, Markers markers, String control) throws Exception {
        return kafka(bootstrapServers, markers::foundIn, control);
    }

    /** As {@link #kafka(String, Markers, String)}, for any values: {@code finder} names those a record part holds. */
    public static Result kafka(String bootstrapServers, Finder finder, String control) throws Exception {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        Map<String, TopicDescription> topics;
        try (Admin admin = Admin.create(props)) {
            Set<String> names = admin.listTopics(new ListTopicsOptions().listInternal(true)).names()
                    .get(30, TimeUnit.SECONDS);
            topics = admin.describeTopics(names).allTopicNames().get(30, TimeUnit.SECONDS);
        }
        List<TopicPartition> partitions = new ArrayList<>();
        topics.values().forEach(topic -> topic.partitions()
                .forEach(p -> partitions.add(new TopicPartition(topic.name(), p.partition()))));
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "2000");
        List<Hit> hits = new ArrayList<>();
        long read = 0;
        boolean controlFound = false;
        byte[] controlBytes = control.getBytes(StandardCharsets.UTF_8);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (ends.entrySet().stream().anyMatch(end -> consumer.position(end.getKey()) < end.getValue())) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Kafka scan did not reach the end offsets " + ends);
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    read++;
                    String where = "kafka " + record.topic() + "-" + record.partition() + "@" + record.offset();
                    List<byte[]> parts = new ArrayList<>();
                    parts.add(record.key());
                    parts.add(record.value());
                    for (Header header : record.headers()) {
                        parts.add(header.key().getBytes(StandardCharsets.UTF_8));
                        parts.add(header.value());
                    }
                    for (byte[] part : parts) {
                        if (part == null) {
                            continue;
                        }
                        List<String> found = finder.foundIn(part);
                        if (!found.isEmpty()) {
                            hits.add(new Hit(where, found));
                        }
                        controlFound |= Markers.contains(part, controlBytes, false);
                    }
                }
            }
        }
        return new Result(read, hits, controlFound);
    }

    /**
     * Reads every column of a text-like type (text, varchar, char, name, json, jsonb, xml, arrays) and every bytea
     * column of every user table in every database that accepts connections.
     */
    public static Result postgres(Function<String, String> jdbcUrl, String user, String password, Markers markers,
            String control) throws SQLException {
        return postgres(jdbcUrl, user, password, (Finder) markers::foundIn, control);
    }

    /** As {@link #postgres(Function, String, String, Markers, String)}, for any values {@code finder} names. */
    public static Result postgres(Function<String, String> jdbcUrl, String user, String password, Finder finder,
            String control) throws SQLException {
        List<String> databases = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(jdbcUrl.apply("postgres"), user, password);
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(
                        "select datname from pg_database where datallowconn and not datistemplate")) {
            while (rows.next()) {
                databases.add(rows.getString(1));
            }
        }
        List<Hit> hits = new ArrayList<>();
        long read = 0;
        boolean controlFound = false;
        for (String database : databases) {
            try (Connection connection = DriverManager.getConnection(jdbcUrl.apply(database), user, password)) {
                Map<String, List<String[]>> columnsByTable = new HashMap<>();
                try (Statement statement = connection.createStatement();
                        ResultSet rows = statement.executeQuery("select c.table_schema, c.table_name, c.column_name, "
                                + "c.data_type from information_schema.columns c join information_schema.tables t "
                                + "on t.table_schema = c.table_schema and t.table_name = c.table_name "
                                + "where t.table_type = 'BASE TABLE' "
                                + "and c.table_schema not in ('pg_catalog', 'information_schema') "
                                + "and c.data_type in ('text', 'character varying', 'character', 'name', 'json', "
                                + "'jsonb', 'xml', 'ARRAY', 'bytea', 'USER-DEFINED')")) {
                    while (rows.next()) {
                        columnsByTable.computeIfAbsent(quote(rows.getString(1)) + "." + quote(rows.getString(2)),
                                t -> new ArrayList<>()).add(new String[] { rows.getString(3), rows.getString(4) });
                    }
                }
                for (Map.Entry<String, List<String[]>> table : columnsByTable.entrySet()) {
                    StringBuilder select = new StringBuilder("select ");
                    for (String[] column : table.getValue()) {
                        select.append(select.length() > 7 ? ", " : "").append(quote(column[0]))
                                .append("bytea".equals(column[1]) ? "" : "::text");
                    }
                    select.append(" from ").append(table.getKey());
                    try (Statement statement = connection.createStatement();
                            ResultSet rows = statement.executeQuery(select.toString())) {
                        while (rows.next()) {
                            for (int i = 1; i <= table.getValue().size(); i++) {
                                byte[] value = "bytea".equals(table.getValue().get(i - 1)[1]) ? rows.getBytes(i)
                                        : bytes(rows.getString(i));
                                if (value == null) {
                                    continue;
                                }
                                read++;
                                List<String> found = finder.foundIn(value);
                                if (!found.isEmpty()) {
                                    hits.add(new Hit("postgres " + database + " " + table.getKey() + "."
                                            + table.getValue().get(i - 1)[0], found));
                                }
                                controlFound |= Markers.contains(value, control.getBytes(StandardCharsets.UTF_8),
                                        false);
                            }
                        }
                    }
                }
            }
        }
        return new Result(read, hits, controlFound);
    }

    /** Searches every regular file under the directories, byte by byte. */
    public static Result files(Collection<Path> dirs, Markers markers, byte[] control) {
        return files(dirs, (Finder) markers::foundIn, control);
    }

    /** As {@link #files(Collection, Markers, byte[])}, for any values {@code finder} names. */
    public static Result files(Collection<Path> dirs, Finder finder, byte[] control) {
        List<Hit> hits = new ArrayList<>();
        long read = 0;
        boolean controlFound = false;
        for (Path dir : dirs) {
            for (Path file : regularFiles(dir)) {
                byte[] content;
                try {
                    content = Files.readAllBytes(file);
                } catch (IOException vanished) {
                    continue;
                }
                read++;
                List<String> found = finder.foundIn(content);
                if (!found.isEmpty()) {
                    hits.add(new Hit(file.toString(), found));
                }
                controlFound |= control != null && Markers.contains(content, control, false);
            }
        }
        return new Result(read, hits, controlFound);
    }

    /** Every regular file under {@code dir}; none when it does not exist; files that vanish meanwhile are skipped. */
    public static List<Path> regularFiles(Path dir) {
        List<Path> files = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return files;
        }
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                    if (attributes.isRegularFile()) {
                        files.add(file);
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new IllegalStateException("cannot list " + dir, e);
        }
        return files;
    }

    private static byte[] bytes(String text) {
        return text == null ? null : text.getBytes(StandardCharsets.UTF_8);
    }

    private static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }
}
