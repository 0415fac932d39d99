package nl.knooppunt.routing.deadline;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import nl.knooppunt.routing.deadline.service.ReplyDeadlines;
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
class ReplyDeadlinesTest {

    /**
     * Thursday 22 April 2027, 10:00 Amsterdam. A saldoverzoek has 10 working days: Fri 23, Mon 26, (Koningsdag Tue
     * 27), Wed 28, Thu 29, Fri 30, Mon 3, Tue 4, (Bevrijdingsdag Wed 5, Hemelvaartsdag Thu 6), Fri 7, Mon 10,
     * Tue 11 May: due Tuesday 11 May 10:00; the reminder 2 working days earlier, Friday 7 May 10:00.
     */
    private static final Instant SUBMITTED = Instant.parse("2027-04-22T08:00:00Z");
    private static final Instant REMIND_AT = Instant.parse("2027-05-07T08:00:00Z");
    private static final Instant DUE_AT = Instant.parse("2027-05-11T08:00:00Z");

    @Inject
    ReplyDeadlines deadlines;

    @Inject
    TestClock clock;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void reminderAndOverdueFireAtTheWorkingDayBoundaries() {
        String counsellor = UUID.randomUUID().toString();
        String creditor = UUID.randomUUID().toString();
        String request = deliverRequest(counsellor, creditor);

        check(REMIND_AT.minusSeconds(1));
        assertEquals(List.of(), deadlineEvents(creditor, request));
        check(REMIND_AT);
        awaitEvents(creditor, request, List.of("reply-reminder"));
        check(DUE_AT.minusSeconds(1));
        assertEquals(List.of(), deadlineEvents(counsellor, request));
        check(DUE_AT);
        awaitEvents(creditor, request, List.of("reply-reminder", "reply-overdue"));
        awaitEvents(counsellor, request, List.of("reply-overdue"));
        check(DUE_AT.plus(Duration.ofDays(3)));
        assertEquals(List.of("reply-overdue"), deadlineEvents(counsellor, request), "overdue only once");
    }

    @Test
    void anAnswerFromTheRecipientStopsTheClock() {
        String counsellor = UUID.randomUUID().toString();
        String creditor = UUID.randomUUID().toString();
        String request = deliverRequest(counsellor, creditor);
        String answerId = UUID.randomUUID().toString();
        Envelope answer = new Envelope(answerId, request, request, "schuldinventarisatie", "saldoverzoek-antwoord",
                creditor, counsellor, SUBMITTED.plus(Duration.ofDays(2)));
        TestDeliveries.produce(TestDeliveries.signed(answer, TestDeliveries.encryptFor(TestDeliveries.GEMEENTE)));
        await().atMost(Duration.ofSeconds(20)).until(() -> given().auth().oauth2(ServiceTokens.portalApi(
                "messages.read")).get("/internal/v1/messages/{id}", answerId).statusCode() == 200);

        check(DUE_AT.plus(Duration.ofDays(1)));
        assertEquals(List.of(), deadlineEvents(creditor, request));
        assertEquals(List.of(), deadlineEvents(counsellor, request));
    }

    private String deliverRequest(String counsellor, String creditor) {
        String id = UUID.randomUUID().toString();
        Envelope envelope = new Envelope(id, id, null, "schuldinventarisatie", "saldoverzoek", counsellor, creditor,
                SUBMITTED);
        TestDeliveries.produce(TestDeliveries.signed(envelope, TestDeliveries.encryptFor(TestDeliveries.GEMEENTE)));
        await().atMost(Duration.ofSeconds(20)).until(() -> given().auth().oauth2(ServiceTokens.portalApi(
                "messages.read")).get("/internal/v1/messages/{id}", id).statusCode() == 200);
        return id;
    }

    private void check(Instant at) {
        clock.set(at);
        deadlines.check().await().indefinitely();
    }

    private static void awaitEvents(String participant, String message, List<String> expected) {
        await().atMost(Duration.ofSeconds(5)).until(() -> deadlineEvents(participant, message).equals(expected));
    }

    private static List<String> deadlineEvents(String participant, String message) {
        JsonPath feed = given().auth().oauth2(ServiceTokens.portalApi("messages.read"))
                .get("/internal/v1/participants/{p}/events?limit=500", participant).then().statusCode(200)
                .extract().jsonPath();
        List<String> ids = feed.getList("items.messageId");
        List<String> kinds = feed.getList("items.event");
        return java.util.stream.IntStream.range(0, ids.size())
                .filter(i -> ids.get(i).equals(message) && kinds.get(i).startsWith("reply-"))
                .mapToObj(kinds::get).toList();
    }
}
