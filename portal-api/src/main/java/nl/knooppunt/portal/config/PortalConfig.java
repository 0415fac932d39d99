package nl.knooppunt.portal.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Typed configuration of portal-api. */
@ConfigMapping(prefix = "knooppunt")
public interface PortalConfig {

    /** Directory holding the hub's key files (see {@code HubSecrets}). */
    @WithDefault("/etc/knooppunt/secrets")
    Path secretsDir();

    /** Transit encryption between portal-api and validation-service, with keys that destroy themselves (ADR 0034). */
    Transit transit();

    /** Transit key settings; both services and every replica must use the same (a state file keeps its own). */
    interface Transit {

        /** How long one transit key encrypts before the next epoch's key takes over. */
        @WithDefault("5m")
        Duration epoch();

        /**
         * How long after its epoch a transit key still opens a submission; then it is destroyed everywhere. At most
         * the retention of {@code knooppunt.submissions} (30 minutes), at least the longest outage of
         * validation-service a submission should survive.
         */
        @WithDefault("30m")
        Duration window();

        /**
         * The ratchet's state file, shared by every portal-api and validation-service instance and rewritten as keys
         * are destroyed (a writable volume); default {@code transit-ratchet.json} in the secrets directory.
         */
        Optional<Path> stateFile();
    }

    /** Settings of the public API. */
    Portal portal();

    /** What the served OpenAPI document says about this deployment (ADR 0043; read by ApiDocumentDeployment). */
    ApiDocument apiDocument();

    /** The deployment's part of the OpenAPI document; its servers are {@code quarkus.smallrye-openapi.servers}. */
    interface ApiDocument {

        /**
         * The token URL of the OAuth2 client-credentials flow; by default the token endpoint of the realm that
         * {@code quarkus.oidc.auth-server-url} names (Keycloak locally, the eHerkenning broker in production).
         */
        @WithDefault("${quarkus.oidc.auth-server-url}/protocol/openid-connect/token")
        String tokenUrl();
    }

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

        /** How verified bearer tokens of API callers are remembered (ADR 0039). */
        TokenMemory tokenMemory();
    }

    /**
     * The memory of verified bearer tokens of the API's default OIDC tenant (never the web portal's sessions): a token
     * that passed quarkus-oidc's full verification is answered from memory until its {@code exp}, and at most
     * {@link #maxAge()}.
     */
    interface TokenMemory {

        /** Off switch: when false, every request's bearer token is verified in full, as before ADR 0039. */
        @WithDefault("true")
        boolean enabled();

        /**
         * The most tokens remembered at once (each holds the token's claims); beyond it the least used are forgotten
         * first. One entry per live token: clients reuse a token for its lifetime (5 minutes at Keycloak).
         */
        @WithDefault("10000")
        int maxEntries();

        /** The longest a token is remembered, however late its {@code exp}. */
        @WithDefault("5m")
        Duration maxAge();
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

    /**
     * The service kit's generic problem mappers: a build property ({@code @IfBuildProperty} on the kit's
     * {@code ProblemMappers}), declared here so this mapping knows the key; portal-api sets it to false and answers with
     * its own {@code PublicProblemMappers}.
     */
    ProblemMappersSwitch problemMappers();

    /** Whether the service kit's generic problem mappers are built in. */
    interface ProblemMappersSwitch {

        /** Default true (the kit's default); portal-api's application.properties sets false. */
        @WithDefault("true")
        boolean enabled();
    }
}
