package nl.knooppunt.portal.downstream.routing;

import java.util.List;

/**
 * The mailboxes a combined listing of routing-service reads.
 *
 * @param recipients participant ids, distinct
 */
public record CombinedMailboxRequest(List<String> recipients) {
}
