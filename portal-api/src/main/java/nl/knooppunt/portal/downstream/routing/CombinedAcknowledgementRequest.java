package nl.knooppunt.portal.downstream.routing;

import java.util.List;

/**
 * A bulk acknowledgement across mailboxes as routing-service takes it.
 *
 * @param recipients participant ids whose messages may be acknowledged, distinct
 * @param ids        the message ids (UUIDs), distinct
 */
public record CombinedAcknowledgementRequest(List<String> recipients, List<String> ids) {
}
