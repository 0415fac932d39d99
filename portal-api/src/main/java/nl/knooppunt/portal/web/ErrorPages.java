package nl.knooppunt.portal.web;

import org.jboss.logging.Logger;

import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import nl.knooppunt.kit.problem.ProblemException;

/** Renders a failure of a portal page as an HTML page in Dutch, with the right status and no internals. */
@ApplicationScoped
public class ErrorPages {

    private static final Logger LOG = Logger.getLogger(ErrorPages.class);

    private final Template page;

    public ErrorPages(@Location("portal/fout.html") Template page) {
        this.page = page;
    }

    /** The page for a failure. */
    public Response of(Throwable failure) {
        int status = status(failure);
        String title;
        String text;
        switch (status) {
            case 404 -> {
                title = "Niet gevonden";
                text = "Dit bericht of deze pagina bestaat niet, of is niet voor uw organisatie.";
            }
            case 410 -> {
                title = "Niet meer beschikbaar";
                text = "De inhoud van dit bericht is verwijderd: het is bevestigd of de bewaartermijn is verlopen.";
            }
            case 403 -> {
                title = "Geen toegang";
                text = "Uw organisatie is geen actieve deelnemer van het knooppunt, of mag dit niet.";
            }
            case 400 -> {
                title = "Ongeldig verzoek";
                text = "Het verzoek is niet compleet of niet geldig.";
            }
            case 503 -> {
                title = "Tijdelijk niet beschikbaar";
                text = "Het knooppunt kan dit nu niet verwerken. Probeer het over enkele ogenblikken opnieuw.";
            }
            default -> {
                LOG.errorf("portal page failed: %s", failure.getClass().getSimpleName());
                status = 500;
                title = "Er ging iets mis";
                text = "Er ging iets mis bij het knooppunt. Probeer het later opnieuw.";
            }
        }
        return Response.status(status).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .entity(page.data("title", title).data("text", text).data("status", status).render()).build();
    }

    static int status(Throwable failure) {
        if (failure instanceof ProblemException problem) {
            return problem.problem().status();
        }
        if (failure instanceof WebApplicationException web) {
            return web.getResponse().getStatus();
        }
        if (failure instanceof io.quarkus.security.UnauthorizedException) {
            return 401;
        }
        return 500;
    }
}
