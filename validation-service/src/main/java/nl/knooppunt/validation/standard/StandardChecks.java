package nl.knooppunt.validation.standard;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import nl.knooppunt.standard.catalogue.Catalogue;
import nl.knooppunt.standard.catalogue.MessageType;
import nl.knooppunt.standard.catalogue.ParticipantKind;
import nl.knooppunt.standard.envelope.Envelope;
import nl.knooppunt.standard.envelope.Violation;
import nl.knooppunt.standard.validation.MessageValidator;
import nl.knooppunt.standard.validation.ViolationCodes;
import nl.knooppunt.validation.registry.Participant;
import nl.knooppunt.validation.routing.Conversation;
import nl.knooppunt.validation.routing.MessageMetadata;

/**
 * The rules of the standard for one submission: message type, who may send it to whom, modules switched on, the
 * recipient, the question-and-answer protocol, and the payload (schema, field and attachment rules). Collects every
 * violation; messages name fields and rules, never a payload value. Envelope-level violations carry the pointer "".
 */
@ApplicationScoped
public class StandardChecks {

    private final Catalogue catalogue;
    private final MessageValidator validator;
    private final RecentAnswers recentAnswers;
    private final Object[] conversationLocks = new Object[64];

    public StandardChecks(Catalogue catalogue, MessageValidator validator, RecentAnswers recentAnswers) {
        this.catalogue = catalogue;
        this.validator = validator;
        this.recentAnswers = recentAnswers;
        for (int i = 0; i < conversationLocks.length; i++) {
            conversationLocks[i] = new Object();
        }
    }

    /** The message type the envelope names, if the standard has it. */
    public Optional<MessageType> messageType(Envelope envelope) {
        return catalogue.messageType(envelope.module(), envelope.type());
    }

    /** Whether the checks need the conversation of the message named by {@code inReplyTo}: only for answers. */
    public boolean needsConversation(Envelope envelope) {
        return envelope.inReplyTo() != null && messageType(envelope).map(t -> !t.isRequest()).orElse(false);
    }

    /** Every violation of the standard; empty when the message may be delivered. */
    public List<Violation> check(CheckInput input) {
        Envelope envelope = input.envelope();
        Optional<MessageType> type = messageType(envelope);
        List<Violation> violations = new ArrayList<>();
        if (type.isEmpty()) {
            violations.add(new Violation(ViolationCodes.UNKNOWN_TYPE, "",
                    "the standard has no message type '" + envelope.type() + "' in module '" + envelope.module()
                            + "'"));
        }
        type.ifPresent(t -> checkSender(t, input.sender(), violations));
        type.ifPresent(t -> checkModules(t, input.sender(), input.recipient(), violations));
        checkRecipient(input.recipient(), violations);
        type.ifPresent(t -> checkRecipientKind(t, input.recipient(), violations));
        type.ifPresent(t -> checkProtocol(t, envelope, input.conversation().map(recentAnswers::merge), violations));
        if (input.payload().isEmpty()) {
            violations.add(new Violation(ViolationCodes.PAYLOAD_MALFORMED, "", "the payload is not valid JSON"));
        } else if (type.isPresent()) {
            ParticipantKind senderKind = input.sender().flatMap(Participant::participantKind).orElse(null);
            violations.addAll(validator.validate(type.get(), input.payload().get(), senderKind));
        }
        return List.copyOf(violations);
    }

    /** The conversation an accepted message belongs to: its own for a request, the answered one's for an answer. */
    public String conversationId(CheckInput input) {
        Envelope envelope = input.envelope();
        if (input.conversation().isPresent() && envelope.inReplyTo() != null) {
            return input.conversation().get().conversationId();
        }
        return envelope.conversationId() != null ? envelope.conversationId() : envelope.messageId();
    }

    /**
     * {@link #check} and, for an answer that passes, {@link #accepted} in one step per conversation: two answers in one
     * conversation judged at the same time (they may come from different partitions) cannot both pass a
     * one-answer or closed-conversation rule, because the second is checked only after the first is remembered.
     */
    public List<Violation> checkAndRemember(CheckInput input) {
        String conversationId = needsConversation(input.envelope())
                ? input.conversation().map(Conversation::conversationId).orElse(null)
                : null;
        if (conversationId == null) {
            return check(input);
        }
        synchronized (conversationLocks[Math.floorMod(conversationId.hashCode(), conversationLocks.length)]) {
            List<Violation> violations = check(input);
            if (violations.isEmpty()) {
                Envelope submitted = input.envelope();
                accepted(new Envelope(submitted.messageId(), conversationId(input), submitted.inReplyTo(),
                        submitted.module(), submitted.type(), submitted.sender(), submitted.recipient(),
                        submitted.submittedAt()));
            }
            return violations;
        }
    }

    /** Remembers an accepted answer so that a second answer is judged with it before routing lists it. */
    public void accepted(Envelope delivered) {
        if (needsConversation(delivered)) {
            recentAnswers.remember(delivered);
        }
    }

    private static void checkSender(MessageType type, Optional<Participant> sender, List<Violation> violations) {
        boolean allowed = sender.filter(Participant::isActive)
                .flatMap(Participant::participantKind)
                .map(kind -> type.senders().contains(kind))
                .orElse(false);
        if (!allowed) {
            violations.add(new Violation(ViolationCodes.SENDER_NOT_ALLOWED, "",
                    "the sender may not send a " + type.type() + "; only active participants of kind "
                            + kinds(type.senders()) + " may"));
        }
    }

    private static void checkRecipientKind(MessageType type, Optional<Participant> recipient,
            List<Violation> violations) {
        boolean allowed = recipient.flatMap(Participant::participantKind)
                .map(kind -> type.recipients().contains(kind))
                .orElse(true);
        if (!allowed) {
            violations.add(new Violation(ViolationCodes.RECIPIENT_NOT_ALLOWED, "",
                    "a " + type.type() + " goes only to participants of kind " + kinds(type.recipients())));
        }
    }

    private static void checkModules(MessageType type, Optional<Participant> sender, Optional<Participant> recipient,
            List<Violation> violations) {
        if (sender.isPresent() && !sender.get().hasModule(type.module())) {
            violations.add(new Violation(ViolationCodes.MODULE_NOT_ENABLED, "",
                    "the sender has not switched on module " + type.module()));
        }
        if (recipient.isPresent() && !recipient.get().hasModule(type.module())) {
            violations.add(new Violation(ViolationCodes.MODULE_NOT_ENABLED, "",
                    "the recipient has not switched on module " + type.module()));
        }
    }

    private static void checkRecipient(Optional<Participant> recipient, List<Violation> violations) {
        if (recipient.isEmpty()) {
            violations.add(new Violation(ViolationCodes.RECIPIENT_UNKNOWN, "", "the recipient is not a participant"));
            return;
        }
        if (!recipient.get().isActive()) {
            violations.add(new Violation(ViolationCodes.RECIPIENT_INACTIVE, "",
                    "the recipient does not receive messages at the moment"));
        }
        if (recipient.get().encryptionKey().isEmpty()) {
            violations.add(new Violation(ViolationCodes.RECIPIENT_NO_KEY, "",
                    "the recipient has no public key to encrypt the message to"));
        }
    }

    private void checkProtocol(MessageType type, Envelope envelope, Optional<Conversation> conversation,
            List<Violation> violations) {
        if (type.isRequest()) {
            if (envelope.inReplyTo() != null) {
                violations.add(new Violation(ViolationCodes.UNEXPECTED_IN_REPLY_TO, "",
                        "a " + type.type() + " starts a conversation and answers no message"));
            }
            return;
        }
        if (envelope.inReplyTo() == null) {
            violations.add(new Violation(ViolationCodes.IN_REPLY_TO_REQUIRED, "",
                    "a " + type.type() + " must name the message it answers"));
            return;
        }
        Optional<MessageMetadata> referenced = conversation.flatMap(c -> c.message(envelope.inReplyTo()))
                .filter(m -> Objects.equals(envelope.recipient(), m.sender())
                        && Objects.equals(envelope.sender(), m.recipient()));
        if (referenced.isEmpty()) {
            violations.add(new Violation(ViolationCodes.IN_REPLY_TO_UNKNOWN, "",
                    "the answered message is not one the recipient sent to the sender"));
            return;
        }
        MessageMetadata answered = referenced.get();
        if (!type.module().equals(answered.module()) || !type.answersTo().contains(answered.type())) {
            violations.add(new Violation(ViolationCodes.NOT_AN_ANSWER, "",
                    "a " + type.type() + " answers only " + type.answersTo()));
            return;
        }
        List<MessageMetadata> others = conversation.get().messages().stream()
                .filter(m -> !Objects.equals(envelope.messageId(), m.id()))
                .toList();
        Optional<MessageMetadata> closing = others.stream()
                .filter(m -> catalogue.messageType(m.module(), m.type()).map(MessageType::closesConversation)
                        .orElse(false))
                .findFirst();
        if (closing.isPresent()) {
            violations.add(new Violation(ViolationCodes.CONVERSATION_CLOSED, "",
                    "the conversation was closed by a " + closing.get().type() + " and accepts no more answers"));
            return;
        }
        boolean multiple = catalogue.messageType(answered.module(), answered.type())
                .map(MessageType::multipleAnswers).orElse(false);
        if (!multiple && others.stream().anyMatch(m -> answered.id().equals(m.inReplyTo()))) {
            violations.add(new Violation(ViolationCodes.ALREADY_ANSWERED, "",
                    "the " + answered.type() + " was answered before; it takes one answer only"));
        }
    }

    private static List<String> kinds(List<ParticipantKind> kinds) {
        return kinds.stream().map(ParticipantKind::apiName).toList();
    }
}
