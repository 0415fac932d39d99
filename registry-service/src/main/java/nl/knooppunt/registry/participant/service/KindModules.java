package nl.knooppunt.registry.participant.service;

import java.util.List;

import nl.knooppunt.standard.catalogue.Catalogue;
import nl.knooppunt.standard.catalogue.Module;
import nl.knooppunt.standard.catalogue.ParticipantKind;

/**
 * Which modules a participant of each kind may switch on: exactly the modules of the catalogue whose
 * {@code participantKinds} name the kind (message-standard's {@code standard/catalogue.json}, ADR 0045), so adding a
 * module or a kind to the standard is one change in one file.
 */
public final class KindModules {

    private KindModules() {
    }

    /** Whether a participant of {@code kind} may use {@code module}: the catalogue has it, for that kind. */
    public static boolean allowed(ParticipantKind kind, String module) {
        return Catalogue.standard().module(module).map(m -> m.participantKinds().contains(kind)).orElse(false);
    }

    /** Whether the catalogue knows the module. */
    public static boolean inCatalogue(String module) {
        return Catalogue.standard().module(module).isPresent();
    }

    /** The modules of the catalogue a participant of {@code kind} may switch on, in catalogue order. */
    public static List<String> available(ParticipantKind kind) {
        return Catalogue.standard().modules().stream().filter(m -> m.participantKinds().contains(kind))
                .map(Module::id).toList();
    }
}
