package nl.knooppunt.load;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The message mix: the standard's own examples of every module (from message-standard's resources). New requests
 * are sent by a random participant of a kind that may send them to a random counterpart that may receive them, and
 * each opens a conversation of its own. A share ({@code load.answer-share}) of the delivered requests is answered by
 * its recipient through its vendor, with {@code inReplyTo} and the answer type the standard names for it, as the
 * question-and-answer protocol allows (each request once; answers are never answered). Answers go first: the next
 * free slot of the load takes a waiting answer before it makes a new request, so the offered rate stays the rate of
 * all submissions.
 */
final class Traffic {

    /** Answers waiting for a slot at most; beyond it a delivered request is left unanswered (and counted). */
    private static final int MAX_WAITING_ANSWERS = 100_000;

    /** One message to submit: who acts, to whom, what, and the request it answers (null for a new request). */
    record Message(Population.Member sender, Population.Member recipient, Kind kind, String inReplyTo) {

        /** "module/type". */
        String type() {
            return kind.module() + "/" + kind.type();
        }

        /** The request body of {@code POST /messages}. */
        String body() {
            return kind.prefix() + (inReplyTo == null ? "" : "\"inReplyTo\":\"" + inReplyTo + "\",")
                    + "\"recipient\":\"" + recipient.id() + kind.suffix();
        }

        boolean answer() {
            return inReplyTo != null;
        }
    }

    /**
     * A message type of the mix.
     *
     * @param payload the example payload it sends, as JSON (what a decrypted delivery must equal)
     * @param answer  the answer its recipient sends back, null for answers
     */
    record Kind(String module, String type, int weight, String prefix, String suffix, Side from, Side to,
            JsonNode payload, Kind answer) {
    }

    private enum Side { COUNSELLOR, ADMINISTRATOR, CREDITOR, FUND }

    private final List<Kind> kinds = new ArrayList<>();
    private final int totalWeight;
    private final List<Population.Member> counsellors;
    private final List<Population.Member> administrators;
    private final List<Population.Member> creditors;
    private final Population.Member fund;
    private final double answerShare;
    private final BlockingQueue<Message> answers = new ArrayBlockingQueue<>(MAX_WAITING_ANSWERS);
    private final LongAdder answersQueued = new LongAdder();
    private final LongAdder answersSent = new LongAdder();
    private final LongAdder answersDropped = new LongAdder();

    Traffic(Population population, double answerShare) {
        this.answerShare = answerShare;
        counsellors = population.counsellors().stream().filter(m -> m.kind().equals("counsellor-phase-2")).toList();
        administrators = population.counsellors().stream().filter(m -> m.kind().equals("administrator")).toList();
        creditors = population.creditors();
        fund = population.guaranteeFund();
        add("schuldinventarisatie", "saldoverzoek", 30, Side.COUNSELLOR, Side.CREDITOR, "saldoverzoek-antwoord");
        add("betalingsregeling", "betaalvoorstel", 20, Side.COUNSELLOR, Side.CREDITOR, "betaalvoorstel-antwoord");
        add("schuldregeling", "kennisgeving", 10, Side.COUNSELLOR, Side.CREDITOR, "kennisgeving-antwoord");
        add("landelijke-pauzeknop", "kennisgeving", 10, Side.COUNSELLOR, Side.CREDITOR, "pauze-bevestiging");
        add("waarborgfonds", "aanvraag-borgstelling", 5, Side.COUNSELLOR, Side.FUND, "besluit-borgstelling");
        if (!administrators.isEmpty()) {
            add("meldingen-bewindvoering", "melding-bewind", 10, Side.ADMINISTRATOR, Side.CREDITOR,
                    "ontvangstbevestiging");
        }
        add("schuldregeling", "statusverzoek", 15, Side.CREDITOR, Side.COUNSELLOR, "statusbericht");
        totalWeight = kinds.stream().mapToInt(Kind::weight).sum();
    }

    private void add(String module, String type, int weight, Side from, Side to, String answerType) {
        Kind answer = kind(module, answerType, 0, to, from, null);
        Kind request = kind(module, type, weight, from, to, answer);
        kinds.add(request);
    }

    private static Kind kind(String module, String type, int weight, Side from, Side to, Kind answer) {
        String payload = example(module, type);
        return new Kind(module, type, weight, "{\"module\":\"" + module + "\",\"type\":\"" + type + "\",",
                "\",\"payload\":" + payload + "}", from, to, Api.read(payload), answer);
    }

    /** The standard's example payload, compacted. */
    static String example(String module, String type) {
        String resource = "/standard/examples/" + module + "/" + type + ".json";
        try (InputStream in = Traffic.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("no example " + resource + " in message-standard");
            }
            JsonNode json = Api.JSON.readTree(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            return Api.JSON.writeValueAsString(json);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The module/type pairs of the mix with their weights, and the answers (for the report). */
    List<String> describe() {
        List<String> lines = new ArrayList<>(kinds.stream().map(k -> k.module() + "/" + k.type() + " "
                + k.weight() * 100 / totalWeight + "%").toList());
        lines.add(String.format(java.util.Locale.ROOT, "answered: %.0f%% of delivered requests (%s), in the next "
                + "free slot", answerShare * 100, String.join(", ", kinds.stream().map(k -> k.answer().type())
                        .distinct().toList())));
        return lines;
    }

    /** The next message: a waiting answer, else a new random request. */
    Message next() {
        Message answer = answers.poll();
        if (answer != null) {
            answersSent.increment();
            return answer;
        }
        ThreadLocalRandom random = ThreadLocalRandom.current();
        int pick = random.nextInt(totalWeight);
        Kind kind = kinds.get(0);
        for (Kind k : kinds) {
            pick -= k.weight();
            if (pick < 0) {
                kind = k;
                break;
            }
        }
        return new Message(member(kind.from(), random), member(kind.to(), random), kind, null);
    }

    /**
     * A message of this run reached its recipient for the first time: a request is answered with probability
     * {@code load.answer-share} (decided here, so each request at most once).
     */
    void delivered(String messageId, Message message) {
        if (message.answer() || message.kind().answer() == null
                || ThreadLocalRandom.current().nextDouble() >= answerShare) {
            return;
        }
        Message answer = new Message(message.recipient(), message.sender(), message.kind().answer(), messageId);
        if (answers.offer(answer)) {
            answersQueued.increment();
        } else {
            answersDropped.increment();
        }
    }

    long answersSent() {
        return answersSent.sum();
    }

    long answersWaiting() {
        return answers.size();
    }

    long answersDropped() {
        return answersDropped.sum();
    }

    private Population.Member member(Side side, ThreadLocalRandom random) {
        return switch (side) {
            case COUNSELLOR -> counsellors.get(random.nextInt(counsellors.size()));
            case ADMINISTRATOR -> administrators.get(random.nextInt(administrators.size()));
            case CREDITOR -> creditors.get(random.nextInt(creditors.size()));
            case FUND -> fund;
        };
    }
}
