package nl.knooppunt.registry.participant.repository;

import java.util.List;

/**
 * One page of a participant search, with the number of matches over all pages.
 *
 * @param total      number of matches, at most {@code ParticipantQueries.MAX_COUNT}
 * @param totalExact false when there are more matches than {@code total} (narrow the search)
 */
public record ParticipantPage(List<Participant> items, int page, int size, long total, boolean totalExact) {
}
