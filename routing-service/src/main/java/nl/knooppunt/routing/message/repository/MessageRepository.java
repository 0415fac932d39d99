package nl.knooppunt.routing.message.repository;

import static nl.knooppunt.routing.message.repository.MessageRows.METADATA;
import static nl.knooppunt.routing.message.repository.MessageRows.first;

import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/** Looks up one message's metadata (never its payload), whoever it belongs to, in the message table. */
@ApplicationScoped
public class MessageRepository {

    private final Pool pool;

    public MessageRepository(Pool pool) {
        this.pool = pool;
    }

    /** Metadata of one message (without payload), whoever it belongs to. */
    public Uni<Optional<StoredMessage>> findMetadata(UUID id) {
        return pool.preparedQuery("SELECT " + METADATA + " FROM message WHERE id = $1")
                .execute(Tuple.of(id))
                .map(rows -> first(rows).map(row -> StoredMessage.from(row, false)));
    }
}
