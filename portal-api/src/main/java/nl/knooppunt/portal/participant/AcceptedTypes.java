package nl.knooppunt.portal.participant;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import nl.knooppunt.standard.catalogue.Catalogue;
import nl.knooppunt.standard.catalogue.MessageType;
import nl.knooppunt.standard.catalogue.Module;
import nl.knooppunt.standard.catalogue.ParticipantKind;

/**
 * Which message types a participant accepts, from the catalogue: of the modules it has switched on, a request when
 * its kind may send one of the request's answers (or, for a request without answers, when its kind is not a sender
 * of it), and an answer when its kind may send one of the requests it answers.
 */
public final class AcceptedTypes {

    private AcceptedTypes() {
    }

    /**
     * A message type a participant accepts.
     *
     * @param module module id
     * @param type   message type
     */
    public record Accepted(String module, String type) {
    }

    /** The types a participant of {@code kind} with {@code modules} switched on accepts, in catalogue order. */
    public static List<Accepted> of(String kind, List<String> modules) {
        Optional<ParticipantKind> participantKind = ParticipantKind.fromApiName(kind == null ? "" : kind);
        if (participantKind.isEmpty() || modules == null) {
            return List.of();
        }
        List<Accepted> accepted = new ArrayList<>();
        for (Module module : Catalogue.standard().modules()) {
            if (!modules.contains(module.id())) {
                continue;
            }
            for (MessageType type : module.messageTypes()) {
                if (accepts(module, type, participantKind.get())) {
                    accepted.add(new Accepted(module.id(), type.type()));
                }
            }
        }
        return List.copyOf(accepted);
    }

    private static boolean accepts(Module module, MessageType type, ParticipantKind kind) {
        if (type.isRequest()) {
            if (type.answers().isEmpty()) {
                return !type.senders().contains(kind);
            }
            return type.answers().stream().anyMatch(answer -> sends(module, answer, kind));
        }
        return type.answersTo().stream().anyMatch(request -> sends(module, request, kind));
    }

    private static boolean sends(Module module, String type, ParticipantKind kind) {
        return module.messageTypes().stream()
                .anyMatch(t -> t.type().equals(type) && t.senders().contains(kind));
    }
}
