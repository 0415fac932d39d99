package nl.knooppunt.portal.downstream.routing;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** One page of a mailbox listing from routing-service. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record MailboxPage(List<MessageMetadata> items, String next) {
}
