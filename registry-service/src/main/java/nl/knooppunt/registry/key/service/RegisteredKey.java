package nl.knooppunt.registry.key.service;

import java.util.Map;

/**
 * A public key that passed {@link PublicKeyPolicy}, in canonical form.
 *
 * @param kid  its key id
 * @param use  its use, always {@code enc}
 * @param jwk  the canonical public JWK members (kty, kid, use, alg when given, key material)
 * @param json {@code jwk} as JSON, as stored
 */
public record RegisteredKey(String kid, String use, Map<String, Object> jwk, String json) {
}
