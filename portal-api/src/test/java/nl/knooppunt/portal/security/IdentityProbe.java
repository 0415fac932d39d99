package nl.knooppunt.portal.security;

import java.util.Map;

import io.quarkus.security.Authenticated;
import io.quarkus.security.credential.TokenCredential;
import io.quarkus.security.identity.SecurityIdentity;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** Test-only endpoint telling which request the caller's identity belongs to, and to which token. */
@Path("/token-memory-probe")
@Authenticated
public class IdentityProbe {

    /** Header naming the request, so the answer can tell whose routing context the identity carries. */
    static final String REQUEST_HEADER = "X-Probe-Request";

    private final SecurityIdentity identity;
    private final RoutingContext http;

    public IdentityProbe(SecurityIdentity identity, RoutingContext http) {
        this.identity = identity;
        this.http = http;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> probe() {
        RoutingContext carried = identity.getAttribute(RoutingContext.class.getName());
        TokenCredential credential = identity.getCredential(TokenCredential.class);
        String presented = http.request().getHeader("Authorization").substring("Bearer ".length());
        return Map.of(
                "principal", identity.getPrincipal().getName(),
                "carriedRequest",
                carried == null ? "none" : String.valueOf(carried.request().getHeader(REQUEST_HEADER)),
                "sameRequest", carried != null && carried.request() == http.request(),
                "credentialIsPresentedToken", credential != null && presented.equals(credential.getToken()),
                "tenant", String.valueOf(identity.<Object>getAttribute("tenant-id")));
    }
}
