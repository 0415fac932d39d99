package nl.knooppunt.routing.message.service;

import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import nl.knooppunt.routing.message.repository.MessageRepository;
import nl.knooppunt.routing.message.repository.StoredMessage;

/** Message metadata for other services: status and timestamps, kept after acknowledgement; never the payload. */
@ApplicationScoped
public class MessageService {

    private final MessageRepository repository;

    public MessageService(MessageRepository repository) {
        this.repository = repository;
    }

    /** The message's metadata, or empty when unknown. */
    public Uni<Optional<StoredMessage>> metadata(UUID messageId) {
        return repository.findMetadata(messageId);
    }
}
