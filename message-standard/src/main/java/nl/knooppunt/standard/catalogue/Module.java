package nl.knooppunt.standard.catalogue;

import java.util.List;

/**
 * A module of the standard: a versioned group of message types.
 *
 * @param id               its name, e.g. {@code schuldinventarisatie}
 * @param version          version of its definition
 * @param title            Dutch title
 * @param description      what it is for
 * @param participantKinds kinds of participant that may use the module (send or receive in it)
 * @param messageTypes     its message types
 */
public record Module(String id, String version, String title, String description,
        List<ParticipantKind> participantKinds, List<MessageType> messageTypes) {
}
