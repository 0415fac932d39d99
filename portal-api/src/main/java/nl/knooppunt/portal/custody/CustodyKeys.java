package nl.knooppunt.portal.custody;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jboss.logging.Logger;
import org.jose4j.jwk.PublicJsonWebKey;

import jakarta.enterprise.context.ApplicationScoped;
import nl.knooppunt.portal.config.PortalConfig;
import nl.knooppunt.standard.crypto.HubSecrets;
import nl.knooppunt.standard.crypto.RecipientCipher;

/**
 * Custody keys of portal participants (participants without their own system). Only portal-api holds them, read
 * from the mounted secret; they decrypt a participant's messages only when that participant's own caller fetches.
 */
@ApplicationScoped
public class CustodyKeys {

    private static final Logger LOG = Logger.getLogger(CustodyKeys.class);

    private final Map<String, List<PublicJsonWebKey>> keys;

    public CustodyKeys(PortalConfig config) {
        Path file = config.secretsDir().resolve(HubSecrets.CUSTODY_KEYS);
        if (Files.exists(file)) {
            this.keys = Map.copyOf(HubSecrets.readCustodyKeys(file));
            LOG.infof("holding custody keys for %d participant(s)", keys.size());
        } else {
            this.keys = Map.of();
            LOG.infof("no custody key file at %s: no portal participants served", file);
        }
    }

    /** Participant ids whose custody keys portal-api holds. */
    public Map<String, List<PublicJsonWebKey>> all() {
        return keys;
    }

    public boolean holds(String participantId) {
        return keys.containsKey(participantId);
    }

    /**
     * Decrypts a payload addressed to the participant when it was encrypted to one of the participant's custody keys;
     * empty when portal-api holds no custody key of the participant or the payload names another key (the
     * participant registered a key of its own: only it can open such a message).
     */
    public Optional<String> decryptFor(String participantId, String jwe) {
        List<PublicJsonWebKey> participantKeys = keys.get(participantId);
        if (participantKeys == null || jwe == null) {
            return Optional.empty();
        }
        String kid = RecipientCipher.keyIdOf(jwe);
        if (participantKeys.stream().noneMatch(k -> k.getKeyId().equals(kid))) {
            return Optional.empty();
        }
        return Optional.of(RecipientCipher.decrypt(jwe, participantKeys));
    }
}
