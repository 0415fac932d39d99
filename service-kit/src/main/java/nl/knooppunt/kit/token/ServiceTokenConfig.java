package nl.knooppunt.kit.token;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Service JWTs this service signs for its calls to other services (docs/internal-apis.md). */
@ConfigMapping(prefix = "knooppunt.service-token")
public interface ServiceTokenConfig {

    /** The subject of the tokens: this service's name; default {@code quarkus.application.name}. */
    @WithDefault("${quarkus.application.name}")
    String subject();

    /** The {@code kid} of the signing key ({@code smallrye.jwt.sign.key.location}); default {@code <subject>-1}. */
    @WithDefault("${quarkus.application.name}-1")
    String keyId();

    /** Validity ({@code exp - iat}) of a signed token; the contract allows at most 5 minutes. */
    @WithDefault("PT5M")
    Duration lifetime();

    /** How long one signed token is reused before a fresh one is signed; default 60 s. */
    @WithDefault("PT60S")
    Duration reuseFor();
}
