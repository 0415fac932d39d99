package nl.knooppunt.portal.inbox;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The outcome of a bulk acknowledgement: every id asked appears in exactly one list, in the order asked.
 *
 * @param acknowledged messages of your inbox now acknowledged, their content deleted (also those acknowledged
 *                     before: acknowledging is repeatable, as {@code POST /inbox/{id}/ack} answering 204)
 * @param expired      messages of your inbox whose retention ended before you acknowledged them (the single
 *                     acknowledgement answers 410)
 * @param notFound     ids that name no message in your inbox (the single acknowledgement answers 404)
 */
@Schema(requiredProperties = { "acknowledged", "expired", "notFound" })
public record InboxAcknowledgements(List<String> acknowledged, List<String> expired, List<String> notFound) {
}
