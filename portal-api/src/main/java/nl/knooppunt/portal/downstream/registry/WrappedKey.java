package nl.knooppunt.portal.downstream.registry;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * A portal participant's private key as the registry keeps it: wrapped in a user's browser under the organisation's
 * passphrase (compact JWE, {@code PBES2-HS512+A256KW}); nobody at the hub can open it (ADR 0042).
 *
 * @param kid       the kid of the key (its public half is registered under the same kid)
 * @param jwe       the wrapped key
 * @param createdAt when it was first stored
 * @param updatedAt when it was last re-wrapped
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record WrappedKey(String kid, String jwe, String createdAt, String updatedAt) {
}
