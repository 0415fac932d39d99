package nl.knooppunt.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.jose4j.jwk.EcJwkGenerator;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.keys.EllipticCurves;
import org.junit.jupiter.api.Test;

import nl.knooppunt.standard.crypto.RecipientCipher;

/** What the driver counts as delivered, duplicated, answered and correctly encrypted. */
class DeliveryTest {

    private final List<String> log = new ArrayList<>();
    private final Metrics metrics = new Metrics(log::add);
    private final Tracker tracker = new Tracker(metrics, n -> true);

    @Test
    void aMessageIsDeliveredOnceAndEveryLaterArrivalIsADuplicateError() throws Exception {
        Traffic traffic = traffic(0);
        Traffic.Message message = traffic.next();
        String id = UUID.randomUUID().toString();
        tracker.accepted(id, message, System.nanoTime(), true);

        assertSame(message, tracker.arrived(id, System.nanoTime()));
        assertNull(tracker.arrived(id, System.nanoTime()));

        assertEquals(1, tracker.arrived());
        assertEquals(0, tracker.outstanding());
        assertEquals(1, tracker.duplicates());
        assertEquals(1, metrics.deliveredInterval.sum());
        assertEquals(1, metrics.duplicatesInterval.sum());
        assertEquals(1L, metrics.errors().get("duplicate delivery"));
    }

    @Test
    void aPushBeforeItsAcceptanceCountsOnceWhenThe201Comes() throws Exception {
        Traffic traffic = traffic(0);
        Traffic.Message message = traffic.next();
        String id = UUID.randomUUID().toString();

        assertNull(tracker.arrived(id, System.nanoTime()));
        assertEquals(0, metrics.deliveredInterval.sum());
        tracker.accepted(id, message, System.nanoTime() - 1_000_000, true);

        assertEquals(1, metrics.deliveredInterval.sum());
        assertEquals(1, tracker.arrivedMeasured());
        assertEquals(0, tracker.outstanding());
        assertEquals(0, tracker.duplicates());
        assertNull(tracker.arrived(id, System.nanoTime()));
        assertEquals(1, tracker.duplicates());
    }

    @Test
    void aMessageOfAnEarlierRunIsNeitherDeliveredNorADuplicate() {
        assertNull(tracker.arrived("left-over-" + UUID.randomUUID(), System.nanoTime()));

        assertEquals(0, metrics.deliveredInterval.sum());
        assertEquals(0, tracker.duplicates());
        assertEquals(1, tracker.unmatched());
    }

    @Test
    void aDeliveredRequestIsAnsweredByItsRecipientWithInReplyToAndAnAnswerIsNeverAnswered() throws Exception {
        Traffic traffic = traffic(1.0);
        tracker.onDelivered(traffic::delivered);
        Traffic.Message request = traffic.next();
        String id = UUID.randomUUID().toString();
        tracker.accepted(id, request, System.nanoTime(), true);
        tracker.arrived(id, System.nanoTime());

        Traffic.Message answer = traffic.next();

        assertTrue(answer.answer());
        assertEquals(id, answer.inReplyTo());
        assertSame(request.recipient(), answer.sender());
        assertSame(request.sender(), answer.recipient());
        assertSame(request.kind().answer(), answer.kind());
        assertEquals(request.kind().module(), answer.kind().module());
        String body = answer.body();
        assertTrue(body.contains("\"inReplyTo\":\"" + id + "\""), body);
        assertTrue(body.contains("\"recipient\":\"" + request.sender().id() + "\""), body);
        Api.read(body);

        String answerId = UUID.randomUUID().toString();
        tracker.accepted(answerId, answer, System.nanoTime(), true);
        tracker.arrived(answerId, System.nanoTime());
        assertFalse(traffic.next().answer(), "answers are not answered");
        assertEquals(1, traffic.answersSent());
    }

    @Test
    void withoutAnswersEveryMessageIsANewRequest() throws Exception {
        Traffic traffic = traffic(0);
        tracker.onDelivered(traffic::delivered);
        for (int i = 0; i < 50; i++) {
            Traffic.Message m = traffic.next();
            String id = UUID.randomUUID().toString();
            tracker.accepted(id, m, System.nanoTime(), true);
            tracker.arrived(id, System.nanoTime());
        }
        assertFalse(traffic.next().answer());
        assertNull(Api.read(traffic.next().body()).get("inReplyTo"));
    }

    @Test
    void theRecipientDecryptsWhatWasSentAndAnythingElseIsAnError() throws Exception {
        Traffic traffic = traffic(0);
        Traffic.Message message = traffic.next();
        PayloadCheck check = new PayloadCheck(metrics, 1.0, n -> true);
        PublicJsonWebKey key = message.recipient().keys().get(0);
        String payload = Api.JSON.writeValueAsString(message.kind().payload());

        check.check("pull", "m1", message, RecipientCipher.encrypt(payload, key));
        assertEquals(1, metrics.payloadsChecked.sum());
        assertEquals(0, metrics.errorCount(), () -> metrics.errors().toString());

        PublicJsonWebKey stranger = EcJwkGenerator.generateJwk(EllipticCurves.P256);
        stranger.setKeyId("someone-else-1");
        check.check("push", "m2", message, RecipientCipher.encrypt(payload, stranger));
        check.check("pull", "m3", message, RecipientCipher.encrypt("{\"other\":true}", key));
        check.check("pull", "m4", message, null);

        assertEquals(1L, metrics.errors().get("payload check: push payload does not decrypt with the recipient's key"));
        assertEquals(1L, metrics.errors().get("payload check: pull payload differs from what was sent"));
        assertEquals(1L, metrics.errors().get("payload check: pull without encryptedPayload"));
    }

    @Test
    void theSampleIsTheGivenShareOfMessageIds() {
        int sampled = 0;
        for (int i = 0; i < 100_000; i++) {
            if (PayloadCheck.sampled(UUID.randomUUID().toString(), 0.01)) {
                sampled++;
            }
        }
        assertTrue(sampled > 800 && sampled < 1200, "sampled " + sampled + " of 100000 at 1%");
        assertTrue(PayloadCheck.sampled("any", 1.0));
        assertFalse(PayloadCheck.sampled("any", 0));
        String id = UUID.randomUUID().toString();
        assertEquals(PayloadCheck.sampled(id, 0.5), PayloadCheck.sampled(id, 0.5), "the same id, the same answer");
    }

    private static Traffic traffic(double answerShare) throws Exception {
        Population.Vendor vendor = new Population.Vendor("v", "s");
        List<Population.Member> counsellors = new ArrayList<>();
        List<Population.Member> creditors = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            counsellors.add(member("c" + i, i == 9 ? "administrator" : "counsellor-phase-2", vendor));
            creditors.add(member("s" + i, "creditor", vendor));
        }
        Population population = new Population(List.of(vendor), counsellors, creditors,
                member("fund", "guarantee-fund", vendor));
        Traffic traffic = new Traffic(population, answerShare);
        assertNotNull(traffic.describe());
        return traffic;
    }

    private static Population.Member member(String name, String kind, Population.Vendor vendor) throws Exception {
        PublicJsonWebKey key = EcJwkGenerator.generateJwk(EllipticCurves.P256);
        key.setKeyId(name + "-1");
        return new Population.Member(UUID.randomUUID().toString(), name, kind, false, vendor, List.of(key), null);
    }
}
