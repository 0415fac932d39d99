package nl.knooppunt.registry.participant.service;

import java.util.List;

/** One page of a participant search, with the number of matches over all pages. */
public record ParticipantPage(List<Participant> items, int page, int size, long total) {
}
