package nl.knooppunt.routing.mailbox.service;

import java.util.List;
import java.util.UUID;

/**
 * The outcome of a bulk acknowledgement, per id in the order asked.
 *
 * @param acknowledged messages of the mailbox now acknowledged (also those acknowledged before, as a repeated single
 *                     acknowledgement answers 204)
 * @param expired      messages of the mailbox past their retention (a single acknowledgement answers 410)
 * @param notFound     unknown ids and ids of other recipients' messages (a single acknowledgement answers 404)
 */
public record Acknowledgements(List<UUID> acknowledged, List<UUID> expired, List<UUID> notFound) {
}
