package nl.knooppunt.load;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The message mix: the standard's own examples of every module (from message-standard's resources), each sent by a
 * random participant of a kind that may send it to a random counterpart that may receive it. Only messages that open
 * a conversation are sent, so the question-and-answer protocol never refuses one.
 */
final class Traffic {

    /** One message to submit: who acts, the request body and the recipient. */
    record Message(Population.Member sender, Population.Member recipient, String type, String body) {
    }

    private record Kind(String module, String type, int weight, String prefix, String suffix, Side from, Side to) {
    }

    private enum Side { COUNSELLOR, ADMINISTRATOR, CREDITOR, FUND }

    private final List<Kind> kinds = new ArrayList<>();
    private final int totalWeight;
    private final List<Population.Member> counsellors;
    private final List<Population.Member> administrators;
    private final List<Population.Member> creditors;
    private final Population.Member fund;

    Traffic(Population population) {
        counsellors = population.counsellors().stream().filter(m -> m.kind().equals("counsellor-phase-2")).toList();
        administrators = population.counsellors().stream().filter(m -> m.kind().equals("administrator")).toList();
        creditors = population.creditors();
        fund = population.guaranteeFund();
        add("schuldinventarisatie", "saldoverzoek", 30, Side.COUNSELLOR, Side.CREDITOR);
        add("betalingsregeling", "betaalvoorstel", 20, Side.COUNSELLOR, Side.CREDITOR);
        add("schuldregeling", "kennisgeving", 10, Side.COUNSELLOR, Side.CREDITOR);
        add("landelijke-pauzeknop", "kennisgeving", 10, Side.COUNSELLOR, Side.CREDITOR);
        add("waarborgfonds", "aanvraag-borgstelling", 5, Side.COUNSELLOR, Side.FUND);
        if (!administrators.isEmpty()) {
            add("meldingen-bewindvoering", "melding-bewind", 10, Side.ADMINISTRATOR, Side.CREDITOR);
        }
        add("schuldregeling", "statusverzoek", 15, Side.CREDITOR, Side.COUNSELLOR);
        totalWeight = kinds.stream().mapToInt(Kind::weight).sum();
    }

    private void add(String module, String type, int weight, Side from, Side to) {
        String payload = example(module, type);
        kinds.add(new Kind(module, type, weight,
                "{\"module\":\"" + module + "\",\"type\":\"" + type + "\",\"recipient\":\"",
                "\",\"payload\":" + payload + "}", from, to));
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

    /** The module/type pairs of the mix with their weights (for the report). */
    List<String> describe() {
        return kinds.stream().map(k -> k.module() + "/" + k.type() + " " + k.weight() * 100 / totalWeight + "%")
                .toList();
    }

    /** The next random message. */
    Message next() {
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
        Population.Member from = member(kind.from(), random);
        Population.Member to = member(kind.to(), random);
        return new Message(from, to, kind.module() + "/" + kind.type(), kind.prefix() + to.id() + kind.suffix());
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
