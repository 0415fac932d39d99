package nl.knooppunt.portal.message;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

import io.quarkus.cache.CacheResult;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import nl.knooppunt.kit.problem.ProblemException;
import nl.knooppunt.portal.downstream.registry.Registry;
import nl.knooppunt.portal.downstream.registry.RegistryParticipant;
import nl.knooppunt.portal.problem.Downstream;
import nl.knooppunt.standard.envelope.Violation;

/**
 * Resolves how a submission names its recipients (ADR 0043): the hub's participant id (a UUID) as it is, or the
 * counterpart's OIN (20 digits) looked up in the registry. An OIN the registry does not know is the violation
 * {@value #UNKNOWN} with the JSON pointer of the field in the request body ({@code /recipient}, {@code /recipients/1});
 * anything else is a 400 naming the pointer, never the value.
 */
@ApplicationScoped
public class Recipients {

    /** Violation code of a recipient the hub does not know. */
    public static final String UNKNOWN = "recipient.unknown";

    private static final Pattern OIN = Pattern.compile("[0-9]{20}");

    private final Registry registry;

    public Recipients(Registry registry) {
        this.registry = registry;
    }

    /**
     * One named recipient.
     *
     * @param given         as the request named it (participant id or OIN); null when the request named none
     * @param participantId the hub's participant id, or null when unknown
     * @param violation     why it cannot be addressed ({@value #UNKNOWN}), or null
     */
    public record Target(String given, String participantId, Violation violation) {

        /** Whether the recipient was found. */
        public boolean known() {
            return violation == null;
        }
    }

    /** Every recipient of the request, in the order given: {@code recipient} alone, or each of {@code recipients}. */
    public Uni<List<Target>> resolve(SubmissionRequest request) {
        if (request.recipients() == null) {
            return resolve(request.recipient(), "/recipient").map(List::of);
        }
        List<Uni<Target>> each = new ArrayList<>();
        for (int i = 0; i < request.recipients().size(); i++) {
            each.add(resolve(request.recipients().get(i), "/recipients/" + i));
        }
        return Uni.join().all(each).andFailFast();
    }

    private Uni<Target> resolve(String given, String pointer) {
        if (given == null || given.isBlank()) {
            // a missing recipient is SubmissionService's 400 "field 'recipient' is required"
            return Uni.createFrom().item(new Target(given, given, null));
        }
        if (isParticipantId(given)) {
            return Uni.createFrom().item(new Target(given, given, null));
        }
        if (!OIN.matcher(given).matches()) {
            return Uni.createFrom().failure(ProblemException.badRequest(pointer
                    + " must be a participant id (UUID) or an OIN (20 digits)"));
        }
        return participantIdOf(given)
                .map(id -> new Target(given, id, null))
                .onFailure(Recipients::notFound).recoverWithItem(() -> new Target(given, null,
                        new Violation(UNKNOWN, pointer, "no participant of the hub has this OIN; see GET "
                                + "/api/v1/participants?oin=")))
                .onFailure().transform(Downstream.failure("registry-service", "no participant with this OIN"));
    }

    /** The participant id of an OIN; remembered briefly, since every message to it asks again. */
    @CacheResult(cacheName = "recipient-oins")
    Uni<String> participantIdOf(String oin) {
        return registry.participantByOin(oin).map(RegistryParticipant::id);
    }

    private static boolean notFound(Throwable failure) {
        return failure instanceof WebApplicationException web && web.getResponse().getStatus() == 404;
    }

    private static boolean isParticipantId(String value) {
        try {
            return UUID.fromString(value).toString().equalsIgnoreCase(value);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
