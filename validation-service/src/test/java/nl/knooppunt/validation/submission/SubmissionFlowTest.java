package nl.knooppunt.validation.submission;

import static io.restassured.RestAssured.given;
import static nl.knooppunt.validation.fake.FakeHubServicesResource.ENERGIE;
import static nl.knooppunt.validation.fake.FakeHubServicesResource.GEMEENTE;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jwe.JsonWebEncryption;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.build.Jwt;
import nl.knooppunt.standard.catalogue.Catalogue;
import nl.knooppunt.standard.crypto.EnvelopeAssertions;
import nl.knooppunt.standard.crypto.HubSecrets;
import nl.knooppunt.standard.crypto.Jwks;
import nl.knooppunt.standard.crypto.LinkKeyRing;
import nl.knooppunt.standard.crypto.VerdictSeals;
import nl.knooppunt.standard.crypto.RecipientCipher;
import nl.knooppunt.standard.crypto.TransitRatchet;
import nl.knooppunt.standard.envelope.Delivery;
import nl.knooppunt.standard.envelope.Envelope;
import nl.knooppunt.standard.envelope.Submission;
import nl.knooppunt.standard.envelope.Verdict;
import nl.knooppunt.standard.envelope.Violation;
import nl.knooppunt.standard.kafka.TopicSpec;
import nl.knooppunt.standard.kafka.DeadLetters;
import nl.knooppunt.standard.kafka.Topics;
import nl.knooppunt.testsupport.HubSecretsTestResource;
import nl.knooppunt.testsupport.KafkaTestResource;
import nl.knooppunt.validation.fake.FakeHubServicesResource;
import nl.knooppunt.validation.fake.TopicRecorder;
import nl.knooppunt.validation.routing.MessageMetadata;
import nl.knooppunt.kit.token.ServiceTokens;

/**
 * The whole flow over a real Kafka broker: submissions in, verdicts, deliveries and dead letters out, with
 * registry-service and routing-service played by {@link FakeHubServicesResource}.
 */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(HubSecretsTestResource.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SubmissionFlowTest {

    private static final String MODULE = "schuldinventarisatie";
    private static final String MARKER = "GEHEIM-" + UUID.randomUUID();
    private static final Duration WAIT = Duration.ofSeconds(30);

    private static TopicRecorder recorder;
    private static String acceptedMessageId;
    private static KafkaProducer<String, String> producer;

    @Inject
    ObjectMapper mapper;
    @Inject
    ServiceTokens serviceTokens;
    @Inject
    SubmissionConsumer consumer;

    private Path secrets;
    private TransitRatchet transit;
    private PublicJsonWebKey portalKey;
    private PublicJsonWebKey validationKey;
    private LinkKeyRing submissionLink;
    private LinkKeyRing deliveryLink;

    @BeforeEach
    void setUp() throws Exception {
        secrets = Path.of(ConfigProvider.getConfig().getValue("knooppunt.secrets-dir", String.class));
        // the same state file validation-service holds: portal-api's end of the link, as in production
        transit = TransitRatchet.open(secrets.resolve(TransitRatchet.STATE_FILE), new TransitRatchet.Settings(
                java.time.Duration.ofMinutes(5), java.time.Duration.ofMinutes(30)), java.time.Clock.systemUTC(), false);
        portalKey = Jwks.readPrivateKey(secrets.resolve(HubSecrets.PORTAL_API_SIGNING_KEY));
        validationKey = Jwks.readPrivateKey(secrets.resolve(HubSecrets.VALIDATION_SERVICE_SIGNING_KEY));
        submissionLink = LinkKeyRing.read(secrets.resolve(HubSecrets.SUBMISSION_LINK_KEYS));
        deliveryLink = LinkKeyRing.read(secrets.resolve(HubSecrets.DELIVERY_LINK_KEYS));
        if (recorder == null) {
            String bootstrap = ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
                List<String> existing = List.copyOf(admin.listTopics().names().get());
                admin.createTopics(TopicSpec.all().stream().filter(t -> !existing.contains(t.name()))
                        .map(t -> new NewTopic(t.name(), Optional.of(t.partitions()), Optional.empty())).toList())
                        .all().get();
            }
            recorder = new TopicRecorder(bootstrap, List.of(Topics.SUBMISSIONS, Topics.VERDICTS, Topics.DELIVERIES,
                    Topics.DEAD_LETTERS));
            Properties props = new Properties();
            props.putAll(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all",
                    ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                    ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName()));
            producer = new KafkaProducer<>(props);
        }
    }

    @AfterAll
    static void tearDown() throws Exception {
        if (producer != null) {
            producer.close();
        }
        if (recorder != null) {
            recorder.close();
        }
    }

    @Test
    @Order(1)
    void validSaldoverzoekIsAcceptedAndDeliveredEncryptedForTheRecipient() throws Exception {
        ObjectNode payload = example("saldoverzoek");
        payload.put("toelichting", MARKER);
        String plaintext = mapper.writeValueAsString(payload);
        Envelope envelope = request("saldoverzoek", GEMEENTE, ENERGIE);

        String transitJwe = submit(envelope, plaintext);
        acceptedMessageId = envelope.messageId();

        Verdict verdict = awaitVerdict(envelope.messageId());
        assertEquals(Verdict.accepted(envelope.messageId(), envelope.messageId()), verdict);
        ConsumerRecord<String, String> record = awaitDelivery(envelope.messageId());
        assertEquals(ENERGIE, record.key());
        Delivery delivery = mapper.readValue(record.value(), Delivery.class);
        assertEquals(envelope, delivery.envelope());
        List<PublicJsonWebKey> energieKeys = participantKeys(ENERGIE);
        assertEquals(plaintext, RecipientCipher.decrypt(delivery.payload(), energieKeys));
        JsonWebEncryption header = new JsonWebEncryption();
        header.setCompactSerialization(delivery.payload());
        assertEquals(energieKeys.get(0).getKeyId(), header.getKeyIdHeaderValue());
        assertEquals("RSA-OAEP-256", header.getAlgorithmHeaderValue());
        EnvelopeAssertions.verifier("validation-service", deliveryLink)
                .verify(delivery.assertion(), delivery.envelope(), delivery.payload());

        assertFalse(transitJwe.contains(MARKER));
        assertFalse(delivery.payload().contains(MARKER));
        assertFalse(record.value().contains(MARKER));

        // domain metrics (ADR 0044): the verdict by module and type, the participant cache's size and freshness
        assertTrue(metric("knooppunt_validation_judged_total",
                "module=\"schuldinventarisatie\",type=\"saldoverzoek\",verdict=\"accepted\"") >= 1);
        assertTrue(metric("knooppunt_validation_participants_cached", "") >= 2);
        double age = metric("knooppunt_validation_participant_snapshot_age_seconds", "");
        assertTrue(age >= 0 && age < 365 * 86400, "the cache holds snapshots recorded by the registry: " + age);
    }

    @Test
    @Order(2)
    void schemaBreakingPayloadIsRejectedWithPointersAndNotDelivered() throws Exception {
        ObjectNode payload = example("saldoverzoek");
        payload.remove("peildatum");
        ((ObjectNode) payload.get("client")).put("bsn", MARKER);
        ((ObjectNode) payload.get("client").get("adres")).put("huisnummer", 0);
        Envelope envelope = request("saldoverzoek", GEMEENTE, ENERGIE);

        submit(envelope, mapper.writeValueAsString(payload));

        Verdict verdict = awaitVerdict(envelope.messageId());
        assertEquals(Verdict.Outcome.REJECTED, verdict.outcome());
        assertEquals(List.of(
                new Violation("schema.minimum", "/client/adres/huisnummer", "must be at least 1"),
                new Violation("schema.pattern", "/client/bsn", "does not have the required format"),
                new Violation("schema.required", "/peildatum", "is required")), verdict.violations());
        assertNoDelivery(envelope.messageId());
        assertTrue(recorder.records(Topics.VERDICTS).stream().noneMatch(r -> r.value().contains(MARKER)));

        // counted by module, type and violation code: never an id or a value from the payload
        assertTrue(metric("knooppunt_validation_judged_total",
                "module=\"schuldinventarisatie\",type=\"saldoverzoek\",verdict=\"rejected\"") >= 1);
        assertTrue(metric("knooppunt_validation_violations_total",
                "code=\"schema.pattern\",module=\"schuldinventarisatie\"") >= 1);
        String domain = given().get("/q/metrics").then().statusCode(200).extract().asString().lines()
                .filter(line -> line.startsWith("knooppunt_")).collect(java.util.stream.Collectors.joining("\n"));
        assertFalse(domain.contains(MARKER) || domain.contains(GEMEENTE) || domain.contains(ENERGIE)
                || domain.contains(envelope.messageId()), "metric labels carry no ids and no content");
    }

    @Test
    @Order(3)
    void answerWithoutInReplyToIsRejected() throws Exception {
        Envelope envelope = request("saldoverzoek-antwoord", ENERGIE, GEMEENTE);

        submit(envelope, mapper.writeValueAsString(example("saldoverzoek-antwoord")));

        assertEquals(List.of(new Violation("protocol.in-reply-to-required", "",
                "a saldoverzoek-antwoord must name the message it answers")),
                awaitVerdict(envelope.messageId()).violations());
        assertNoDelivery(envelope.messageId());
    }

    @Test
    @Order(4)
    void creditorMayNotSendASaldoverzoek() throws Exception {
        Envelope envelope = request("saldoverzoek", ENERGIE, GEMEENTE);

        submit(envelope, mapper.writeValueAsString(example("saldoverzoek")));

        Verdict verdict = awaitVerdict(envelope.messageId());
        assertEquals(List.of("protocol.sender-not-allowed", "protocol.recipient-not-allowed"), codes(verdict));
        assertEquals("", verdict.violations().get(0).pointer());
    }

    @Test
    @Order(5)
    void answerToAKnownSaldoverzoekIsAcceptedInItsConversation() throws Exception {
        MessageMetadata asked = knownSaldoverzoek(GEMEENTE, ENERGIE);
        ObjectNode payload = example("saldoverzoek-antwoord");
        payload.put("referentieSchuldhulpverlener", MARKER.substring(0, 40));
        String plaintext = mapper.writeValueAsString(payload);
        Envelope envelope = answer("saldoverzoek-antwoord", asked.id(), ENERGIE, GEMEENTE);

        submit(envelope, plaintext);

        assertEquals(Verdict.accepted(envelope.messageId(), asked.conversationId()),
                awaitVerdict(envelope.messageId()));
        Delivery delivery = mapper.readValue(awaitDelivery(envelope.messageId()).value(), Delivery.class);
        assertEquals(asked.conversationId(), delivery.envelope().conversationId());
        assertEquals(asked.id(), delivery.envelope().inReplyTo());
        assertEquals(plaintext, RecipientCipher.decrypt(delivery.payload(), participantKeys(GEMEENTE)));
        EnvelopeAssertions.verifier("validation-service", deliveryLink)
                .verify(delivery.assertion(), delivery.envelope(), delivery.payload());
    }

    @Test
    @Order(6)
    void answerToAMessageTheRecipientDidNotSendOrAnUnknownOneIsRejectedAlike() throws Exception {
        MessageMetadata someoneElses = knownSaldoverzoek(GEMEENTE, UUID.randomUUID().toString());
        Envelope toSomeoneElses = answer("geen-medewerking", someoneElses.id(), ENERGIE, GEMEENTE);
        Envelope toUnknown = answer("geen-medewerking", UUID.randomUUID().toString(), ENERGIE, GEMEENTE);

        submit(toSomeoneElses, mapper.writeValueAsString(example("geen-medewerking")));
        submit(toUnknown, mapper.writeValueAsString(example("geen-medewerking")));

        Verdict first = awaitVerdict(toSomeoneElses.messageId());
        Verdict second = awaitVerdict(toUnknown.messageId());
        assertEquals(List.of("protocol.in-reply-to-unknown"), codes(first));
        assertEquals(first.violations(), second.violations());
    }

    @Test
    @Order(7)
    void answerWaitsForRoutingToRecoverInsteadOfBeingRejected() throws Exception {
        MessageMetadata asked = knownSaldoverzoek(GEMEENTE, ENERGIE);
        FakeHubServicesResource.UNAVAILABLE_FOR.put(asked.id(), new java.util.concurrent.atomic.AtomicInteger(2));
        Envelope envelope = answer("geen-medewerking", asked.id(), ENERGIE, GEMEENTE);

        submit(envelope, mapper.writeValueAsString(example("geen-medewerking")));

        assertEquals(Verdict.accepted(envelope.messageId(), asked.conversationId()),
                awaitVerdict(envelope.messageId()));
        assertEquals(3, FakeHubServicesResource.MESSAGE_CALLS.get(asked.id()).get());
    }

    @Test
    @Order(8)
    void payloadThatIsNotJsonIsRejected() throws Exception {
        Envelope envelope = request("saldoverzoek", GEMEENTE, ENERGIE);

        submit(envelope, "{\"toelichting\": \"" + MARKER);

        Verdict verdict = awaitVerdict(envelope.messageId());
        assertEquals(List.of(new Violation("payload.malformed", "", "the payload is not valid JSON")),
                verdict.violations());
        assertNoDelivery(envelope.messageId());
    }

    @Test
    @Order(9)
    void forgedAssertionIsDeadLetteredWithoutVerdict() throws Exception {
        Envelope envelope = request("saldoverzoek", GEMEENTE, ENERGIE);
        String payload = transit.encrypt(mapper.writeValueAsString(example("saldoverzoek")));
        // a key this service holds, but of the other link: not a key of the submission link's ring
        String forged = EnvelopeAssertions.sign(envelope, payload, "portal-api", Duration.ofMinutes(5), deliveryLink);
        String value = mapper.writeValueAsString(new Submission(envelope, payload, forged));

        producer.send(new ProducerRecord<>(Topics.SUBMISSIONS, envelope.messageId(), value)).get();

        ConsumerRecord<String, String> deadLetter = awaitDeadLetter(envelope.messageId());
        // metadata and the reason, never the payload (ADR 0034)
        assertEquals(DeadLetters.redact(value), deadLetter.value());
        assertFalse(deadLetter.value().contains(payload));
        assertEquals(envelope.messageId(), mapper.readTree(deadLetter.value()).at("/record/envelope/messageId")
                .asText());
        assertEquals("assertion.invalid", header(deadLetter, "knooppunt-reason"));
        assertEquals(Topics.SUBMISSIONS, header(deadLetter, "knooppunt-source-topic"));
        assertNoVerdict(envelope.messageId());
        assertNoDelivery(envelope.messageId());
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("knooppunt_validation_refused_total{reason=\"assertion.invalid\""));
    }

    @Test
    @Order(9)
    void assertionSignedEs256ByPortalApiIsDeadLettered() throws Exception {
        Envelope envelope = request("saldoverzoek", GEMEENTE, ENERGIE);
        String payload = transit.encrypt(mapper.writeValueAsString(example("saldoverzoek")));
        JsonWebSignature genuine = new JsonWebSignature();
        genuine.setCompactSerialization(
                EnvelopeAssertions.sign(envelope, payload, "portal-api", Duration.ofMinutes(5), submissionLink));
        JsonWebSignature es256 = new JsonWebSignature();
        es256.setPayload(genuine.getUnverifiedPayload());
        es256.setKey(portalKey.getPrivateKey());
        es256.setKeyIdHeaderValue(genuine.getKeyIdHeaderValue());
        es256.setAlgorithmHeaderValue(AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256);

        producer.send(new ProducerRecord<>(Topics.SUBMISSIONS, envelope.messageId(), mapper.writeValueAsString(
                new Submission(envelope, payload, es256.getCompactSerialization())))).get();

        assertEquals("assertion.invalid", header(awaitDeadLetter(envelope.messageId()), "knooppunt-reason"));
        assertNoVerdict(envelope.messageId());
        assertNoDelivery(envelope.messageId());
    }

    @Test
    @Order(10)
    void assertionForAnotherPayloadIsDeadLettered() throws Exception {
        Envelope envelope = request("saldoverzoek", GEMEENTE, ENERGIE);
        String signedPayload = transit.encrypt(mapper.writeValueAsString(example("saldoverzoek")));
        String assertion = EnvelopeAssertions.sign(envelope, signedPayload, "portal-api", Duration.ofMinutes(5),
                submissionLink);
        String swapped = transit.encrypt(mapper.writeValueAsString(example("saldoverzoek")));

        producer.send(new ProducerRecord<>(Topics.SUBMISSIONS, envelope.messageId(),
                mapper.writeValueAsString(new Submission(envelope, swapped, assertion)))).get();

        assertEquals("assertion.mismatch", header(awaitDeadLetter(envelope.messageId()), "knooppunt-reason"));
        assertNoVerdict(envelope.messageId());
    }

    @Test
    @Order(11)
    void unreadableRecordIsDeadLettered() throws Exception {
        String key = UUID.randomUUID().toString();

        producer.send(new ProducerRecord<>(Topics.SUBMISSIONS, key, "not a submission")).get();

        ConsumerRecord<String, String> deadLetter = awaitDeadLetter(key);
        assertEquals("record.malformed", header(deadLetter, "knooppunt-reason"));
        assertEquals(DeadLetters.redact("not a submission"), deadLetter.value());
        assertFalse(deadLetter.value().contains("not a submission"));
        assertNoVerdict(key);
    }

    /**
     * A submission whose transit epoch left the window (its key is destroyed, ADR 0034) is refused as
     * {@code transit.key-destroyed}: no verdict, no delivery, and the dead letter carries no payload.
     */
    @Test
    @Order(11)
    void submissionFromADestroyedTransitEpochIsDeadLettered() throws Exception {
        Envelope envelope = request("saldoverzoek", GEMEENTE, ENERGIE);
        org.jose4j.jwe.JsonWebEncryption old = new org.jose4j.jwe.JsonWebEncryption();
        old.setAlgorithmHeaderValue(org.jose4j.jwe.KeyManagementAlgorithmIdentifiers.DIRECT);
        old.setEncryptionMethodHeaderParameter(org.jose4j.jwe.ContentEncryptionAlgorithmIdentifiers.AES_256_GCM);
        old.setKeyIdHeaderValue(TransitRatchet.KID_PREFIX + (transit.oldestEpoch() - 1));
        old.setKey(new javax.crypto.spec.SecretKeySpec(new byte[32], "AES"));
        old.setPlaintext(mapper.writeValueAsString(example("saldoverzoek")));
        String payload = old.getCompactSerialization();
        String assertion = EnvelopeAssertions.sign(envelope, payload, "portal-api", Duration.ofMinutes(5),
                submissionLink);

        producer.send(new ProducerRecord<>(Topics.SUBMISSIONS, envelope.messageId(),
                mapper.writeValueAsString(new Submission(envelope, payload, assertion)))).get();

        ConsumerRecord<String, String> deadLetter = awaitDeadLetter(envelope.messageId());
        assertEquals("transit.key-destroyed", header(deadLetter, "knooppunt-reason"));
        assertFalse(deadLetter.value().contains(payload));
        assertNoVerdict(envelope.messageId());
        assertNoDelivery(envelope.messageId());
    }

    @Test
    @Order(12)
    void serviceTokensFollowTheContract() throws Exception {
        String token = serviceTokens.token("registry-service", "registry.read").await().atMost(WAIT);
        org.jose4j.jwt.consumer.JwtContext context = new org.jose4j.jwt.consumer.JwtConsumerBuilder()
                .setExpectedIssuer("urn:knooppunt:services")
                .setExpectedAudience("registry-service")
                .setVerificationKey(validationKey.getPublicKey())
                .build().process(token);
        assertEquals("validation-service", context.getJwtClaims().getSubject());
        assertEquals(List.of("registry.read"), context.getJwtClaims().getStringListClaimValue("groups"));
        assertEquals(300, context.getJwtClaims().getExpirationTime().getValue()
                - context.getJwtClaims().getIssuedAt().getValue());
        assertEquals("validation-service-1", context.getJoseObjects().get(0).getKeyIdHeaderValue());
        assertEquals("ES256", context.getJoseObjects().get(0).getAlgorithmHeaderValue());
        assertEquals(token, serviceTokens.token("registry-service", "registry.read").await().atMost(WAIT));
    }

    @Test
    @Order(13)
    void fakeRegistryRefusesCallsWithoutAValidServiceToken() {
        given().get("/internal/v1/participants/" + GEMEENTE).then().statusCode(401);
        String portalToken = Jwt.issuer("urn:knooppunt:services").subject("portal-api").audience("registry-service")
                .groups("registry.read").expiresIn(60).jws().keyId(portalKey.getKeyId())
                .algorithm(SignatureAlgorithm.ES256).sign(portalKey.getPrivateKey());
        given().header("Authorization", "Bearer " + portalToken).get("/internal/v1/participants/" + GEMEENTE)
                .then().statusCode(401);
        String withoutGroup = Jwt.issuer("urn:knooppunt:services").subject("validation-service")
                .audience("registry-service").groups("mailbox").expiresIn(60).jws().keyId(validationKey.getKeyId())
                .algorithm(SignatureAlgorithm.ES256).sign(validationKey.getPrivateKey());
        given().header("Authorization", "Bearer " + withoutGroup).get("/internal/v1/participants/" + GEMEENTE)
                .then().statusCode(403);
    }

    @Test
    @Order(14)
    void secondAnswerRightAfterTheFirstIsRejectedBeforeRoutingHasStoredTheFirst() throws Exception {
        MessageMetadata asked = knownSaldoverzoek(GEMEENTE, ENERGIE);
        Envelope first = answer("saldoverzoek-antwoord", asked.id(), ENERGIE, GEMEENTE);
        Envelope second = answer("geen-medewerking", asked.id(), ENERGIE, GEMEENTE);

        submit(first, mapper.writeValueAsString(example("saldoverzoek-antwoord")));
        submit(second, mapper.writeValueAsString(example("geen-medewerking")));

        // both keyed by the request, on one partition, but judged concurrently and so in either order (ADR 0027):
        // whichever is judged first is the answer, the other is refused, and only the answer is delivered
        Verdict firstVerdict = awaitVerdict(first.messageId());
        Verdict secondVerdict = awaitVerdict(second.messageId());
        boolean firstWon = firstVerdict.outcome() == Verdict.Outcome.ACCEPTED;
        Envelope won = firstWon ? first : second;
        Envelope lost = firstWon ? second : first;
        assertEquals(Verdict.accepted(won.messageId(), asked.conversationId()), firstWon ? firstVerdict : secondVerdict);
        Verdict refused = firstWon ? secondVerdict : firstVerdict;
        assertEquals(Verdict.Outcome.REJECTED, refused.outcome());
        assertEquals(List.of(firstWon ? "protocol.already-answered" : "protocol.conversation-closed"), codes(refused));
        awaitDelivery(won.messageId());
        assertNoDelivery(lost.messageId());
    }

    /** An answer keyed by its own id, as portal-api keyed every submission until 2026-11-29, is still judged. */
    @Test
    @Order(15)
    void answerKeyedByItsOwnIdAsBeforeTheRequestKeyIsStillJudged() throws Exception {
        MessageMetadata asked = knownSaldoverzoek(GEMEENTE, ENERGIE);
        Envelope envelope = answer("saldoverzoek-antwoord", asked.id(), ENERGIE, GEMEENTE);

        submit(envelope.messageId(), envelope, mapper.writeValueAsString(example("saldoverzoek-antwoord")));

        assertEquals(Verdict.accepted(envelope.messageId(), asked.conversationId()),
                awaitVerdict(envelope.messageId()));
        awaitDelivery(envelope.messageId());
    }

    /** The record key is part of what binds a record to its envelope: any other key is a malformed record. */
    @Test
    @Order(16)
    void submissionKeyedByAnythingElseIsDeadLetteredWithoutVerdict() throws Exception {
        MessageMetadata asked = knownSaldoverzoek(GEMEENTE, ENERGIE);
        Envelope envelope = answer("saldoverzoek-antwoord", asked.id(), ENERGIE, GEMEENTE);
        String otherKey = UUID.randomUUID().toString();

        submit(otherKey, envelope, mapper.writeValueAsString(example("saldoverzoek-antwoord")));

        assertEquals("record.malformed", header(awaitDeadLetter(otherKey), "knooppunt-reason"));
        assertNoVerdict(envelope.messageId());
        assertNoDelivery(envelope.messageId());
    }

    /** A dependency that stays down longer than the lookup retries: the record waits in place and is judged after. */
    @Test
    @Order(50)
    void recordWaitsInPlaceWhileRoutingStaysDownAndIsJudgedOnceItIsBack() throws Exception {
        MessageMetadata asked = knownSaldoverzoek(GEMEENTE, ENERGIE);
        int lookupAttempts = 1 + ConfigProvider.getConfig()
                .getValue("knooppunt.validation.dependency-retry.max-retries", Integer.class);
        // down for five whole rounds of lookup retries, then back
        int downFor = 5 * lookupAttempts;
        FakeHubServicesResource.UNAVAILABLE_FOR.put(asked.id(), new java.util.concurrent.atomic.AtomicInteger(downFor));
        long waitsBefore = consumer.waits();
        Envelope envelope = answer("geen-medewerking", asked.id(), ENERGIE, GEMEENTE);

        submit(envelope, mapper.writeValueAsString(example("geen-medewerking")));

        await().atMost(WAIT).until(() -> FakeHubServicesResource.MESSAGE_CALLS
                .getOrDefault(asked.id(), new java.util.concurrent.atomic.AtomicInteger()).get() >= lookupAttempts);
        assertNoVerdict(envelope.messageId());
        given().get("/q/health/live").then().statusCode(200);

        assertEquals(Verdict.accepted(envelope.messageId(), asked.conversationId()),
                awaitVerdict(envelope.messageId()));
        assertEquals(downFor + 1, FakeHubServicesResource.MESSAGE_CALLS.get(asked.id()).get());
        assertEquals(5, consumer.waits() - waitsBefore, "the record waited once per failed round");
        assertTrue(recorder.records(Topics.DEAD_LETTERS).stream().noneMatch(r -> envelope.messageId().equals(r.key())));
        given().get("/q/health/live").then().statusCode(200);
    }

    @Test
    @Order(100)
    void noPlaintextReachedKafkaOrTheLog() throws Exception {
        for (String topic : List.of(Topics.SUBMISSIONS, Topics.VERDICTS, Topics.DELIVERIES, Topics.DEAD_LETTERS)) {
            assertFalse(recorder.records(topic).isEmpty() && !topic.equals(Topics.DEAD_LETTERS), topic);
            assertTrue(recorder.records(topic).stream().noneMatch(r -> r.value().contains(MARKER)), topic);
        }
        Path log = Path.of(ConfigProvider.getConfig().getValue("quarkus.log.file.path", String.class));
        String logged = Files.readString(log, StandardCharsets.UTF_8);
        assertTrue(logged.contains("message " + acceptedMessageId + " (schuldinventarisatie/saldoverzoek) accepted"),
                "the log file is the one the service writes to in this run");
        assertFalse(logged.contains(MARKER), "a payload value was logged");
        assertFalse(logged.contains("GEHEIM"), "a payload value was logged");
    }

    /** Publishes the submission as portal-api does, keyed by {@link Topics#submissionKey}. */
    private String submit(Envelope envelope, String plaintext) throws Exception {
        return submit(Topics.submissionKey(envelope), envelope, plaintext);
    }

    private String submit(String key, Envelope envelope, String plaintext) throws Exception {
        String payload = transit.encrypt(plaintext);
        String assertion = EnvelopeAssertions.sign(envelope, payload, "portal-api", Duration.ofMinutes(5),
                submissionLink);
        producer.send(new ProducerRecord<>(Topics.SUBMISSIONS, key,
                mapper.writeValueAsString(new Submission(envelope, payload, assertion)))).get();
        return payload;
    }

    private Verdict awaitVerdict(String messageId) throws Exception {
        ConsumerRecord<String, String> record = await().atMost(WAIT).until(
                () -> recorder.records(Topics.VERDICTS).stream().filter(r -> messageId.equals(r.key())).findFirst(),
                Optional::isPresent).orElseThrow();
        Header seal = record.headers().lastHeader(VerdictSeals.HEADER);
        assertNotNull(seal, "every verdict is sealed for portal-api");
        VerdictSeals seals = new VerdictSeals(Jwks.readSet(secrets.resolve(HubSecrets.SUBMISSION_LINK_KEYS)));
        assertTrue(seals.verify(messageId, record.value(), new String(seal.value(), StandardCharsets.UTF_8)),
                "the seal covers exactly this verdict's key and value");
        assertFalse(seals.verify(messageId, record.value() + " ",
                new String(seal.value(), StandardCharsets.UTF_8)));
        return mapper.readValue(record.value(), Verdict.class);
    }

    private ConsumerRecord<String, String> awaitDelivery(String messageId) {
        return await().atMost(WAIT).until(() -> delivery(messageId), Optional::isPresent).orElseThrow();
    }

    private ConsumerRecord<String, String> awaitDeadLetter(String key) {
        return await().atMost(WAIT).until(() -> recorder.records(Topics.DEAD_LETTERS).stream()
                .filter(r -> key.equals(r.key())).findFirst(), Optional::isPresent).orElseThrow();
    }

    private Optional<ConsumerRecord<String, String>> delivery(String messageId) {
        return recorder.records(Topics.DELIVERIES).stream().filter(r -> {
            try {
                return messageId.equals(mapper.readValue(r.value(), Delivery.class).envelope().messageId());
            } catch (Exception e) {
                return false;
            }
        }).findFirst();
    }

    /** Deliveries and verdicts are written before the record is acknowledged; give the recorder time to see them. */
    private void assertNoDelivery(String messageId) {
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
                .until(() -> delivery(messageId).isEmpty());
        assertTrue(delivery(messageId).isEmpty(), "no delivery expected for " + messageId);
    }

    private void assertNoVerdict(String messageId) {
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
                .until(() -> recorder.records(Topics.VERDICTS).stream().noneMatch(r -> messageId.equals(r.key())));
        assertTrue(recorder.records(Topics.VERDICTS).stream().noneMatch(r -> messageId.equals(r.key())),
                "no verdict expected for " + messageId);
    }

    /** The value of the series with exactly these labels (Prometheus' order), or -1 when it is not exported. */
    private static double metric(String name, String labels) {
        String series = labels.isEmpty() ? name : name + "{" + labels + "}";
        return given().get("/q/metrics").then().statusCode(200).extract().asString().lines()
                .filter(line -> line.startsWith(series + " ")).mapToDouble(line -> Double.parseDouble(
                        line.substring(series.length() + 1).trim())).findFirst().orElse(-1);
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        assertNotNull(header, name);
        return new String(header.value(), StandardCharsets.UTF_8);
    }

    private List<PublicJsonWebKey> participantKeys(String participantId) {
        return nl.knooppunt.testsupport.ParticipantTestKeys.of(secrets, participantId);
    }

    private static MessageMetadata knownSaldoverzoek(String sender, String recipient) {
        String id = UUID.randomUUID().toString();
        MessageMetadata message = new MessageMetadata(id, UUID.randomUUID().toString(), null, MODULE, "saldoverzoek",
                sender, recipient);
        FakeHubServicesResource.MESSAGES.put(id, message);
        return message;
    }

    private static Envelope request(String type, String sender, String recipient) {
        String id = UUID.randomUUID().toString();
        return new Envelope(id, id, null, MODULE, type, sender, recipient, Instant.parse("2026-11-28T09:30:00Z"));
    }

    private static Envelope answer(String type, String inReplyTo, String sender, String recipient) {
        return new Envelope(UUID.randomUUID().toString(), null, inReplyTo, MODULE, type, sender, recipient,
                Instant.parse("2026-11-28T09:30:00Z"));
    }

    private static ObjectNode example(String type) {
        return (ObjectNode) Catalogue.standard().messageType(MODULE, type).orElseThrow().example().deepCopy();
    }

    private static List<String> codes(Verdict verdict) {
        return verdict.violations().stream().map(Violation::code).toList();
    }
}
