package nl.knooppunt.registry.participant.rest;

import java.util.List;

/**
 * One page of a participant search as the internal API shows it.
 *
 * @param total      number of matches, counted up to 1000
 * @param totalExact false when there are more than {@code total} matches
 */
public record ParticipantPageView(List<ParticipantView> items, int page, int size, long total, boolean totalExact) {
}
