package nl.knooppunt.routing.push.repository;

import java.net.URI;

import nl.knooppunt.routing.message.repository.StoredMessage;

/**
 * A webhook message claimed for one push attempt.
 *
 * @param message  its metadata and payload
 * @param url      the receiver's webhook
 * @param attempts attempts made before this one
 */
public record PushTarget(StoredMessage message, URI url, int attempts) {
}
