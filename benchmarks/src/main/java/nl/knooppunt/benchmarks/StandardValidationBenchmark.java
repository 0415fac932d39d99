package nl.knooppunt.benchmarks;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import nl.knooppunt.standard.catalogue.Catalogue;
import nl.knooppunt.standard.catalogue.MessageType;
import nl.knooppunt.standard.catalogue.ParticipantKind;
import nl.knooppunt.standard.envelope.Violation;
import nl.knooppunt.standard.validation.MessageValidator;

/**
 * Cost of validating a typical message of each module against every payload rule of the standard (JSON Schema,
 * field rules, attachment rules), as validation-service does per submission: from the decrypted JSON text, and
 * from an already parsed tree. The meldingen-bewindvoering message carries a 200 KiB PDF court order.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class StandardValidationBenchmark {

    private static final Map<String, String> TYPICAL = Map.of(
            "schuldinventarisatie", "saldoverzoek",
            "betalingsregeling", "betaalvoorstel",
            "schuldregeling", "kennisgeving-publiek",
            "waarborgfonds", "aanvraag-borgstelling",
            "meldingen-bewindvoering", "melding-bewind",
            "landelijke-pauzeknop", "kennisgeving");

    @Param({ "schuldinventarisatie", "betalingsregeling", "schuldregeling", "waarborgfonds",
            "meldingen-bewindvoering", "landelijke-pauzeknop" })
    public String module;

    private final ObjectMapper mapper = new ObjectMapper();
    private final MessageValidator validator = new MessageValidator();
    private MessageType type;
    private ParticipantKind sender;
    private JsonNode payload;
    private String text;

    /** Picks the module's typical message and checks it is valid, so the benchmark measures the accepting path. */
    @Setup
    public void setUp() throws Exception {
        type = Catalogue.standard().messageType(module, TYPICAL.get(module)).orElseThrow();
        sender = type.senders().get(0);
        ObjectNode example = type.example().deepCopy();
        if (example.has("bijlagen")) {
            byte[] pdf = new byte[200 * 1024];
            System.arraycopy("%PDF-1.7\n".getBytes(StandardCharsets.US_ASCII), 0, pdf, 0, 9);
            ((ObjectNode) example.get("bijlagen").get(0)).put("inhoud", Base64.getEncoder().encodeToString(pdf));
        }
        payload = example;
        text = mapper.writeValueAsString(example);
        List<Violation> violations = validator.validate(type, payload, sender);
        if (!violations.isEmpty()) {
            throw new IllegalStateException("typical " + module + " message is not valid: " + violations);
        }
    }

    /** Parse the decrypted payload text and apply every rule. */
    @Benchmark
    public List<Violation> parseAndValidate() throws Exception {
        return validator.validate(type, mapper.readTree(text), sender);
    }

    /** Apply every rule to an already parsed payload. */
    @Benchmark
    public List<Violation> validate() {
        return validator.validate(type, payload, sender);
    }
}
