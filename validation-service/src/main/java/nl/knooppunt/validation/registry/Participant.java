package nl.knooppunt.validation.registry;

import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;

import nl.knooppunt.standard.catalogue.ParticipantKind;
import nl.knooppunt.standard.crypto.Jwks;
import nl.knooppunt.standard.crypto.RecipientCipher;
import nl.knooppunt.standard.crypto.KeyMaterialException;

import org.jose4j.jwk.PublicJsonWebKey;

/**
 * A participant as registry-service's internal API describes it, with its public keys (newest first).
 *
 * @param id      participant id (UUID)
 * @param name    display name
 * @param kind    kind in API form, e.g. {@code creditor}
 * @param status  {@code active} or another status
 * @param modules modules of the standard the participant has switched on
 * @param keys    public encryption keys as JWKs, newest first
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Participant(String id, String name, String kind, String status, List<String> modules,
        List<JsonNode> keys) {

    /** Status of a participant that may send and receive. */
    public static final String ACTIVE = "active";

    public Participant {
        modules = modules == null ? List.of() : List.copyOf(modules);
        keys = keys == null ? List.of() : List.copyOf(keys);
    }

    public boolean isActive() {
        return ACTIVE.equals(status);
    }

    public Optional<ParticipantKind> participantKind() {
        return kind == null ? Optional.empty() : ParticipantKind.fromApiName(kind);
    }

    public boolean hasModule(String module) {
        return modules.contains(module);
    }

    /** The newest key, when it is a public key the hub can encrypt to (RSA or EC); empty otherwise. */
    public Optional<PublicJsonWebKey> encryptionKey() {
        if (keys.isEmpty() || keys.get(0) == null) {
            return Optional.empty();
        }
        try {
            PublicJsonWebKey key = Jwks.parsePublicKey(keys.get(0).toString(), "registry key of participant " + id);
            RecipientCipher.keyAlgorithmFor(key);
            return Optional.of(key);
        } catch (KeyMaterialException e) {
            return Optional.empty();
        }
    }
}
