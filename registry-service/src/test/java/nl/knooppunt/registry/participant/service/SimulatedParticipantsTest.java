package nl.knooppunt.registry.participant.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import nl.knooppunt.kit.problem.ProblemException;
import nl.knooppunt.registry.security.Actor;

/** ADR 0048: a hub without {@code knooppunt.sandbox.enabled} (production) refuses to simulate any participant. */
class SimulatedParticipantsTest {

    @Test
    void aHubWithoutTheSandboxRefusesToMarkAParticipantSimulated() {
        ParticipantChanges changes = new ParticipantChanges(null, null, null, null, null);
        ProblemException refused = assertThrows(ProblemException.class,
                () -> changes.markSimulated(UUID.randomUUID(), true, false, new Actor("olga", "test")));
        assertEquals(409, refused.problem().status());
        assertEquals("https://knooppunt.nl/problems/sandbox-disabled", refused.problem().type());
    }
}
