package nl.knooppunt.routing.push;

import java.util.List;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import io.smallrye.mutiny.Uni;

/** registry-service's webhook secrets endpoint (docs/internal-apis.md), called with a service JWT (webhook.secrets). */
@RegisterRestClient(configKey = "registry")
@RegisterClientHeaders(RegistryTokenHeaders.class)
@Path("/internal/v1")
@Produces(MediaType.APPLICATION_JSON)
public interface RegistryClient {

    /** The secrets that sign the participant's pushes now, newest first; fails with a 404 for an unknown participant. */
    @GET
    @Path("/participants/{id}/webhook-secrets")
    Uni<ValidSecrets> webhookSecrets(@PathParam("id") String participantId);

    /**
     * The registry's answer.
     *
     * @param secrets every valid secret, newest first
     */
    record ValidSecrets(List<ValidSecret> secrets) {
    }

    /**
     * One valid secret.
     *
     * @param secret   {@code whsec_} + base64 of its bytes
     * @param notAfter when it stops signing (ISO-8601), or null
     */
    record ValidSecret(String secret, String notAfter) {

        @Override
        public String toString() {
            return "ValidSecret[secret=<redacted>, notAfter=" + notAfter + "]";
        }
    }
}
