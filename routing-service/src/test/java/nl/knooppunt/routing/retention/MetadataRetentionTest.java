package nl.knooppunt.routing.retention;

import static io.restassured.RestAssured.given;
import static nl.knooppunt.routing.support.TestDeliveries.GEMEENTE;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import nl.knooppunt.routing.expiry.ExpiryJob;
import nl.knooppunt.routing.support.ServiceTokens;
import nl.knooppunt.routing.support.TestClock;
import nl.knooppunt.routing.support.TestDeliveries;
import nl.knooppunt.standard.envelope.Envelope;
import nl.knooppunt.testsupport.HubSecretsTestResource;
import nl.knooppunt.testsupport.KafkaTestResource;
import nl.knooppunt.testsupport.PostgresTestResource;

@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(HubSecretsTestResource.class)
class MetadataRetentionTest {

    @Inject
    ExpiryJob expiry;

    @Inject
    TestClock clock;

    @Inject
    Pool pool;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void acknowledgedMessagesLoseTheirMetadataAfterTheRetentionAndTheSenderGets404() {
        String sender = UUID.randomUUID().toString();
        List<String> acknowledged = new ArrayList<>();
        // more than one batch (the test profile deletes 2 rows per statement)
        for (int i = 0; i < 5; i++) {
            acknowledged.add(deliverFetchAndAcknowledge(sender));
        }
        String waiting = deliver(sender);
        Instant closed = Instant.now();

        // the waiting message's 5 working days end: expired (its life ends, the closing time is the database's now)
        clock.set(closed.plus(Duration.ofDays(30)));
        expiry.run().await().indefinitely();
        status(waiting).then().statusCode(200).body("status", equalTo("expired"));

        clock.set(closed.plus(Duration.ofDays(89)));
        expiry.run().await().indefinitely();
        for (String id : acknowledged) {
            status(id).then().statusCode(200).body("status", equalTo("acknowledged"));
        }
        assertEquals(6, rows(sender), "89 days after their end the messages' metadata is still there");

        clock.set(closed.plus(Duration.ofDays(90)).plus(Duration.ofMinutes(1)));
        expiry.run().await().indefinitely();
        for (String id : acknowledged) {
            status(id).then().statusCode(404).contentType("application/problem+json");
        }
        status(waiting).then().statusCode(404);
        assertEquals(0, rows(sender), "no row, and so no feed event or deadline, of the sender's messages is left");
        assertEquals(0, expiry.run().await().indefinitely(), "nothing left to expire");
    }

    private String deliverFetchAndAcknowledge(String sender) {
        String id = deliver(sender);
        given().auth().oauth2(ServiceTokens.portalApi("mailbox"))
                .get("/internal/v1/mailboxes/{p}/messages/{m}", GEMEENTE, id).then().statusCode(200);
        given().auth().oauth2(ServiceTokens.portalApi("mailbox"))
                .post("/internal/v1/mailboxes/{p}/messages/{m}/ack", GEMEENTE, id).then().statusCode(204);
        return id;
    }

    private static String deliver(String sender) {
        Envelope envelope = TestDeliveries.newRequest(sender, GEMEENTE);
        TestDeliveries.produce(TestDeliveries.signed(envelope, TestDeliveries.encryptFor(GEMEENTE)));
        await().atMost(Duration.ofSeconds(20)).until(() -> status(envelope.messageId()).statusCode() == 200);
        return envelope.messageId();
    }

    private static Response status(String id) {
        return given().auth().oauth2(ServiceTokens.portalApi("messages.read")).get("/internal/v1/messages/{id}", id);
    }

    private long rows(String sender) {
        return pool.preparedQuery("SELECT count(*) FROM message WHERE sender = $1")
                .execute(Tuple.of(UUID.fromString(sender))).await().indefinitely().iterator().next().getLong(0);
    }
}
