package nl.knooppunt.portal.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import nl.knooppunt.portal.downstream.registry.RegistryParticipant;
import nl.knooppunt.portal.identity.Caller;
import nl.knooppunt.portal.participant.AcceptedTypes;
import nl.knooppunt.standard.catalogue.Catalogue;
import nl.knooppunt.standard.catalogue.MessageType;
import nl.knooppunt.standard.catalogue.Module;
import nl.knooppunt.standard.catalogue.ParticipantKind;

/** Which message types a portal user may send: new requests to a recipient, or the answers to a received request. */
final class Compose {

    private Compose() {
    }

    /** Requests the caller's kind may send in its modules that the recipient accepts. */
    static List<MessageType> requestsTo(Caller caller, RegistryParticipant recipient) {
        Optional<ParticipantKind> kind = ParticipantKind.fromApiName(caller.acting().kind());
        if (kind.isEmpty()) {
            return List.of();
        }
        List<AcceptedTypes.Accepted> accepted = AcceptedTypes.of(recipient.kind(),
                recipient.modules() == null ? List.of() : recipient.modules());
        List<MessageType> types = new ArrayList<>();
        for (Module module : Catalogue.standard().modules()) {
            if (!PortalPages.modules(caller).contains(module.id())) {
                continue;
            }
            for (MessageType type : module.messageTypes()) {
                if (type.isRequest() && type.senders().contains(kind.get())
                        && accepted.contains(new AcceptedTypes.Accepted(module.id(), type.type()))) {
                    types.add(type);
                }
            }
        }
        return types;
    }

    /** The answers the standard allows to a request, that the caller's kind may send. */
    static List<MessageType> answersFor(Caller caller, MessageType request) {
        Optional<ParticipantKind> kind = ParticipantKind.fromApiName(caller.acting().kind());
        if (kind.isEmpty() || !PortalPages.modules(caller).contains(request.module())) {
            return List.of();
        }
        return request.answers().stream()
                .map(answer -> Catalogue.standard().messageType(request.module(), answer))
                .flatMap(Optional::stream)
                .filter(answer -> answer.senders().contains(kind.get()))
                .toList();
    }

    /** A type from its form value {@code module/type}, when it is among the allowed ones. */
    static Optional<MessageType> chosen(String soort, List<MessageType> allowed) {
        if (soort == null) {
            return Optional.empty();
        }
        return allowed.stream().filter(t -> (t.module() + "/" + t.type()).equals(soort)).findFirst();
    }
}
