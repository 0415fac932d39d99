package nl.knooppunt.portal.downstream.routing;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * routing-service's answer to a bulk acknowledgement: each id asked in exactly one list.
 *
 * @param acknowledged acknowledged now or before
 * @param expired      past its retention
 * @param notFound     not a message of this mailbox
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Acknowledgements(List<String> acknowledged, List<String> expired, List<String> notFound) {
}
