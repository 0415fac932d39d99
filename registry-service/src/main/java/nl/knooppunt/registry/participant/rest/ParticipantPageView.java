package nl.knooppunt.registry.participant.rest;

import java.util.List;

/** One page of a participant search as the internal API shows it. */
public record ParticipantPageView(List<ParticipantView> items, int page, int size, long total) {
}
