package nl.knooppunt.portal.problem;

import java.util.Optional;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import nl.knooppunt.kit.problem.Problem;

/**
 * Problem responses for what never reaches a JAX-RS resource: a body declared larger than the limit (413, before
 * a byte of it is read), paths nothing serves (404) and failures of the HTTP layer itself.
 */
@ApplicationScoped
public class ProblemRoutes {

    private final long maxBodyBytes;
    private final BodyHandler chunked;

    public ProblemRoutes(@ConfigProperty(name = "quarkus.http.limits.max-body-size") Optional<MemorySize> maxBody) {
        this.maxBodyBytes = maxBody.map(MemorySize::asLongValue).orElse(10L * 1024 * 1024);
        this.chunked = BodyHandler.create(false).setBodyLimit(maxBodyBytes);
    }

    void install(@Observes Router router) {
        // right after ApiVersion's route, so a 413 answered here carries API-Version too
        router.route().order(Integer.MIN_VALUE + 1).handler(this::declaredSize).failureHandler(ctx -> {
            if (ctx.statusCode() == 413) {
                ctx.response().putHeader(HttpHeaders.CONNECTION, "close");
                send(ctx, PublicProblemMappers.bodyTooLarge());
            } else {
                ctx.next();
            }
        });
        router.route().order(Integer.MAX_VALUE - 10).handler(ctx -> send(ctx,
                Problem.of(404, "not-found", "Not found", "no such resource")));
        router.errorHandler(404, ctx -> send(ctx, Problem.of(404, "not-found", "Not found", "no such resource")));
        router.errorHandler(405, ctx -> send(ctx, Problem.of(405, "method-not-allowed", "Method not allowed",
                "this resource does not support the method")));
        router.errorHandler(413, ctx -> send(ctx, PublicProblemMappers.bodyTooLarge()));
        Handler<RoutingContext> internal = ctx -> send(ctx, Problem.of(500, "internal", "Internal error",
                "the hub could not handle the request"));
        router.errorHandler(500, internal);
    }

    private void declaredSize(RoutingContext ctx) {
        String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length == null && ctx.request().headers().contains(HttpHeaders.TRANSFER_ENCODING)) {
            // a streamed body: buffer it up to the limit, failing with 413 beyond it
            chunked.handle(ctx);
            return;
        }
        if (length != null) {
            long declared;
            try {
                declared = Long.parseLong(length.trim());
            } catch (NumberFormatException e) {
                send(ctx, Problem.of(400, "bad-request", "Bad request", "the Content-Length header is not a number"));
                return;
            }
            if (declared > maxBodyBytes) {
                ctx.response().putHeader(HttpHeaders.CONNECTION, "close");
                send(ctx, PublicProblemMappers.bodyTooLarge());
                return;
            }
        }
        ctx.next();
    }

    private static void send(RoutingContext ctx, Problem problem) {
        if (ctx.response().headWritten() || ctx.response().ended()) {
            return;
        }
        ctx.response().setStatusCode(problem.status())
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .end(Json.encode(problem));
    }
}
