package nl.knooppunt.sandbox.conformance;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import nl.knooppunt.client.Acknowledgements;
import nl.knooppunt.client.EventPage;
import nl.knooppunt.client.InboxMessage;
import nl.knooppunt.client.InboxQuery;
import nl.knooppunt.client.MessageStatus;
import nl.knooppunt.client.NewMessage;
import nl.knooppunt.client.SubmitResult;

/**
 * What the conformance suite does at the hub, as the participant under test: {@link ClientHub} does it with
 * knooppunt-client over the public API. The suite's own tests put a deliberately wrong client behind it.
 * Refusals are {@link nl.knooppunt.client.ProblemException}s.
 */
public interface Hub {

    /** {@code GET /api/v1/me}: the acting participant ({@code acting}) and the client's mandates. */
    JsonNode me();

    /** {@code GET /api/v1/participants?q=...&kind=...}: the directory's matches. */
    List<JsonNode> directory(String q, String kind);

    /** Submits with this {@code Idempotency-Key}. */
    SubmitResult submit(NewMessage message, String idempotencyKey);

    /** One page of the participant's inbox. */
    List<InboxMessage> inbox(InboxQuery query);

    /** Acknowledges these messages of the inbox in one call. */
    Acknowledgements acknowledge(List<String> ids);

    /** One message of the inbox with its content. */
    InboxMessage fetch(String id);

    /** The status of a sent message. */
    MessageStatus status(String id);

    /** The events of sent messages after this cursor. */
    EventPage events(String after, int limit);

    /** The content of a message listed with content: decrypted with the vendor's keys, or null when it cannot. */
    JsonNode content(InboxMessage message);
}
