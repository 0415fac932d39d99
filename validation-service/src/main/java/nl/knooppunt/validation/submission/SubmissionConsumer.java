package nl.knooppunt.validation.submission;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.smallrye.mutiny.Uni;

/**
 * Consumes {@code knooppunt.submissions} at least once. The record is acknowledged when its verdict (and delivery)
 * or dead letter is on the broker; it is nacked when a dependency stays unavailable, and the channel's
 * failure strategy ({@code fail}: the service reports unhealthy and restarts from the last committed offset) takes over.
 */
@ApplicationScoped
public class SubmissionConsumer {

    private final SubmissionProcessor processor;

    public SubmissionConsumer(SubmissionProcessor processor) {
        this.processor = processor;
    }

    @Incoming(Channels.SUBMISSIONS)
    public Uni<Void> consume(ConsumerRecord<String, String> record) {
        return processor.process(record.key(), record.value());
    }
}
