package nl.knooppunt.routing.common.problem;

import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import nl.knooppunt.kit.problem.Problem;
import nl.knooppunt.kit.problem.ProblemMappers;

/**
 * The mailbox database is down or restarting: a retriable 503 rather than a 500 (ADR 0024). Every other failure is
 * answered by the service kit's {@link ProblemMappers}.
 */
public class DatabaseUnavailableMapper {

    private static final Logger LOG = Logger.getLogger(DatabaseUnavailableMapper.class);

    @ServerExceptionMapper({ java.net.ConnectException.class, io.vertx.sqlclient.ClosedConnectionException.class })
    public Response databaseUnavailable(Exception e) {
        LOG.warnf("database unavailable answering a request: %s", e.getClass().getSimpleName());
        return ProblemMappers.answer(Problem.of(503, "unavailable", "Service unavailable",
                "the mailbox store is unavailable; retry shortly")).header("Retry-After", "2").build();
    }
}
