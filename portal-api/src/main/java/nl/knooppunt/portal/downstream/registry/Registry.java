package nl.knooppunt.portal.downstream.registry;

import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.rest.client.inject.RestClient;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.GenericType;

/**
 * The registry as portal-api's features read it: typed answers over the one {@link RegistryClient} (whose endpoints
 * shared with the operator API answer the registry's response as it is). Failures are the client's, unchanged: a
 * status of 400 or more is a {@code WebApplicationException} with that status.
 */
@ApplicationScoped
public class Registry {

    private static final GenericType<List<RegistryParticipant>> PARTICIPANTS = new GenericType<>() {
    };

    private final RegistryClient client;
    private final ObjectMapper mapper;

    public Registry(@RestClient RegistryClient client, ObjectMapper mapper) {
        this.client = client;
        this.mapper = mapper;
    }

    /** One page of the participant search; null filters are left out. */
    public Uni<RegistryPage> search(String q, String name, String oin, String kvk, String kind, String module,
            String status, int page, int size) {
        return client.participants(q, name, oin, kvk, kind, module, status, Integer.toString(page),
                Integer.toString(size)).map(response -> response.readEntity(RegistryPage.class));
    }

    /** A participant by its id. */
    public Uni<RegistryParticipant> participant(String id) {
        return client.participant(id).map(response -> response.readEntity(RegistryParticipant.class));
    }

    /** A participant by its OIN. */
    public Uni<RegistryParticipant> participantByOin(String oin) {
        return client.participantByOin(oin);
    }

    /** The participants an API client has mandates for, in registry order. */
    public Uni<List<RegistryParticipant>> participantsOfClient(String clientId) {
        return client.participantsOfClient(clientId).map(response -> response.readEntity(PARTICIPANTS));
    }

    /** Registers a public JWK of a participant under its kid, by portal-api itself (no operator). */
    public Uni<Void> publishKey(String participantId, String kid, Map<String, Object> publicJwk) {
        String body;
        try {
            body = mapper.writeValueAsString(publicJwk);
        } catch (JsonProcessingException e) {
            return Uni.createFrom().failure(new IllegalArgumentException("the public key cannot be written as JSON",
                    e));
        }
        return client.publishKey(null, participantId, kid, null, body).replaceWithVoid();
    }

    /** Stores a participant's wrapped private key (ADR 0042). */
    public Uni<Void> storeWrappedKey(String participantId, String kid, Map<String, Object> wrapped) {
        return client.storeWrappedKey(participantId, kid, wrapped);
    }

    /** A participant's wrapped private keys. */
    public Uni<List<WrappedKey>> wrappedKeys(String participantId) {
        return client.wrappedKeys(participantId);
    }
}
