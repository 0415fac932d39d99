package nl.knooppunt.routing.message;

import static io.restassured.RestAssured.given;
import static nl.knooppunt.routing.support.TestDeliveries.ENERGIE;
import static nl.knooppunt.routing.support.TestDeliveries.GEMEENTE;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import nl.knooppunt.routing.support.FeedEvents;
import nl.knooppunt.routing.support.ServiceTokens;
import nl.knooppunt.routing.support.TestDeliveries;
import nl.knooppunt.standard.envelope.Envelope;
import nl.knooppunt.testsupport.HubSecretsTestResource;
import nl.knooppunt.testsupport.KafkaTestResource;
import nl.knooppunt.testsupport.PostgresTestResource;

/**
 * A message is written at most three times over its life (issue 15, ADR 0041): stored, fetched, acknowledged, with
 * its feed events and its reply deadline in the same row, and an answer writes nothing into the request it answers.
 * A trigger of this test logs every row write to the message table, the only table a message touches (the feed and
 * the deadlines have no tables of their own any more), so a fourth write fails it.
 */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(HubSecretsTestResource.class)
class RowWritesTest {

    private static final String MESSAGES = "/internal/v1/mailboxes/{participant}/messages";
    private static final String MESSAGE = MESSAGES + "/{id}";
    private static final String ACK = MESSAGE + "/ack";
    private static final String ACKS = "/internal/v1/mailboxes/{participant}/acknowledgements";

    @Inject
    Pool pool;

    @BeforeEach
    void logRowWrites() {
        pool.query("CREATE TABLE IF NOT EXISTS test_row_writes (id uuid, op text,"
                + " at timestamptz DEFAULT clock_timestamp())").executeAndAwait();
        pool.query("CREATE OR REPLACE FUNCTION test_log_row_write() RETURNS trigger AS $$ BEGIN"
                + " INSERT INTO test_row_writes (id, op) VALUES (NEW.id, TG_OP); RETURN NEW;"
                + " END $$ LANGUAGE plpgsql").executeAndAwait();
        pool.query("DROP TRIGGER IF EXISTS test_log_row_write ON message").executeAndAwait();
        pool.query("CREATE TRIGGER test_log_row_write AFTER INSERT OR UPDATE ON message FOR EACH ROW"
                + " EXECUTE FUNCTION test_log_row_write()").executeAndAwait();
    }

    @AfterEach
    void stopLogging() {
        pool.query("DROP TRIGGER IF EXISTS test_log_row_write ON message").executeAndAwait();
    }

    @Test
    void aRequestIsStoredFetchedAndAcknowledgedInThreeWritesAndItsAnswerAddsNone() {
        Envelope request = TestDeliveries.newRequest(ENERGIE, GEMEENTE);
        String id = request.messageId();
        TestDeliveries.produce(TestDeliveries.signed(request, TestDeliveries.encryptFor(GEMEENTE)));
        await().atMost(Duration.ofSeconds(30)).until(() -> writes(id).size() == 1);
        portal().get(MESSAGE, GEMEENTE, id).then().statusCode(200);
        portal().get(MESSAGE, GEMEENTE, id).then().statusCode(200);
        portal().post(ACK, GEMEENTE, id).then().statusCode(204);
        portal().post(ACK, GEMEENTE, id).then().statusCode(204);

        Envelope answer = new Envelope(UUID.randomUUID().toString(), id, id, "schuldinventarisatie",
                "saldoverzoek-antwoord", GEMEENTE, ENERGIE, request.submittedAt().plusSeconds(60));
        TestDeliveries.produce(TestDeliveries.signed(answer, TestDeliveries.encryptFor(ENERGIE)));
        await().atMost(Duration.ofSeconds(30)).until(() -> !writes(answer.messageId()).isEmpty());

        assertEquals(List.of("INSERT", "UPDATE", "UPDATE"), writes(id), "stored, fetched, acknowledged");
        assertEquals(List.of("INSERT"), writes(answer.messageId()));
        await().atMost(Duration.ofSeconds(10)).until(() -> FeedEvents.kinds(ENERGIE, id)
                .equals(List.of("accepted", "delivered", "fetched", "acknowledged")));
        assertEquals(1, pool.preparedQuery("SELECT count(*) FROM message WHERE id = $1 AND due_at IS NOT NULL")
                .executeAndAwait(Tuple.of(UUID.fromString(id))).iterator().next().getLong(0),
                "the request's reply deadline is kept in its row");
    }

    @Test
    void aPageFetchedAndAcknowledgedInBulkCostsThreeWritesPerMessage() {
        String recipient = UUID.randomUUID().toString();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Envelope envelope = TestDeliveries.newRequest(ENERGIE, recipient);
            TestDeliveries.produce(TestDeliveries.signed(envelope, TestDeliveries.encryptFor(GEMEENTE)));
            ids.add(envelope.messageId());
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> ids.stream().allMatch(id -> writes(id).size() == 1));
        portal().get(MESSAGES + "?include=content&limit=500", recipient).then().statusCode(200);
        portal().get(MESSAGES + "?include=content&limit=500", recipient).then().statusCode(200);
        portal().contentType("application/json").body(Map.of("ids", ids)).post(ACKS, recipient).then()
                .statusCode(200);
        portal().contentType("application/json").body(Map.of("ids", ids)).post(ACKS, recipient).then()
                .statusCode(200);
        for (String id : ids) {
            assertEquals(List.of("INSERT", "UPDATE", "UPDATE"), writes(id), "stored, fetched, acknowledged: " + id);
        }
    }

    private List<String> writes(String id) {
        List<String> ops = new ArrayList<>();
        pool.preparedQuery("SELECT op FROM test_row_writes WHERE id = $1 ORDER BY at")
                .executeAndAwait(Tuple.of(UUID.fromString(id))).forEach(row -> ops.add(row.getString("op")));
        return ops;
    }

    private static RequestSpecification portal() {
        return given().auth().oauth2(ServiceTokens.portalApi("mailbox", "messages.read"));
    }
}
