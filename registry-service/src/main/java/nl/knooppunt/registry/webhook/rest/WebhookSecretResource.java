package nl.knooppunt.registry.webhook.rest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Uni;
import nl.knooppunt.registry.problem.Ids;
import nl.knooppunt.kit.problem.ProblemException;
import nl.knooppunt.registry.security.Actor;
import nl.knooppunt.registry.security.ServiceGroups;
import nl.knooppunt.registry.webhook.service.WebhookSecrets;

/**
 * Webhook signing secrets (ADR 0037): an operator issues a new one (rotation), shown once in that answer;
 * routing-service, and only routing-service, reads the ones that sign a subscriber's pushes now.
 */
@Path("/internal/v1")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "webhook secrets")
public class WebhookSecretResource {

    /** The only caller that may read secrets: the service that signs pushes. */
    static final String ROUTING_SERVICE = "routing-service";

    private final WebhookSecrets secrets;
    private final JsonWebToken jwt;
    private final ObjectMapper mapper;

    public WebhookSecretResource(WebhookSecrets secrets, JsonWebToken jwt, ObjectMapper mapper) {
        this.secrets = secrets;
        this.jwt = jwt;
        this.mapper = mapper;
    }

    /**
     * The secrets that sign the participant's pushes now, newest first.
     *
     * @param secrets every valid secret: {@code secret} ({@code whsec_...}) and {@code notAfter} (null while open-ended)
     */
    public record ValidSecrets(List<ValidSecret> secrets) {
    }

    /**
     * One valid secret.
     *
     * @param secret   {@code whsec_} + base64 of its bytes
     * @param notAfter when it stops signing (end of a rotation overlap), or null
     */
    public record ValidSecret(String secret, String notAfter) {

        @Override
        public String toString() {
            return "ValidSecret[secret=<redacted>, notAfter=" + notAfter + "]";
        }
    }

    /**
     * Issues a new secret; the participant's previous one keeps signing pushes for {@code overlap} (ISO-8601, default
     * {@code knooppunt.registry.webhook-secrets.overlap}), any older one stops at once.
     */
    @POST
    @Path("/participants/{id}/webhook-secret")
    @RolesAllowed(ServiceGroups.REGISTRY_ADMIN)
    @Operation(summary = "Issue a new webhook signing secret (rotation); shown once in this answer")
    @APIResponse(responseCode = "201", description = "the new secret, shown this once; the previous one signs until "
            + "previousValidUntil")
    @APIResponse(responseCode = "400", description = "bad overlap, or no Knooppunt-Actor")
    @APIResponse(responseCode = "404", description = "unknown participant")
    public Uni<Response> rotate(@PathParam("id") String id, @QueryParam("overlap") String overlap,
            @HeaderParam(Actor.HEADER) String actorHeader) {
        Actor actor = Actor.operator(jwt, actorHeader);
        return secrets.rotate(Ids.participantId(id), overlap(overlap), actor)
                .map(issued -> Response.status(Response.Status.CREATED).entity(WebhookSecretView.of(issued))
                        .cacheControl(noStore()).build());
    }

    /** The secrets that sign the participant's pushes now (routing-service's service JWT only). */
    @GET
    @Path("/participants/{id}/webhook-secrets")
    @RolesAllowed(ServiceGroups.WEBHOOK_SECRETS)
    @Operation(summary = "The webhook signing secrets valid now (routing-service only)")
    @APIResponse(responseCode = "200", description = "the valid secrets, newest first (empty: none issued)")
    @APIResponse(responseCode = "403", description = "the caller is not routing-service")
    @APIResponse(responseCode = "404", description = "unknown participant")
    public Uni<Response> valid(@PathParam("id") String id) {
        requireRoutingService();
        return secrets.valid(Ids.participantId(id))
                .map(valid -> Response.ok(new ValidSecrets(valid.stream().map(v -> new ValidSecret(v.secret(),
                        v.notAfter() == null ? null : v.notAfter().toInstant().toString())).toList()))
                        .cacheControl(noStore()).build());
    }

    /** {@code Cache-Control: no-store}: an answer with a secret is kept by no cache. */
    public static CacheControl noStore() {
        CacheControl control = new CacheControl();
        control.setNoStore(true);
        control.setNoCache(true);
        return control;
    }

    /**
     * A service JWT's groups are chosen by its signer, so the group alone does not prove the caller: the token must
     * name routing-service as subject and be signed with one of routing-service's keys (kid
     * {@code routing-service-<n>}; the verification chose the key by that kid).
     */
    private void requireRoutingService() {
        String kid = keyIdOf(jwt.getRawToken());
        if (!ROUTING_SERVICE.equals(jwt.getSubject()) || kid == null || !kid.startsWith(ROUTING_SERVICE + "-")) {
            throw ProblemException.forbidden("only routing-service reads webhook secrets");
        }
    }

    private String keyIdOf(String token) {
        if (token == null || token.indexOf('.') < 0) {
            return null;
        }
        try {
            JsonNode header = mapper.readTree(new String(Base64.getUrlDecoder().decode(
                    token.substring(0, token.indexOf('.'))), StandardCharsets.UTF_8));
            JsonNode kid = header.get("kid");
            return kid == null || !kid.isTextual() ? null : kid.asText();
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
    }

    private Duration overlap(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Duration.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw ProblemException.invalidParameter("overlap must be an ISO-8601 duration such as PT24H or PT0S");
        }
    }
}
