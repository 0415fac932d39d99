package nl.knooppunt.validation.deadletter;

import java.nio.charset.StandardCharsets;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import nl.knooppunt.standard.kafka.DeadLetters;
import nl.knooppunt.validation.dependency.DependencyUnavailableException;

/**
 * Sends refused records to {@code knooppunt.dead-letters}: their metadata, never their payload
 * ({@link DeadLetters#redact(String)}, ADR 0034), with the reason and source topic as headers. The bottom floor of
 * the service: the participant cache and the submission processor both publish through it.
 */
@ApplicationScoped
public class DeadLetterPublisher {

    /** Outgoing channel of refused records, topic {@code knooppunt.dead-letters}. */
    public static final String CHANNEL = "dead-letters";
    /** Header naming why a record was dead-lettered (a code, never content). */
    public static final String REASON_HEADER = "knooppunt-reason";
    /** Header naming the topic a dead-lettered record came from. */
    public static final String SOURCE_TOPIC_HEADER = "knooppunt-source-topic";

    private final MutinyEmitter<String> deadLetters;

    public DeadLetterPublisher(@Channel(CHANNEL) MutinyEmitter<String> deadLetters) {
        this.deadLetters = deadLetters;
    }

    /**
     * A refused record of {@code sourceTopic}; completes when the broker acknowledged it, fails with
     * {@link DependencyUnavailableException} when it did not.
     */
    public Uni<Void> publish(String sourceTopic, String key, String value, String reason) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(REASON_HEADER, reason.getBytes(StandardCharsets.UTF_8));
        headers.add(SOURCE_TOPIC_HEADER, sourceTopic.getBytes(StandardCharsets.UTF_8));
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder().withKey(key)
                .withHeaders(headers).build();
        return deadLetters.sendMessage(Message.of(DeadLetters.redact(value)).addMetadata(metadata))
                .onFailure().transform(e -> new DependencyUnavailableException("kafka", e));
    }
}
