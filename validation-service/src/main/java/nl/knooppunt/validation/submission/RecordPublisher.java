package nl.knooppunt.validation.submission;

import java.nio.charset.StandardCharsets;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.opentelemetry.context.Context;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.TracingMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import nl.knooppunt.standard.crypto.VerdictSeals;
import nl.knooppunt.standard.envelope.Delivery;
import nl.knooppunt.standard.envelope.Verdict;
import nl.knooppunt.validation.dependency.DependencyUnavailableException;
import nl.knooppunt.validation.security.HubKeys;

/**
 * Publishes deliveries and verdicts; every returned Uni completes when the broker acknowledged, and
 * fails with {@link DependencyUnavailableException} when it did not (the record is then nacked). Verdicts carry a
 * seal (ADR 0014) that portal-api checks, so nobody else who can write to Kafka can answer a sender.
 */
@ApplicationScoped
public class RecordPublisher {

    private final MutinyEmitter<String> deliveries;
    private final MutinyEmitter<String> verdicts;
    private final ObjectMapper mapper;
    private final VerdictSeals seals;

    public RecordPublisher(@Channel(Channels.DELIVERIES) MutinyEmitter<String> deliveries,
            @Channel(Channels.VERDICTS) MutinyEmitter<String> verdicts,
            ObjectMapper mapper, HubKeys keys) {
        this.deliveries = deliveries;
        this.verdicts = verdicts;
        this.mapper = mapper;
        this.seals = keys.verdictSeals();
    }

    /** A delivery keyed by its recipient, so each recipient's messages keep their order. */
    public Uni<Void> delivery(Delivery delivery) {
        return delivery(delivery, Context.current());
    }

    /** As {@link #delivery(Delivery)}, with the trace's {@code traceparent} header (ADR 0047). */
    public Uni<Void> delivery(Delivery delivery, Context trace) {
        return send(deliveries, delivery.envelope().recipient(), json(delivery), null, trace);
    }

    /** A verdict keyed by the message id, sealed over key and value in the {@value VerdictSeals#HEADER} header. */
    public Uni<Void> verdict(Verdict verdict) {
        return verdict(verdict, Context.current());
    }

    /** As {@link #verdict(Verdict)}, with the trace's {@code traceparent} header (ADR 0047). */
    public Uni<Void> verdict(Verdict verdict, Context trace) {
        String value = json(verdict);
        RecordHeaders headers = new RecordHeaders();
        headers.add(VerdictSeals.HEADER, seals.seal(verdict.messageId(), value).getBytes(StandardCharsets.UTF_8));
        return send(verdicts, verdict.messageId(), value, headers, trace);
    }

    private static Uni<Void> send(MutinyEmitter<String> emitter, String key, String value, RecordHeaders headers,
            Context trace) {
        OutgoingKafkaRecordMetadata.OutgoingKafkaRecordMetadataBuilder<String> metadata =
                OutgoingKafkaRecordMetadata.<String>builder().withKey(key);
        if (headers != null) {
            metadata.withHeaders(headers);
        }
        return emitter.sendMessage(Message.of(value).addMetadata(metadata.build())
                        .addMetadata(TracingMetadata.withCurrent(trace)))
                .onFailure().transform(e -> new DependencyUnavailableException("kafka", e));
    }

    private String json(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }
}
