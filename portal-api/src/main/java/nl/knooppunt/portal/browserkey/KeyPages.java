package nl.knooppunt.portal.browserkey;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import nl.knooppunt.kit.problem.ProblemException;
import nl.knooppunt.portal.downstream.registry.Registry;
import nl.knooppunt.portal.downstream.registry.WrappedKey;
import nl.knooppunt.portal.problem.Downstream;
import nl.knooppunt.portal.web.ErrorPages;
import nl.knooppunt.portal.web.WebCallers;

/**
 * The organisation's key, kept by its users (ADR 0042): the page that sets it up in the browser or unlocks it on a
 * device, and the two posts that store what the browser made. The hub gets the public key and the private key wrapped
 * under the organisation's passphrase; never the passphrase, never the key unwrapped.
 */
@Path("/portal/sleutel")
@Authenticated
public class KeyPages {

    private static final Logger LOG = Logger.getLogger(KeyPages.class);
    private static final Pattern RETURN = Pattern.compile("/portal/[A-Za-z0-9/?=&._%-]{0,300}");

    private final WebCallers callers;
    private final Registry registry;
    private final BrowserKeyPolicy policy;
    private final ObjectMapper mapper;
    private final SecurityIdentity identity;
    private final ErrorPages errors;
    private final Template page;

    public KeyPages(WebCallers callers, Registry registry, BrowserKeyPolicy policy,
            ObjectMapper mapper, SecurityIdentity identity, ErrorPages errors,
            @Location("portal/sleutel.html") Template page) {
        this.callers = callers;
        this.registry = registry;
        this.policy = policy;
        this.mapper = mapper;
        this.identity = identity;
        this.errors = errors;
        this.page = page;
    }

    /** Set up the key (no wrapped key at the hub yet), or unlock it on this device. */
    @GET
    @Produces(MediaType.TEXT_HTML)
    public Uni<Response> page(@QueryParam("terug") String back, @Context HttpHeaders headers) {
        return callers.resolve(identity, headers)
                .chain(caller -> wrapped(caller.participantId()).map(keys -> html(page
                        .data("caller", caller.acting().name())
                        .data("participant", caller.participantId())
                        .data("setUp", !keys.isEmpty())
                        .data("wrappedKeys", json(keys))
                        .data("back", back != null && RETURN.matcher(back).matches() && !back.contains("//")
                                ? back : "/portal/inbox")
                        .render())))
                .onFailure().recoverWithItem(errors::of);
    }

    /**
     * Registers the key the browser made: first its wrapped private half, then its public half, which from then on
     * is the key messages to the participant are encrypted to (the previous key stays valid for the registry's
     * rotation overlap, so what waits for it can still be read).
     */
    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<Response> setUp(@FormParam("kid") String kid, @FormParam("publicJwk") String publicJwk,
            @FormParam("wrappedKey") String wrappedKey, @Context HttpHeaders headers) {
        BrowserKeyPolicy.BrowserKey key = policy.validate(kid, publicJwk, wrappedKey);
        return callers.resolve(identity, headers)
                .chain(caller -> registry.storeWrappedKey(caller.participantId(), key.kid(),
                                Map.of("jwe", key.wrappedJwe()))
                        .chain(() -> registry.publishKey(caller.participantId(), key.kid(), key.publicJwk()))
                        .onFailure().transform(Downstream.failure("registry-service", "no such participant"))
                        .invoke(() -> LOG.infof("participant %s set up browser-held key %s", caller.participantId(),
                                key.kid())))
                .map(x -> Response.status(201).entity(Map.of("kid", key.kid())).build());
    }

    /** Stores the key re-wrapped under a new passphrase; only for a kid the participant already has. */
    @POST
    @Path("/wachtwoord")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<Response> rewrap(@FormParam("kid") String kid, @FormParam("wrappedKey") String wrappedKey,
            @Context HttpHeaders headers) {
        String jwe = policy.validateRewrap(kid, wrappedKey);
        return callers.resolve(identity, headers)
                .chain(caller -> wrapped(caller.participantId()).chain(keys -> {
                    if (keys.stream().noneMatch(k -> k.kid().equals(kid))) {
                        return Uni.createFrom().failure(ProblemException.notFound("no wrapped key with this kid"));
                    }
                    return registry.storeWrappedKey(caller.participantId(), kid, Map.of("jwe", jwe))
                            .onFailure().transform(Downstream.failure("registry-service", "no such participant"))
                            .invoke(() -> LOG.infof("participant %s re-wrapped key %s", caller.participantId(), kid));
                }))
                .map(x -> Response.noContent().build());
    }

    private Uni<List<WrappedKey>> wrapped(String participantId) {
        return registry.wrappedKeys(participantId)
                .onFailure().transform(Downstream.failure("registry-service", "no such participant"));
    }

    /** JSON to embed in a script element: {@code <} escaped, so no text in it can end the element. */
    private String json(List<WrappedKey> keys) {
        try {
            return mapper.writeValueAsString(keys.stream().map(k -> Map.of("kid", k.kid(), "jwe", k.jwe())).toList())
                    .replace("<", "\\u003c");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("wrapped keys cannot be written as JSON", e);
        }
    }

    private static Response html(String body) {
        return Response.ok(body, MediaType.TEXT_HTML_TYPE.withCharset("UTF-8")).header("Cache-Control", "no-store")
                .build();
    }
}
