package nl.knooppunt.portal.config;

import java.nio.file.Path;
import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Typed configuration of portal-api. */
@ConfigMapping(prefix = "knooppunt")
public interface PortalConfig {

    /** Directory holding the hub's key files (see {@code HubSecrets}). */
    @WithDefault("/etc/knooppunt/secrets")
    Path secretsDir();

    /** Settings of the public API. */
    Portal portal();

    /** Public API settings. */
    interface Portal {

        /** How long a submission waits for validation-service's verdict before answering 503. */
        @WithDefault("15s")
        Duration verdictTimeout();

        /** How long portal-api's envelope assertion stays valid. */
        @WithDefault("5m")
        Duration assertionTtl();

        /** The largest payload accepted, in bytes of JSON. */
        @WithDefault("262144")
        int maxPayloadBytes();

        /** Identity mapping settings. */
        Identity identity();
    }

    /** How a token is mapped to a participant. */
    interface Identity {

        /** Claim carrying the organisation's OIN for portal users (set by the eHerkenning broker). */
        @WithDefault("oin")
        String organisationClaim();

        /** Claims that name the OIDC client of a client-credentials token, tried in order. */
        @WithDefault("azp,client_id")
        java.util.List<String> clientIdClaims();
    }
}
