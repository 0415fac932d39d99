package nl.knooppunt.portal.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.UUID;

import org.junit.jupiter.api.Test;

/** Keyed message ids: the same request gives the same id, anything else another. */
class MessageIdsTest {

    private static final String SENDER = "6a1f0c43-2d2b-4c55-9a0e-3f1f7a0d2a01";
    private static final String TO = "b7e2d154-3e3c-4d66-8b1f-4a2a8b1e3b02";
    private static final String SINCE = "2026-11-28T10:00:00.123456Z";

    @Test
    void theSameRequestGivesTheSameNameBasedUuid() {
        String id = MessageIds.of(SENDER, "k", "d", SINCE, TO);
        assertEquals(id, MessageIds.of(SENDER, "k", "d", SINCE, TO));
        UUID uuid = UUID.fromString(id);
        assertEquals(5, uuid.version());
        assertEquals(2, uuid.variant());
        assertEquals(id, uuid.toString(), "canonical form");
    }

    @Test
    void everyPartOfTheRequestChangesTheId() {
        String id = MessageIds.of(SENDER, "k", "d", SINCE, TO);
        assertNotEquals(id, MessageIds.of(TO, "k", "d", SINCE, TO));
        assertNotEquals(id, MessageIds.of(SENDER, "k2", "d", SINCE, TO));
        assertNotEquals(id, MessageIds.of(SENDER, "k", "d2", SINCE, TO));
        assertNotEquals(id, MessageIds.of(SENDER, "k", "d", "2026-11-29T10:00:00Z", TO), "a later use of the key");
        assertNotEquals(id, MessageIds.of(SENDER, "k", "d", SINCE, SENDER));
    }
}
