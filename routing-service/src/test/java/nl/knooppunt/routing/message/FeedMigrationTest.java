package nl.knooppunt.routing.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import nl.knooppunt.testsupport.PostgresTestResource;

/**
 * Upgrading a routing database with feed events and deadlines in their own tables (V2) to the feed on the message row
 * (V3, ADR 0041) keeps every event under its old cursor position, keeps open deadlines, and lets new events follow
 * the old ones.
 */
class FeedMigrationTest {

    private static final String MAILBOX = "11111111-1111-1111-1111-111111111111";
    private static final String PUSHED = "22222222-2222-2222-2222-222222222222";
    private static final String REQUEST = "33333333-3333-3333-3333-333333333333";
    private static final String SENDER = "aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa";
    private static final String RECIPIENT = "bbbbbbbb-bbbb-bbbb-bbbb-bbbbbbbbbbbb";

    private static PostgresTestResource postgres;
    private static String url;

    @BeforeAll
    static void start() {
        postgres = new PostgresTestResource();
        Map<String, String> config = postgres.start();
        url = config.get("quarkus.datasource.jdbc.url");
    }

    @AfterAll
    static void stop() {
        postgres.stop();
    }

    @Test
    void eventsKeepTheirPositionsAndDeadlinesMoveIntoTheRequest() throws Exception {
        flyway("2").migrate();
        try (Connection db = DriverManager.getConnection(url, "postgres", "postgres");
                Statement sql = db.createStatement()) {
            sql.execute(insert(MAILBOX, "mailbox", "acknowledged", "now() - interval '2 hours'",
                    "now() - interval '1 hour'", "now() - interval '30 minutes'"));
            sql.execute(insert(PUSHED, "webhook", "delivered", "now() - interval '2 hours'", "NULL", "NULL"));
            sql.execute(insert(REQUEST, "mailbox", "delivered", "now() - interval '20 days'", "NULL", "NULL"));
            sql.execute("SELECT setval('message_event_seq_seq', 100)");
            event(sql, 5, SENDER, MAILBOX, "accepted");
            event(sql, 6, SENDER, MAILBOX, "delivered");
            event(sql, 9, SENDER, MAILBOX, "fetched");
            event(sql, 12, SENDER, MAILBOX, "acknowledged");
            event(sql, 7, SENDER, PUSHED, "accepted");
            event(sql, 10, SENDER, PUSHED, "delivered");
            event(sql, 1, SENDER, REQUEST, "accepted");
            event(sql, 2, SENDER, REQUEST, "delivered");
            event(sql, 11, RECIPIENT, REQUEST, "reply-reminder");
            event(sql, 13, SENDER, REQUEST, "reply-overdue");
            event(sql, 14, RECIPIENT, REQUEST, "reply-overdue");
            sql.execute("INSERT INTO reply_deadline (request_id, requester, responder, module, type, remind_at, due_at,"
                    + " reminded_at, overdue_at) VALUES ('" + REQUEST + "', '" + SENDER + "', '" + RECIPIENT
                    + "', 'schuldinventarisatie', 'saldoverzoek', now() - interval '6 days',"
                    + " now() - interval '4 days', now() - interval '6 days', now() - interval '4 days')");
        }

        flyway("3").migrate();

        try (Connection db = DriverManager.getConnection(url, "postgres", "postgres");
                Statement sql = db.createStatement()) {
            assertColumns(sql, MAILBOX, 5L, 6L, 9L, 12L, null, null);
            assertColumns(sql, PUSHED, 7L, null, null, 10L, null, null);
            assertColumns(sql, REQUEST, 1L, 2L, null, null, 11L, 13L);
            try (ResultSet row = sql.executeQuery("SELECT remind_at, due_at, reminded_at, overdue_at, stored_at,"
                    + " closed_at FROM message WHERE id = '" + REQUEST + "'")) {
                row.next();
                assertNotNull(row.getTimestamp("remind_at"));
                assertNotNull(row.getTimestamp("due_at"));
                assertNotNull(row.getTimestamp("reminded_at"));
                assertNotNull(row.getTimestamp("overdue_at"));
                assertNotNull(row.getTimestamp("stored_at"));
                assertNull(row.getTimestamp("closed_at"));
            }
            try (ResultSet next = sql.executeQuery("SELECT nextval('message_feed_seq')")) {
                next.next();
                assertTrue(next.getLong(1) > 100, "new events follow the old positions");
            }
            try (ResultSet tables = sql.executeQuery("SELECT count(*) FROM information_schema.tables"
                    + " WHERE table_name IN ('message_event', 'reply_deadline')")) {
                tables.next();
                assertEquals(0, tables.getLong(1));
            }
        }
    }

    private static Flyway flyway(String target) {
        return Flyway.configure().dataSource(url, "postgres", "postgres").locations("classpath:db/migration")
                .target(target).load();
    }

    private static String insert(String id, String mode, String status, String delivered, String fetched,
            String acknowledged) {
        return "INSERT INTO message (id, conversation_id, module, type, sender, recipient, status, submitted_at,"
                + " delivered_at, fetched_at, acknowledged_at, expires_at, delivery_mode) VALUES ('" + id + "', '" + id
                + "', 'schuldinventarisatie', 'saldoverzoek', '" + SENDER + "', '" + RECIPIENT + "', '" + status
                + "', now() - interval '3 hours', " + delivered + ", " + fetched + ", " + acknowledged
                + ", now() + interval '5 days', '" + mode + "')";
    }

    private static void event(Statement sql, long seq, String participant, String message, String kind)
            throws Exception {
        sql.execute("INSERT INTO message_event (seq, participant, message_id, kind, sender, recipient, module, type, at)"
                + " VALUES (" + seq + ", '" + participant + "', '" + message + "', '" + kind + "', '" + SENDER + "', '"
                + RECIPIENT + "', 'schuldinventarisatie', 'saldoverzoek', now())");
    }

    private static void assertColumns(Statement sql, String id, Long accepted, Long delivered, Long fetched,
            Long closed, Long reminded, Long overdue) throws Exception {
        try (ResultSet row = sql.executeQuery("SELECT accepted_seq, delivered_seq, fetched_seq, closed_seq,"
                + " reminded_seq, overdue_seq FROM message WHERE id = '" + id + "'")) {
            row.next();
            assertEquals(accepted, (Long) row.getObject("accepted_seq"), id + " accepted");
            assertEquals(delivered, (Long) row.getObject("delivered_seq"), id + " delivered");
            assertEquals(fetched, (Long) row.getObject("fetched_seq"), id + " fetched");
            assertEquals(closed, (Long) row.getObject("closed_seq"), id + " closed");
            assertEquals(reminded, (Long) row.getObject("reminded_seq"), id + " reminded");
            assertEquals(overdue, (Long) row.getObject("overdue_seq"), id + " overdue");
        }
    }
}
