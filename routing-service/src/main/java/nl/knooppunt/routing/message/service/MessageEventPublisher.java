package nl.knooppunt.routing.message.service;

import java.time.Instant;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import nl.knooppunt.routing.message.repository.StoredMessage;
import nl.knooppunt.standard.envelope.MessageEvent;
import nl.knooppunt.standard.envelope.MessageStatus;

/** Publishes status changes of messages to {@code knooppunt.message-events} (key: message id; metadata only). */
@ApplicationScoped
public class MessageEventPublisher {

    /** Outgoing channel of the status events. */
    public static final String CHANNEL = "message-events";

    private static final Logger LOG = Logger.getLogger(MessageEventPublisher.class);

    private final MutinyEmitter<String> emitter;
    private final ObjectMapper mapper;

    public MessageEventPublisher(@Channel(CHANNEL) MutinyEmitter<String> emitter, ObjectMapper mapper) {
        this.emitter = emitter;
        this.mapper = mapper;
    }

    /** Publishes the status change of this stored message; completes when the broker has it (acks=all). */
    public Uni<Void> publish(StoredMessage message, MessageStatus status, Instant at) {
        return publish(message.id(), message.sender(), message.recipient(), status, at);
    }

    /** Publishes the event; completes when the broker has it (acks=all). */
    public Uni<Void> publish(UUID messageId, UUID sender, UUID recipient, MessageStatus status, Instant at) {
        MessageEvent event = new MessageEvent(messageId.toString(), sender.toString(), recipient.toString(), status,
                at);
        String json;
        try {
            json = mapper.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            return Uni.createFrom().failure(e);
        }
        Message<String> record = Message.of(json).addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(event.messageId()).build());
        return emitter.sendMessage(record)
                .invoke(() -> LOG.debugf("message %s: %s event published", event.messageId(), status.apiName()));
    }
}
