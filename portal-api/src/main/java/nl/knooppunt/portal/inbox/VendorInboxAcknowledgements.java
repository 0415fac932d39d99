package nl.knooppunt.portal.inbox;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The outcome of a bulk acknowledgement across the participants you act for: every id asked appears in exactly one
 * list, in the order asked.
 *
 * @param acknowledged messages to one of your participants now acknowledged, their content deleted (also those
 *                     acknowledged before)
 * @param expired      messages to one of your participants whose retention ended before you acknowledged them
 * @param notFound     ids that name no message to any participant you act for
 */
@Schema(requiredProperties = { "acknowledged", "expired", "notFound" })
public record VendorInboxAcknowledgements(List<String> acknowledged, List<String> expired, List<String> notFound) {
}
