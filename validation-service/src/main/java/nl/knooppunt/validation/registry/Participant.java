package nl.knooppunt.validation.registry;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import nl.knooppunt.standard.catalogue.ParticipantKind;
import nl.knooppunt.standard.crypto.Jwks;
import nl.knooppunt.standard.crypto.KeyMaterialException;
import nl.knooppunt.standard.crypto.RecipientCipher;

import org.jose4j.jwk.PublicJsonWebKey;

/**
 * A participant as registry-service's snapshots describe it, with its public keys (newest first). Immutable; the key
 * to encrypt to is parsed once per instance, not per message.
 */
public final class Participant {

    /** Status of a participant that may send and receive. */
    public static final String ACTIVE = "active";

    private final String id;
    private final String name;
    private final String kind;
    private final String status;
    private final List<String> modules;
    private final List<JsonNode> keys;
    private volatile Optional<PublicJsonWebKey> encryptionKey;

    /**
     * @param id      participant id (UUID)
     * @param name    display name
     * @param kind    kind in API form, e.g. {@code creditor}
     * @param status  {@code active} or another status
     * @param modules modules of the standard the participant has switched on
     * @param keys    public encryption keys as JWKs, newest first
     */
    public Participant(String id, String name, String kind, String status, List<String> modules,
            List<JsonNode> keys) {
        this.id = id;
        this.name = name;
        this.kind = kind;
        this.status = status;
        this.modules = modules == null ? List.of() : List.copyOf(modules);
        this.keys = keys == null ? List.of() : List.copyOf(keys);
    }

    public String id() {
        return id;
    }

    public String name() {
        return name;
    }

    public String kind() {
        return kind;
    }

    public String status() {
        return status;
    }

    public List<String> modules() {
        return modules;
    }

    public List<JsonNode> keys() {
        return keys;
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
        Optional<PublicJsonWebKey> parsed = encryptionKey;
        if (parsed == null) {
            parsed = parseNewestKey();
            encryptionKey = parsed;
        }
        return parsed;
    }

    private Optional<PublicJsonWebKey> parseNewestKey() {
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

    @Override
    public boolean equals(Object other) {
        return other instanceof Participant p && Objects.equals(id, p.id) && Objects.equals(name, p.name)
                && Objects.equals(kind, p.kind) && Objects.equals(status, p.status) && modules.equals(p.modules)
                && keys.equals(p.keys);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, name, kind, status, modules, keys);
    }

    @Override
    public String toString() {
        return "Participant[id=" + id + ", kind=" + kind + ", status=" + status + ", modules=" + modules
                + ", keys=" + keys.size() + "]";
    }
}
