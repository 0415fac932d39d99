package nl.knooppunt.portal.hubkeys;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.Response;
import nl.knooppunt.portal.config.PortalConfig;
import nl.knooppunt.standard.crypto.HubSecrets;
import nl.knooppunt.standard.crypto.Jwks;

/** The hub's public keys that sign webhook pushes, as a JWK set, so receivers can verify a push came from the hub. */
@Path("/api/v1/hub-keys")
@Tag(name = "Hub keys", description = "Verify that a webhook push came from the hub")
public class HubKeysResource {

    /** Key ids of push-signing keys start with this. */
    public static final String PUSH_KEY_PREFIX = "routing-service";

    private final String jwks;

    public HubKeysResource(PortalConfig config) {
        List<JsonWebKey> keys = Jwks.readSet(config.secretsDir().resolve(HubSecrets.SERVICE_PUBLIC_KEYS))
                .getJsonWebKeys().stream()
                .filter(k -> k.getKeyId() != null && k.getKeyId().startsWith(PUSH_KEY_PREFIX))
                .toList();
        this.jwks = new JsonWebKeySet(keys).toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
    }

    @GET
    @PermitAll
    @Produces("application/jwk-set+json")
    @Operation(summary = "Push-signing keys (JWKS)", description = "Every push carries a detached ES256 JWS of the "
            + "exact request body in the Knooppunt-Signature header; verify it with the key of its kid.")
    public Response keys() {
        CacheControl cache = new CacheControl();
        cache.setMaxAge(3600);
        return Response.ok(jwks).cacheControl(cache).build();
    }
}
