package nl.knooppunt.portal.downstream.routing;

import java.util.List;

/**
 * A bulk acknowledgement as routing-service takes it.
 *
 * @param ids the message ids (UUIDs), distinct
 */
public record AcknowledgementRequest(List<String> ids) {
}
