package nl.knooppunt.portal.api;

import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Puts {@value #HEADER} with the API's full version on every response under {@code /api/} (Dutch API Design Rules,
 * /core/version-header), problems of the HTTP layer included; it equals {@code info.version} of the OpenAPI document.
 */
@ApplicationScoped
public class ApiVersion {

    /** The response header. */
    public static final String HEADER = "API-Version";
    /** The full version of the API; raise it with every change of the contract (docs/api.md). */
    public static final String VALUE = "1.0.0";

    void install(@Observes Router router) {
        router.route("/api/*").order(Integer.MIN_VALUE).handler(ctx -> {
            ctx.response().headers().set(HEADER, VALUE);
            ctx.next();
        });
    }
}
