package nl.knooppunt.validation.security;

import java.nio.file.Path;

import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;

import org.jose4j.jwk.PublicJsonWebKey;

import io.quarkus.runtime.Startup;
import nl.knooppunt.standard.crypto.EnvelopeAssertions;
import nl.knooppunt.standard.crypto.HubSecrets;
import nl.knooppunt.standard.crypto.Jwks;
import nl.knooppunt.standard.crypto.LinkKeyRing;
import nl.knooppunt.standard.crypto.TransitRatchet;
import nl.knooppunt.standard.crypto.VerdictSeals;
import nl.knooppunt.validation.config.KnooppuntConfig;

/**
 * The key material validation-service works with, read once at startup from the secrets directory (a missing or
 * broken file stops the service from starting): the submission link's key ring (verifies portal-api's assertions),
 * the delivery link's key ring (signs its own assertions, ADR 0029), the transit ratchet (decrypts payloads; its keys
 * destroy themselves, ADR 0034), the verdict seals (keyed by the submission link, ADR 0014) and its own signing key.
 */
@Startup
@Singleton
public class HubKeys {

    /** Issuer of submission assertions. */
    public static final String PORTAL_API = "portal-api";
    /** This service's name: issuer of delivery assertions and subject of its service JWTs. */
    public static final String VALIDATION_SERVICE = "validation-service";

    private final EnvelopeAssertions.Verifier submissionAssertions;
    private final LinkKeyRing deliveryLink;
    private final TransitRatchet transit;
    private final VerdictSeals verdictSeals;
    private final PublicJsonWebKey signingKey;

    public HubKeys(KnooppuntConfig config) {
        Path dir = config.secretsDir();
        this.submissionAssertions = EnvelopeAssertions.verifier(PORTAL_API,
                LinkKeyRing.read(dir.resolve(HubSecrets.SUBMISSION_LINK_KEYS)));
        this.deliveryLink = LinkKeyRing.read(dir.resolve(HubSecrets.DELIVERY_LINK_KEYS));
        this.transit = TransitRatchet.open(config.transit().stateFile()
                .orElse(dir.resolve(TransitRatchet.STATE_FILE)),
                new TransitRatchet.Settings(config.transit().epoch(), config.transit().window()));
        this.verdictSeals = new VerdictSeals(Jwks.readSet(dir.resolve(HubSecrets.SUBMISSION_LINK_KEYS)));
        this.signingKey = Jwks.readPrivateKey(dir.resolve(HubSecrets.VALIDATION_SERVICE_SIGNING_KEY));
    }

    /** Verifies portal-api's assertions on submissions with the submission link's key ring. */
    public EnvelopeAssertions.Verifier submissionAssertions() {
        return submissionAssertions;
    }

    /** The delivery link's key ring: its first key signs this service's assertions on deliveries. */
    public LinkKeyRing deliveryLink() {
        return deliveryLink;
    }

    /** Decrypts transit payloads from portal-api while their epoch's key exists. */
    public TransitRatchet transit() {
        return transit;
    }

    /** Seals verdicts for portal-api with the submission link ring's first key (ADR 0014, ADR 0034). */
    public VerdictSeals verdictSeals() {
        return verdictSeals;
    }

    /** Stops the transit ratchet's tick. */
    @PreDestroy
    void close() {
        transit.close();
    }

    /** This service's private signing key (service JWTs to registry- and routing-service). */
    public PublicJsonWebKey signingKey() {
        return signingKey;
    }
}
