package nl.knooppunt.standard.kafka;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What a dead letter keeps of a refused record: metadata and the reason, never a payload (ADR 0034). A record that is
 * a JSON object keeps its fields except the payloads ({@value #PAYLOAD_FIELDS}), which give way to their SHA-256;
 * anything else keeps only its length and SHA-256. An operator can still see what was refused, from whom to whom, and
 * match it to the original record by digest, but the dead-letter topic holds nothing anyone could decrypt. Every
 * dead letter carries the four headers below, whichever service wrote it (the wire contract, docs/internal-apis.md).
 */
public final class DeadLetters {

    /** Header of every dead letter: why the record was refused (a code, never content). */
    public static final String REASON_HEADER = "knooppunt-reason";
    /** Header of every dead letter: the topic the refused record came from. */
    public static final String SOURCE_TOPIC_HEADER = "knooppunt-source-topic";
    /** Header of every dead letter: the partition the refused record came from. */
    public static final String SOURCE_PARTITION_HEADER = "knooppunt-source-partition";
    /** Header of every dead letter: the offset of the refused record in its partition. */
    public static final String SOURCE_OFFSET_HEADER = "knooppunt-source-offset";

    /** The fields of a record that carry a payload (ciphertext) and never reach a dead letter. */
    public static final Set<String> PAYLOAD_FIELDS = Set.of("payload", "encryptedPayload");

    private static final ObjectMapper JSON = new ObjectMapper();

    private DeadLetters() {
    }

    /** The dead-letter value of a refused record's value (null: an empty record). */
    public static String redact(byte[] value) {
        ObjectNode dead = JSON.createObjectNode();
        if (value == null || value.length == 0) {
            return dead.put("empty", true).toString();
        }
        JsonNode parsed = parse(value);
        if (parsed instanceof ObjectNode object) {
            for (String field : PAYLOAD_FIELDS) {
                JsonNode removed = object.remove(field);
                if (removed != null) {
                    object.put(field + "Sha256", sha256(removed.isTextual()
                            ? removed.asText().getBytes(StandardCharsets.UTF_8)
                            : removed.toString().getBytes(StandardCharsets.UTF_8)));
                }
            }
            return dead.set("record", object).toString();
        }
        return dead.put("unreadable", true).put("length", value.length).put("sha256", sha256(value)).toString();
    }

    /** As {@link #redact(byte[])} for a UTF-8 value. */
    public static String redact(String value) {
        return redact(value == null ? null : value.getBytes(StandardCharsets.UTF_8));
    }

    private static JsonNode parse(byte[] value) {
        try {
            return JSON.readTree(value);
        } catch (java.io.IOException e) {
            return null;
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }
}
