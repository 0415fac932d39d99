package nl.knooppunt.portal.security;

import java.security.Permission;
import java.security.Principal;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import org.eclipse.microprofile.jwt.Claims;
import org.eclipse.microprofile.jwt.JsonWebToken;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.oidc.OidcTenantConfig;
import io.quarkus.oidc.runtime.OidcIdentityProvider;
import io.quarkus.oidc.runtime.OidcUtils;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import nl.knooppunt.portal.config.PortalConfig;

/**
 * Answers a bearer token of the API (default OIDC tenant) that quarkus-oidc verified before from memory, until the
 * token expires (ADR 0039). It runs before quarkus-oidc's identity provider; an unknown token is handed to that
 * provider for the full verification (signature against the JWKS, issuer, audience, expiry), and only an identity it
 * returned is remembered. Every request gets a new identity with its own credential, routing context and request
 * context; only the token's stable parts are shared (principal, roles, permissions, tenant attributes). The web
 * portal's tenant, ID tokens and requests with per-request proofs (certificate or DPoP binding, step-up) are never
 * answered from memory.
 */
@ApplicationScoped
public class RememberedBearerTokens implements IdentityProvider<TokenAuthenticationRequest> {

    /** Identity attributes that belong to one request and are never remembered. */
    private static final Set<String> REQUEST_ATTRIBUTES = Set.of(RoutingContext.class.getName(),
            HttpSecurityUtils.ROUTING_CONTEXT_ATTRIBUTE, AuthenticationRequestContext.class.getName());
    /** Where quarkus-oidc keeps the step-up authentication policy of a request (@AuthenticationContext). */
    private static final String STEP_UP_POLICY = "io.quarkus.oidc.runtime.step-up-auth";

    private final OidcIdentityProvider oidc;
    private final boolean enabled;
    private final BearerTokenMemory<Verified> memory;
    private final Counter hits;
    private final Counter misses;

    public RememberedBearerTokens(OidcIdentityProvider oidc, PortalConfig config, MeterRegistry metrics) {
        this.oidc = oidc;
        PortalConfig.TokenMemory settings = config.portal().tokenMemory();
        this.enabled = settings.enabled();
        this.memory = new BearerTokenMemory<>(Clock.systemUTC(), settings.maxEntries(), settings.maxAge());
        this.hits = metrics.counter("knooppunt.portal.token-memory.hits");
        this.misses = metrics.counter("knooppunt.portal.token-memory.misses");
        metrics.gauge("knooppunt.portal.token-memory.size", memory, BearerTokenMemory::size);
    }

    @Override
    public Class<TokenAuthenticationRequest> getRequestType() {
        return TokenAuthenticationRequest.class;
    }

    /** Before quarkus-oidc's provider, which has the default priority. */
    @Override
    public int priority() {
        return IdentityProvider.SYSTEM_FIRST + 2;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(TokenAuthenticationRequest request,
            AuthenticationRequestContext context) {
        RoutingContext http = HttpSecurityUtils.getRoutingContextAttribute(request);
        if (!enabled || !(request.getToken() instanceof AccessTokenCredential) || !rememberable(http)) {
            return Uni.createFrom().nullItem();
        }
        String token = request.getToken().getToken();
        Verified known = memory.recall(token);
        if (known != null) {
            hits.increment();
            return Uni.createFrom().item(known.identity(request, http, context));
        }
        misses.increment();
        return oidc.authenticate(request, context).invoke(identity -> remember(token, identity));
    }

    /** Only bearer requests of the default tenant whose verification depends on nothing but the token string. */
    private static boolean rememberable(RoutingContext http) {
        if (http == null || http.get(STEP_UP_POLICY) != null) {
            return false;
        }
        OidcTenantConfig tenant = http.get(OidcTenantConfig.class.getName());
        return tenant != null
                && OidcUtils.DEFAULT_TENANT_ID.equals(tenant.tenantId().orElse(OidcUtils.DEFAULT_TENANT_ID))
                && !tenant.token().binding().certificate()
                && !OidcUtils.isDPoPScheme(tenant.token().authorizationScheme())
                && tenant.token().age().isEmpty();
    }

    private void remember(String token, SecurityIdentity identity) {
        if (identity == null || identity.isAnonymous()
                || !OidcUtils.DEFAULT_TENANT_ID.equals(identity.getAttribute(OidcUtils.TENANT_ID_ATTRIBUTE))
                || !(identity.getPrincipal() instanceof JsonWebToken jwt)
                || !(jwt.getClaim(Claims.exp.name()) instanceof Number exp)) {
            return;
        }
        Map<String, Object> attributes = new HashMap<>();
        identity.getAttributes().forEach((name, value) -> {
            if (value != null && !REQUEST_ATTRIBUTES.contains(name)) {
                attributes.put(name, value);
            }
        });
        memory.remember(token, exp.longValue(), new Verified(jwt, Set.copyOf(identity.getRoles()),
                Set.copyOf(identity.getPermissions()), Map.copyOf(attributes)));
    }

    /** The parts of a verified identity that depend on the token alone. */
    private record Verified(Principal principal, Set<String> roles, Set<Permission> permissions,
            Map<String, Object> attributes) {

        SecurityIdentity identity(TokenAuthenticationRequest request, RoutingContext http,
                AuthenticationRequestContext context) {
            return QuarkusSecurityIdentity.builder()
                    .setPrincipal(principal)
                    .addRoles(roles)
                    .addPermissions(permissions)
                    .addAttributes(attributes)
                    .addCredential(request.getToken())
                    .addAttribute(RoutingContext.class.getName(), http)
                    .addAttribute(AuthenticationRequestContext.class.getName(), context)
                    .build();
        }
    }
}
