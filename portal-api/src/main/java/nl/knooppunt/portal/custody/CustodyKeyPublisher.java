package nl.knooppunt.portal.custody;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.jboss.logging.Logger;
import org.jose4j.json.JsonUtil;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.lang.JoseException;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.WebApplicationException;
import nl.knooppunt.portal.downstream.registry.Registry;

/**
 * Publishes the public halves of the custody keys to registry-service at startup, so validation-service can
 * encrypt to portal participants. Ready once every key is published; retries while the registry is away.
 */
@Readiness
@ApplicationScoped
public class CustodyKeyPublisher implements HealthCheck {

    private static final Logger LOG = Logger.getLogger(CustodyKeyPublisher.class);

    private final CustodyKeys custody;
    private final Registry registry;
    private final AtomicInteger pending = new AtomicInteger();

    public CustodyKeyPublisher(CustodyKeys custody, Registry registry) {
        this.custody = custody;
        this.registry = registry;
    }

    /**
     * Publishes each participant's keys one after another, oldest first: the registry orders keys by publication,
     * so the first key of the secret (the newest, after a rotation) becomes the one validation-service encrypts to.
     */
    void onStart(@Observes StartupEvent event) {
        custody.all().forEach((participantId, keys) -> {
            pending.addAndGet(keys.size());
            List<PublicJsonWebKey> oldestFirst = new ArrayList<>(keys);
            Collections.reverse(oldestFirst);
            Multi.createFrom().iterable(oldestFirst)
                    .onItem().transformToUniAndConcatenate(key -> publish(participantId, key))
                    .subscribe().with(ignored -> {
                    });
        });
    }

    private Uni<Void> publish(String participantId, PublicJsonWebKey key) {
        Map<String, Object> publicJwk = publicJwk(key);
        return registry.publishKey(participantId, key.getKeyId(), publicJwk)
                .onFailure(f -> !(f instanceof WebApplicationException w && w.getResponse().getStatus() < 500))
                .retry().withBackOff(Duration.ofMillis(500), Duration.ofSeconds(15)).indefinitely()
                .onItemOrFailure().transform((ok, failure) -> {
                    pending.decrementAndGet();
                    if (failure == null) {
                        LOG.infof("published custody key %s of participant %s", key.getKeyId(), participantId);
                    } else {
                        LOG.errorf("registry refused custody key %s of participant %s: %s", key.getKeyId(),
                                participantId, failure instanceof WebApplicationException w
                                        ? "HTTP " + w.getResponse().getStatus()
                                        : failure.getClass().getSimpleName());
                    }
                    return null;
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
