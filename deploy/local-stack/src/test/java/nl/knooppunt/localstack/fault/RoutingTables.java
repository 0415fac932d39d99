package nl.knooppunt.localstack.fault;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * routing-service's own tables, read over JDBC: what the hub stored (one {@code message} row per message id) and the
 * claims of the Idempotency-Keys ({@code idempotency_key}), so the reconciliation sees every message the hub accepted,
 * including those whose sender never got an answer.
 */
public final class RoutingTables {

    /** One stored message: id, status, delivery mode, push attempts and the JWE payload (null once delivered). */
    public record MessageRow(String id, String status, String deliveryMode, int pushAttempts, String payload) {

        /** The status the row must end in: {@code delivered} for a push, {@code acknowledged} for the mailbox. */
        public String finalStatus() {
            return "webhook".equals(deliveryMode) ? "delivered" : "acknowledged";
        }
    }

    /** A key's claim at routing-service: the body digest, the recorded result (null if none) and its first claim. */
    public record KeyClaim(String key, String bodyDigest, String result, Instant since) {
    }

    /** portal-api's namespace of keyed message ids ({@code MessageIds}, ADR 0025). */
    private static final UUID MESSAGE_ID_NAMESPACE = UUID.fromString("6f1c53a2-2f0e-4c5e-9a61-7b7f3c0d9e41");

    private final String jdbcUrl;

    /** Connects as {@code postgres} to routing-service's database at this JDBC URL. */
    public RoutingTables(String jdbcUrl) {
        this.jdbcUrl = jdbcUrl;
    }

    /** Ids of every message from the sender to the recipient that routing-service holds now. */
    public Set<String> messageIds(String sender, String recipient) {
        Set<String> ids = new HashSet<>();
        query("SELECT id FROM message WHERE sender = ?::uuid AND recipient = ?::uuid", List.of(sender, recipient),
                row -> ids.add(row.getString("id")));
        return ids;
    }

    /** Every message from the sender to the recipient that routing-service holds, except those in {@code before}. */
    public List<MessageRow> messages(String sender, String recipient, Set<String> before) {
        List<MessageRow> rows = new ArrayList<>();
        query("SELECT id, status, delivery_mode, push_attempts, payload FROM message WHERE sender = ?::uuid"
                + " AND recipient = ?::uuid", List.of(sender, recipient), row -> {
                    String id = row.getString("id");
                    if (!before.contains(id)) {
                        rows.add(new MessageRow(id, row.getString("status"), row.getString("delivery_mode"),
                                row.getInt("push_attempts"), row.getString("payload")));
                    }
                });
        return rows;
    }

    /** How many of the sender's messages to the recipient still wait for a push ({@code accepted}). */
    public int waitingPushes(String sender, String recipient) {
        int[] count = new int[1];
        query("SELECT count(*) AS waiting FROM message WHERE sender = ?::uuid AND recipient = ?::uuid"
                + " AND status = 'accepted'", List.of(sender, recipient), row -> count[0] = row.getInt("waiting"));
        return count[0];
    }

    /** The claims routing-service holds for these keys of the sender (a key never claimed is absent). */
    public Map<String, KeyClaim> claims(String sender, Collection<String> keys) {
        Map<String, KeyClaim> claims = new HashMap<>();
        try (Connection connection = connect();
                PreparedStatement statement = connection.prepareStatement("SELECT key, body_digest, result,"
                        + " created_at FROM idempotency_key WHERE sender = ?::uuid AND key = ANY(?)")) {
            Array array = connection.createArrayOf("text", keys.toArray());
            statement.setString(1, sender);
            statement.setArray(2, array);
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    claims.put(row.getString("key"), new KeyClaim(row.getString("key"), row.getString("body_digest"),
                            row.getString("result"), row.getObject("created_at", OffsetDateTime.class).toInstant()));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading routing's idempotency keys: " + e.getMessage(), e);
        }
        return claims;
    }

    /**
     * The message id portal-api derives for a keyed submission to one recipient: a UUIDv5 of sender, key, body digest,
     * the key's first claim and recipient (ADR 0025; the same name and namespace as portal-api's {@code MessageIds}).
     * The reconciliation checks it against every 201, so a change of the derivation shows as a finding.
     */
    public static String derivedId(String sender, KeyClaim claim, String recipient) {
        String name = sender + "\n" + claim.key() + "\n" + claim.bodyDigest() + "\n" + claim.since() + "\n" + recipient;
        byte[] hash;
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            sha1.update(bytes(MESSAGE_ID_NAMESPACE));
            hash = sha1.digest(name.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required of every JVM", e);
        }
        hash[6] = (byte) ((hash[6] & 0x0f) | 0x50);
        hash[8] = (byte) ((hash[8] & 0x3f) | 0x80);
        long msb = 0;
        long lsb = 0;
        for (int i = 0; i < 8; i++) {
            msb = (msb << 8) | (hash[i] & 0xff);
            lsb = (lsb << 8) | (hash[i + 8] & 0xff);
        }
        return new UUID(msb, lsb).toString();
    }

    private static byte[] bytes(UUID uuid) {
        byte[] out = new byte[16];
        for (int i = 0; i < 8; i++) {
            out[i] = (byte) (uuid.getMostSignificantBits() >>> (56 - 8 * i));
            out[i + 8] = (byte) (uuid.getLeastSignificantBits() >>> (56 - 8 * i));
        }
        return out;
    }

    private interface RowHandler {
        void accept(ResultSet row) throws SQLException;
    }

    private void query(String sql, List<String> parameters, RowHandler handler) {
        try (Connection connection = connect(); PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.size(); i++) {
                statement.setString(i + 1, parameters.get(i));
            }
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    handler.accept(row);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading routing's tables: " + e.getMessage(), e);
        }
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl, "postgres", "postgres");
    }
}
