package nl.knooppunt.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import nl.knooppunt.standard.crypto.HubSecrets;

/**
 * Generates a fresh secrets directory (service signing keys, link key rings; the transit ratchet's state is created
 * by the first service) for one test run, and beside it the test participants' own keys
 * ({@link ParticipantTestKeys}, never read by a service). Init arg {@code participants}: comma-separated participant
 * ids that get a key.
 */
public class HubSecretsTestResource implements QuarkusTestResourceLifecycleManager {

    /** Participant ids with a key when no init arg is given: the demo participants. */
    public static final List<String> DEMO_PARTICIPANTS = List.of(
            "6a1f0c43-2d2b-4c55-9a0e-3f1f7a0d2a01", "b7e2d154-3e3c-4d66-8b1f-4a2a8b1e3b02");

    private List<String> participants = DEMO_PARTICIPANTS;
    private Path dir;

    @Override
    public void init(Map<String, String> initArgs) {
        String ids = initArgs.get("participants");
        if (ids != null) {
            participants = Arrays.stream(ids.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        }
    }

    @Override
    public Map<String, String> start() {
        try {
            dir = Files.createTempDirectory("knooppunt-secrets");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        HubSecrets.generateIfMissing(dir);
        ParticipantTestKeys.write(ParticipantTestKeys.fileBeside(dir), participants);
        return Map.of("knooppunt.secrets-dir", dir.toString());
    }

    @Override
    public void stop() {
        if (dir != null) {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // a temp directory left behind is harmless
            }
            ParticipantTestKeys.fileBeside(dir).toFile().delete();
        }
    }
}
