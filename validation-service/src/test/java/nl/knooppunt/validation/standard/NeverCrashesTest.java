package nl.knooppunt.validation.standard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import nl.knooppunt.standard.catalogue.Catalogue;
import nl.knooppunt.standard.catalogue.MessageType;
import nl.knooppunt.standard.catalogue.Module;
import nl.knooppunt.standard.catalogue.ParticipantKind;
import nl.knooppunt.standard.envelope.Envelope;
import nl.knooppunt.standard.envelope.Violation;
import nl.knooppunt.standard.validation.MessageValidator;
import nl.knooppunt.standard.validation.PayloadValidator;
import nl.knooppunt.validation.registry.Participant;
import nl.knooppunt.validation.routing.Conversation;
import nl.knooppunt.validation.routing.MessageMetadata;

/**
 * Generative: thousands of random and mutated submissions (payload text, envelope, participants, conversation),
 * each must get a verdict (a list of violations, possibly empty), never an exception; every violation is well formed
 * and never repeats a payload value. Seeded, so a failure names the seed that reproduces it.
 */
class NeverCrashesTest {

    private static final int RUNS = 6_000;
    private static final long SEED = 20261128L;
    private static final String MARKER = "GEHEIM";
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final ObjectReader PAYLOAD_READER = MAPPER.reader()
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final Catalogue CATALOGUE = Catalogue.standard();
    private static final List<MessageType> TYPES = CATALOGUE.modules().stream()
            .flatMap(m -> m.messageTypes().stream()).toList();
    private static final List<String> FIELD_NAMES = fieldNames();
    private static final String PDF = Base64.getEncoder().encodeToString("%PDF-1.7\n".getBytes(StandardCharsets.US_ASCII));
    private static final JsonNode PUBLIC_KEY = publicKey();

    private final StandardChecks checks = new StandardChecks(CATALOGUE, new MessageValidator(new PayloadValidator(),
            Clock.fixed(Instant.parse("2026-11-28T12:00:00Z"), MessageValidator.ZONE)),
            new RecentAnswers(Clock.systemUTC()));

    @Test
    void everyInputGetsAVerdictAndNoneAnException() {
        int rejected = 0;
        int accepted = 0;
        Set<String> codes = new TreeSet<>();
        for (int run = 0; run < RUNS; run++) {
            long seed = SEED + run;
            Random random = new Random(seed);
            CheckInput input = input(random);
            List<Violation> verdict;
            try {
                verdict = checks.check(input);
                checks.conversationId(input);
            } catch (RuntimeException | StackOverflowError e) {
                fail("seed " + seed + " crashed the checks: " + e);
                return;
            }
            assertNotNull(verdict, "seed " + seed);
            for (Violation v : verdict) {
                assertNotNull(v.code(), "seed " + seed);
                assertTrue(v.pointer().isEmpty() || v.pointer().startsWith("/"), "seed " + seed + " " + v);
                assertFalse(v.message().isBlank(), "seed " + seed + " " + v);
                assertFalse(v.message().contains(MARKER), "seed " + seed + " leaks a value: " + v);
                codes.add(v.code());
            }
            if (verdict.isEmpty()) {
                accepted++;
            } else {
                rejected++;
            }
        }
        assertEquals(RUNS, accepted + rejected);
        assertTrue(rejected > RUNS / 2, "most random inputs break the standard");
        assertTrue(accepted > 0, "the generator also makes valid submissions");
        assertTrue(codes.size() >= 25, "the generator reaches most rules: " + codes);
    }

    @Test
    void everyViolationOfOneMessageIsReportedAtOnce() {
        MessageType type = CATALOGUE.messageType("betalingsregeling", "betaalvoorstel").orElseThrow();
        ObjectNode payload = type.example().deepCopy();
        ((ObjectNode) payload.get("client")).put("bsn", "123456789");
        ((ObjectNode) payload.get("client").get("adres")).put("postcode", "0000 AA");
        ((ObjectNode) payload.get("vordering")).put("saldoInCenten", -5);
        ((ObjectNode) payload.get("voorstel").get("periode")).put("einddatum", "2026-01-01");
        payload.put("onbekend", true);
        payload.remove("referentieSchuldhulpverlener");
        String id = UUID.randomUUID().toString();
        Envelope envelope = new Envelope(id, id, UUID.randomUUID().toString(), "betalingsregeling", "betaalvoorstel",
                UUID.randomUUID().toString(), UUID.randomUUID().toString(), Instant.now());
        List<Violation> violations = checks.check(new CheckInput(envelope, Optional.of(payload),
                participant(new Random(1), ParticipantKind.OTHER_COUNSELLOR, List.of()), Optional.empty(),
                Optional.empty()));
        assertEquals(List.of("protocol.module-not-enabled", "recipient.unknown", "protocol.unexpected-in-reply-to",
                "attachment.required", "field.postcode", "field.bsn", "schema.additionalProperties",
                "schema.required", "field.period-end-before-start", "field.amount-negative"),
                violations.stream().map(Violation::code).toList());
    }

    private CheckInput input(Random random) {
        MessageType type = TYPES.get(random.nextInt(TYPES.size()));
        String module = pick(random, type.module(), type.module(), type.module(), "onbekend", "", null);
        String typeName = pick(random, type.type(), type.type(), type.type(), "bestaat-niet", "SALDOVERZOEK");
        String sender = UUID.randomUUID().toString();
        String recipient = UUID.randomUUID().toString();
        Optional<Conversation> conversation = Optional.empty();
        String inReplyTo = null;
        if (!type.isRequest() || random.nextInt(8) == 0) {
            String requestType = type.answersTo().isEmpty() ? "saldoverzoek"
                    : type.answersTo().get(random.nextInt(type.answersTo().size()));
            String requestId = random.nextInt(10) == 0 ? "geen-uuid-" + MARKER : UUID.randomUUID().toString();
            inReplyTo = random.nextInt(12) == 0 ? null : requestId;
            conversation = random.nextInt(6) == 0 ? Optional.empty() : Optional.of(conversation(random, type,
                    requestType, requestId, sender, recipient));
        }
        String id = UUID.randomUUID().toString();
        Envelope envelope = new Envelope(id, inReplyTo == null ? id : null, inReplyTo, module, typeName, sender,
                recipient, Instant.now());
        ParticipantKind senderKind = random.nextInt(4) == 0 ? randomKind(random)
                : type.senders().get(random.nextInt(type.senders().size()));
        ParticipantKind recipientKind = random.nextInt(4) == 0 ? randomKind(random)
                : type.recipients().get(random.nextInt(type.recipients().size()));
        return new CheckInput(envelope, payload(random, type, senderKind),
                random.nextInt(15) == 0 ? Optional.empty() : participant(random, senderKind, modules(random, type)),
                random.nextInt(15) == 0 ? Optional.empty() : participant(random, recipientKind, modules(random, type)),
                conversation);
    }

    private static Conversation conversation(Random random, MessageType type, String requestType, String requestId,
            String sender, String recipient) {
        boolean reversed = random.nextInt(6) != 0;
        List<MessageMetadata> messages = new ArrayList<>();
        messages.add(new MessageMetadata(requestId, requestId, null, pick(random, type.module(), type.module(),
                "anders"), requestType, reversed ? recipient : sender, reversed ? sender : recipient));
        int answers = random.nextInt(4);
        for (int i = 0; i < answers; i++) {
            MessageType answer = TYPES.get(random.nextInt(TYPES.size()));
            messages.add(new MessageMetadata(random.nextBoolean() ? UUID.randomUUID().toString() : null,
                    random.nextBoolean() ? requestId : null, random.nextBoolean() ? requestId : null,
                    pick(random, answer.module(), null), pick(random, answer.type(), null, ""), sender, recipient));
        }
        return new Conversation(pick(random, requestId, null), messages);
    }

    private static Optional<JsonNode> payload(Random random, MessageType type, ParticipantKind senderKind) {
        String text = switch (random.nextInt(10)) {
            case 0 -> randomText(random);
            case 1, 2 -> randomValue(random, 0).toString();
            case 3 -> type.example().toString();
            default -> mutate(random, type, senderKind).toString();
        };
        if (random.nextInt(20) == 0) {
            text = text.substring(0, random.nextInt(text.length() + 1));
        }
        try {
            return Optional.ofNullable(PAYLOAD_READER.readTree(text)).filter(node -> !node.isMissingNode());
        } catch (java.io.IOException e) {
            return Optional.empty();
        }
    }

    private static JsonNode mutate(Random random, MessageType type, ParticipantKind senderKind) {
        ObjectNode payload = type.example().deepCopy();
        if (!type.requiredAttachmentsFor(senderKind).isEmpty() && random.nextBoolean()) {
            for (String soort : type.requiredAttachmentsFor(senderKind)) {
                payload.withArray("bijlagen").addObject().put("soort", soort).put("naam", "bijlage.pdf")
                        .put("mediaType", "application/pdf").put("inhoud", PDF);
            }
        }
        int mutations = random.nextInt(5);
        for (int i = 0; i < mutations; i++) {
            List<JsonNode> containers = new ArrayList<>();
            collect(payload, containers);
            JsonNode target = containers.get(random.nextInt(containers.size()));
            if (target instanceof ObjectNode object) {
                List<String> names = new ArrayList<>();
                object.fieldNames().forEachRemaining(names::add);
                String name = names.isEmpty() || random.nextInt(4) == 0
                        ? FIELD_NAMES.get(random.nextInt(FIELD_NAMES.size()))
                        : names.get(random.nextInt(names.size()));
                if (random.nextInt(5) == 0) {
                    object.remove(name);
                } else {
                    object.set(name, fieldValue(random, name));
                }
            } else if (target instanceof ArrayNode array) {
                if (!array.isEmpty() && random.nextBoolean()) {
                    array.remove(random.nextInt(array.size()));
                } else {
                    array.add(random.nextBoolean() && !array.isEmpty() ? array.get(0).deepCopy()
                            : randomValue(random, 2));
                }
            }
        }
        return payload;
    }

    private static void collect(JsonNode node, List<JsonNode> containers) {
        if (node.isContainerNode()) {
            containers.add(node);
            Iterator<JsonNode> children = node.elements();
            children.forEachRemaining(child -> collect(child, containers));
        }
    }

    /** A value that is often almost right for the field, which is where rules live. */
    private static JsonNode fieldValue(Random random, String name) {
        if (random.nextInt(3) == 0) {
            return randomValue(random, 1);
        }
        if (name.endsWith("InCenten")) {
            return switch (random.nextInt(7)) {
                case 0 -> JSON.numberNode(-random.nextInt(1000));
                case 1 -> JSON.numberNode(new BigInteger("123456789012345678901234567890"));
                case 2 -> JSON.numberNode(Double.POSITIVE_INFINITY);
                case 3 -> JSON.numberNode(new BigDecimal("1e400"));
                case 4 -> JSON.numberNode(12.5);
                case 5 -> JSON.numberNode(Long.MIN_VALUE);
                default -> JSON.numberNode(random.nextInt(100_000));
            };
        }
        return switch (name) {
            case "bsn" -> JSON.textNode(digits(random, 9 + random.nextInt(3) - 1));
            case "iban" -> JSON.textNode(pick(random, "NL91ABNA0417164300", "NL91ABNA041716430" + random.nextInt(10),
                    "nl91abna0417164300", "XX00", "NL" + digits(random, 16), MARKER + "NL91"));
            case "oin", "kvkNummer" -> JSON.textNode(digits(random, random.nextInt(22)));
            case "postcode" -> JSON.textNode(pick(random, "1234 AB", "1234AB", "0123 AB", "1234 SS", "12345",
                    MARKER));
            case "bijlagen" -> attachments(random);
            case "begindatum", "einddatum", "peildatum", "geboortedatum", "datumBeschikking", "ontstaansdatum" ->
                    JSON.textNode(pick(random, "2026-11-28", "2026-11-29", "1899-12-31", "2026-02-30", "+99999-01-01",
                            "2027-01-01", "1970-01-01", MARKER, ""));
            default -> randomValue(random, 1);
        };
    }

    private static JsonNode attachments(Random random) {
        ArrayNode array = JSON.arrayNode();
        int count = random.nextInt(7);
        for (int i = 0; i < count; i++) {
            ObjectNode attachment = array.addObject();
            if (random.nextInt(6) != 0) {
                attachment.put("soort", pick(random, "toestemmingsverklaring", "beschikking", "overig", MARKER));
            }
            if (random.nextInt(6) != 0) {
                attachment.put("naam", pick(random, "a.pdf", "../" + MARKER + ".pdf", "x.exe", "Beschikking (1).pdf",
                        "", "CON.pdf", "a\u0000.pdf"));
            }
            attachment.put("mediaType", pick(random, "application/pdf", "image/png"));
            byte[] content = new byte[random.nextInt(4) == 0 ? 300_000 : random.nextInt(64)];
            random.nextBytes(content);
            if (random.nextBoolean()) {
                System.arraycopy("%PDF-".getBytes(StandardCharsets.US_ASCII), 0, content, 0,
                        Math.min(5, content.length));
            }
            attachment.put("inhoud", random.nextInt(5) == 0 ? MARKER + "!!" : Base64.getEncoder()
                    .encodeToString(content));
        }
        return array;
    }

    private static JsonNode randomValue(Random random, int depth) {
        int choice = random.nextInt(depth > 4 ? 6 : 9);
        return switch (choice) {
            case 0 -> JSON.nullNode();
            case 1 -> JSON.booleanNode(random.nextBoolean());
            case 2 -> JSON.numberNode(random.nextLong());
            case 3 -> JSON.numberNode(random.nextDouble() * 1e6 - 5e5);
            case 4 -> JSON.textNode(MARKER + randomText(random));
            case 5 -> JSON.textNode(pick(random, "", "2026-11-28", "999993653", "\uD83D\uDE00", "  ", "a".repeat(3000)));
            case 6, 7 -> {
                ObjectNode object = JSON.objectNode();
                int fields = random.nextInt(5);
                for (int i = 0; i < fields; i++) {
                    String name = random.nextInt(3) == 0 ? randomText(random)
                            : FIELD_NAMES.get(random.nextInt(FIELD_NAMES.size()));
                    object.set(name, randomValue(random, depth + 1));
                }
                yield object;
            }
            default -> {
                ArrayNode array = JSON.arrayNode();
                int items = random.nextInt(4);
                for (int i = 0; i < items; i++) {
                    array.add(randomValue(random, depth + 1));
                }
                yield array;
            }
        };
    }

    private static String randomText(Random random) {
        int length = random.nextInt(20);
        StringBuilder text = new StringBuilder();
        String alphabet = "{}[]\":,0123456789abcXYZ-./~ \\\u00e9\u20ac\n";
        for (int i = 0; i < length; i++) {
            text.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return text.toString();
    }

    private static String digits(Random random, int length) {
        StringBuilder digits = new StringBuilder();
        for (int i = 0; i < Math.max(0, length); i++) {
            digits.append(random.nextInt(10));
        }
        return digits.toString();
    }

    private static Optional<Participant> participant(Random random, ParticipantKind kind, List<String> modules) {
        String kindName = random.nextInt(20) == 0 ? "onbekend" : kind.apiName();
        String status = random.nextInt(15) == 0 ? "suspended" : "active";
        List<JsonNode> keys = switch (random.nextInt(15)) {
            case 0 -> List.of();
            case 1 -> List.of(JSON.textNode(MARKER));
            default -> List.of(PUBLIC_KEY);
        };
        return Optional.of(new Participant(UUID.randomUUID().toString(), "Deelnemer", kindName, status, modules,
                keys));
    }

    private static List<String> modules(Random random, MessageType type) {
        return random.nextInt(10) == 0 ? List.of() : List.of(type.module(), "schuldinventarisatie");
    }

    private static ParticipantKind randomKind(Random random) {
        return ParticipantKind.values()[random.nextInt(ParticipantKind.values().length)];
    }

    @SafeVarargs
    private static <T> T pick(Random random, T... options) {
        return options[random.nextInt(options.length)];
    }

    private static List<String> fieldNames() {
        Set<String> names = new TreeSet<>();
        for (Module module : CATALOGUE.modules()) {
            for (MessageType type : module.messageTypes()) {
                type.schema().findParents("properties").forEach(p -> p.get("properties").fieldNames()
                        .forEachRemaining(names::add));
            }
        }
        return List.copyOf(names);
    }

    private static JsonNode publicKey() {
        try {
            org.jose4j.jwk.EllipticCurveJsonWebKey key = org.jose4j.jwk.EcJwkGenerator
                    .generateJwk(org.jose4j.keys.EllipticCurves.P256);
            key.setKeyId("test-1");
            return MAPPER.readTree(key.toJson(org.jose4j.jwk.JsonWebKey.OutputControlLevel.PUBLIC_ONLY));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
