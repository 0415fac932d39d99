package nl.knooppunt.portal.problem;

import java.util.function.Function;

import org.jboss.logging.Logger;

import jakarta.ws.rs.WebApplicationException;
import nl.knooppunt.kit.problem.ProblemException;

/** Maps failures of the internal services into problems the caller can act on, without internals. */
public final class Downstream {

    /** Seconds a caller is asked to wait ({@code Retry-After} of a 503) while the hub or a service it needs is down. */
    public static final int RETRY_AFTER_SECONDS = 5;

    private static final Logger LOG = Logger.getLogger(Downstream.class);

    private Downstream() {
    }

    /** 404 and 410 become the given problems, 400 a bad request; anything else is a retriable 503. */
    public static Function<Throwable, Throwable> failure(String service, String notFoundDetail) {
        return failure -> {
            if (failure instanceof ProblemException) {
                return failure;
            }
            if (failure instanceof WebApplicationException web) {
                int status = web.getResponse().getStatus();
                if (status == 404) {
                    return ProblemException.notFound(notFoundDetail);
                }
                if (status == 400) {
                    return ProblemException.badRequest("a parameter of the request is not valid");
                }
                if (status == 410) {
                    return ProblemException.gone("the message was acknowledged or has expired; its payload is gone");
                }
                LOG.warnf("%s answered %d", service, status);
            } else {
                LOG.warnf("%s unreachable: %s", service, failure.getClass().getSimpleName());
            }
            return ProblemException.unavailable(service + " is temporarily unavailable; retry later",
                    RETRY_AFTER_SECONDS);
        };
    }
}
