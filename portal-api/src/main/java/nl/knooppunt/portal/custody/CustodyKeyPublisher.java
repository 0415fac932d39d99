package nl.knooppunt.portal.custody;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;
import org.jose4j.json.JsonUtil;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.lang.JoseException;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.WebApplicationException;
import nl.knooppunt.portal.registry.RegistryClient;

/**
 * Publishes the public halves of the custody keys to registry-service at startup, so validation-service can
 * encrypt to portal participants. Ready once every key is published; retries while the registry is away.
 */
@Readiness
@ApplicationScoped
public class CustodyKeyPublisher implements HealthCheck {

    private static final Logger LOG = Logger.getLogger(CustodyKeyPublisher.class);

    private final CustodyKeys custody;
    private final RegistryClient registry;
    private final AtomicInteger pending = new AtomicInteger();

    public CustodyKeyPublisher(CustodyKeys custody, @RestClient RegistryClient registry) {
        this.custody = custody;
        this.registry = registry;
    }

    void onStart(@Observes StartupEvent event) {
        custody.all().forEach((participantId, keys) -> keys.forEach(key -> {
            pending.incrementAndGet();
            publish(participantId, key);
        }));
    }

    private void publish(String participantId, PublicJsonWebKey key) {
        Map<String, Object> publicJwk = publicJwk(key);
        registry.publishKey(participantId, key.getKeyId(), publicJwk)
                .onFailure(f -> !(f instanceof WebApplicationException w && w.getResponse().getStatus() < 500))
                .retry().withBackOff(Duration.ofMillis(500), Duration.ofSeconds(15)).indefinitely()
                .subscribe().with(
                        ok -> {
                            pending.decrementAndGet();
                            LOG.infof("published custody key %s of participant %s", key.getKeyId(), participantId);
                        },
                        failure -> {
                            pending.decrementAndGet();
                            LOG.errorf("registry refused custody key %s of participant %s: %s", key.getKeyId(),
                                    participantId, failure instanceof WebApplicationException w
                                            ? "HTTP " + w.getResponse().getStatus()
                                            : failure.getClass().getSimpleName());
                        });
    }

    private static Map<String, Object> publicJwk(PublicJsonWebKey key) {
        try {
            return JsonUtil.parseJson(key.toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY));
        } catch (JoseException e) {
            throw new IllegalStateException("custody key cannot be serialised", e);
        }
    }

    @Override
    public HealthCheckResponse call() {
        int waiting = pending.get();
        return HealthCheckResponse.named("custody-keys-published").status(waiting == 0)
                .withData("pending", waiting).build();
    }
}
