package nl.knooppunt.routing.push;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;

import org.eclipse.microprofile.rest.client.inject.RestClient;

import io.smallrye.mutiny.Uni;
import nl.knooppunt.routing.config.RoutingConfig;
import nl.knooppunt.kit.participant.ParticipantCache;
import nl.knooppunt.standard.envelope.ParticipantSnapshot;

/**
 * The Standard Webhooks secrets that sign a receiver's pushes (ADR 0037), read from registry-service and kept in memory
 * for {@code knooppunt.routing.push.secrets-cache-ttl} (60 s) for at most {@code secrets-cache-size} receivers, or until
 * the receiver's participant snapshot shows a newer version than when they were read (the registry bumps it with
 * every new secret, so a rotation reaches the pushes within about a second). A secret past its {@code notAfter}
 * never signs, cached or not; a receiver with no secret valid now is read again at most once a second. Concurrent
 * misses for one receiver share one call. The secrets live only in this memory: never in a log, an exception or the
 * database.
 */
@ApplicationScoped
public class SigningSecrets {

    private static final String PREFIX = "whsec_";
    private static final long REREAD_EMPTY_NANOS = Duration.ofSeconds(1).toNanos();

    private final RegistryClient registry;
    private final ParticipantCache participants;
    private final long ttlNanos;
    private final int maxEntries;
    private final Map<UUID, Entry> cache = new ConcurrentHashMap<>();
    private final Map<UUID, Uni<Entry>> loading = new ConcurrentHashMap<>();

    public SigningSecrets(@RestClient RegistryClient registry, ParticipantCache participants, RoutingConfig config) {
        this.registry = registry;
        this.participants = participants;
        this.ttlNanos = config.routing().push().secretsCacheTtl().toNanos();
        this.maxEntries = config.routing().push().secretsCacheSize();
    }

    /**
     * The keys (secret bytes) that sign a push to the receiver at {@code at}, newest first; empty when the registry
     * has none valid for it (or does not know it). Fails when the registry cannot be asked.
     */
    public Uni<List<byte[]>> at(UUID receiver, Instant at) {
        Entry cached = cache.get(receiver);
        long now = System.nanoTime();
        if (cached != null && now - cached.readAt() < ttlNanos && cached.version() >= version(receiver)) {
            List<byte[]> keys = cached.validAt(at);
            if (!keys.isEmpty() || now - cached.readAt() < REREAD_EMPTY_NANOS) {
                return Uni.createFrom().item(keys);
            }
        }
        return loading.computeIfAbsent(receiver, this::read).map(entry -> entry.validAt(at));
    }

    private Uni<Entry> read(UUID receiver) {
        long version = version(receiver);
        return registry.webhookSecrets(receiver.toString())
                .map(answer -> new Entry(keys(answer), System.nanoTime(), version))
                .onFailure(f -> f instanceof WebApplicationException w && w.getResponse().getStatus() == 404)
                .recoverWithItem(() -> new Entry(List.of(), System.nanoTime(), version))
                .invoke(entry -> remember(receiver, entry))
                .onTermination().invoke(() -> loading.remove(receiver))
                .memoize().indefinitely();
    }

    /** The version of the receiver's snapshot routing holds now; -1 when it holds none. */
    private long version(UUID receiver) {
        return participants.find(receiver.toString()).map(ParticipantSnapshot::version).orElse(-1L);
    }

    /** Keeps the entry; when full, first drops expired entries, then arbitrary ones (they are read again on use). */
    private void remember(UUID receiver, Entry entry) {
        if (cache.size() >= maxEntries && !cache.containsKey(receiver)) {
            long now = System.nanoTime();
            cache.values().removeIf(e -> now - e.readAt() >= ttlNanos);
            Iterator<UUID> any = cache.keySet().iterator();
            while (cache.size() >= maxEntries && any.hasNext()) {
                any.next();
                any.remove();
            }
        }
        cache.put(receiver, entry);
    }

    private static List<Key> keys(RegistryClient.ValidSecrets answer) {
        List<Key> keys = new ArrayList<>();
        if (answer == null || answer.secrets() == null) {
            return keys;
        }
        for (RegistryClient.ValidSecret secret : answer.secrets()) {
            if (secret.secret() == null || !secret.secret().startsWith(PREFIX)) {
                throw new IllegalStateException("registry-service answered a webhook secret without the whsec_ prefix");
            }
            keys.add(new Key(Base64.getDecoder().decode(secret.secret().substring(PREFIX.length())),
                    secret.notAfter() == null ? null : Instant.parse(secret.notAfter())));
        }
        return keys;
    }

    /** A secret's bytes and the end of its validity (null: open-ended). */
    private record Key(byte[] bytes, Instant notAfter) {

        @Override
        public String toString() {
            return "Key[<redacted>, notAfter=" + notAfter + "]";
        }
    }

    /** What the registry answered for one receiver, when (monotonic nanos), and its snapshot version before. */
    private record Entry(List<Key> keys, long readAt, long version) {

        List<byte[]> validAt(Instant at) {
            return keys.stream().filter(k -> k.notAfter() == null || k.notAfter().isAfter(at)).map(Key::bytes)
                    .toList();
        }
    }
}
