package nl.knooppunt.kit.token;

import java.lang.reflect.Method;
import java.util.Set;

import jakarta.ws.rs.core.HttpHeaders;

import org.jboss.resteasy.reactive.client.spi.ResteasyReactiveClientRequestFilter;
import org.jboss.resteasy.reactive.client.spi.ResteasyReactiveClientRequestContext;

/**
 * Adds a service JWT for one audience to every call of a REST client, with the groups its method asks for
 * ({@link TokenGroups} on the method, else on the client interface): one client per downstream service can then hold
 * endpoints of different groups, each call carrying only its own. A service names the audience in a small
 * {@code @Singleton} subclass, registered on the client with {@code @RegisterProvider}. Like the token, the call goes
 * on in the caller's Vert.x context ({@link ServiceTokens#token(String, Set)}).
 */
public abstract class ServiceTokenFilter implements ResteasyReactiveClientRequestFilter {

    /** The request property under which the REST client names the interface method called. */
    static final String INVOKED_METHOD = "org.eclipse.microprofile.rest.client.invokedMethod";

    private final ServiceTokens tokens;
    private final String audience;

    protected ServiceTokenFilter(ServiceTokens tokens, String audience) {
        this.tokens = tokens;
        this.audience = audience;
    }

    @Override
    public void filter(ResteasyReactiveClientRequestContext request) {
        Set<String> groups = groups(request.getProperty(INVOKED_METHOD));
        request.suspend();
        tokens.token(audience, groups).subscribe().with(token -> {
            request.getHeaders().putSingle(HttpHeaders.AUTHORIZATION, "Bearer " + token);
            request.resume();
        }, request::resume);
    }

    /** The groups a client method asks for; a method of a client without {@link TokenGroups} is a mistake. */
    static Set<String> groups(Object invoked) {
        if (!(invoked instanceof Method method)) {
            throw new IllegalStateException("the REST client did not name the method called");
        }
        TokenGroups groups = method.getAnnotation(TokenGroups.class);
        if (groups == null) {
            groups = method.getDeclaringClass().getAnnotation(TokenGroups.class);
        }
        if (groups == null) {
            throw new IllegalStateException("no @TokenGroups on " + method.getDeclaringClass().getSimpleName() + "."
                    + method.getName() + " or its interface");
        }
        return Set.of(groups.value());
    }
}
