package nl.knooppunt.portal.message;

import io.quarkus.kafka.client.serialization.ObjectMapperDeserializer;
import nl.knooppunt.standard.envelope.Verdict;

/** Reads verdicts from Kafka. */
public class VerdictDeserializer extends ObjectMapperDeserializer<Verdict> {

    public VerdictDeserializer() {
        super(Verdict.class);
    }
}
