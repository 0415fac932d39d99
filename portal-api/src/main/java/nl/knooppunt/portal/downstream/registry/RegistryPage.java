package nl.knooppunt.portal.downstream.registry;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** One page of registry-service's participant search. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RegistryPage(List<RegistryParticipant> items, int page, int size, long total) {
}
