package nl.knooppunt.standard.crypto;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.jose4j.jwe.ContentEncryptionAlgorithmIdentifiers;
import org.jose4j.jwe.JsonWebEncryption;
import org.jose4j.jwe.KeyManagementAlgorithmIdentifiers;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.lang.JoseException;

/**
 * Transit encryption between portal-api and validation-service with keys that destroy themselves (crypto-shredding,
 * ADR 0034). Time is cut into epochs; epoch {@code n} has its own 256-bit key, kid {@code transit-<n>}, used for JWE
 * {@code dir} + {@code A256GCM}. The keys form a one-way chain: the chain key of epoch {@code n+1} is an HMAC of the
 * chain key of epoch {@code n}, so whoever holds the chain key of an epoch can compute every later key but no earlier
 * one. The state file holds only the chain key of the oldest epoch still inside the window; every holder moves it
 * forward (overwriting the file) as time passes and forgets older keys in memory, so a record encrypted in an epoch
 * that left the window can no longer be opened with anything the hub holds, on disk or in memory.
 *
 * <p>Every process that holds the state (every portal-api and validation-service instance) computes the same keys
 * from the same file and the clock; no coordination beyond a shared file and roughly synchronised clocks (within one
 * epoch) is needed. A missing state file is created with a fresh random key; two processes racing to create it agree
 * on whichever file was linked first.
 */
public final class TransitRatchet implements AutoCloseable {

    /** Key id prefix of transit keys: {@code transit-<epoch number>}. */
    public static final String KID_PREFIX = "transit-";
    /** Default file name of the state file in the secrets directory (local stack; Kubernetes mounts a volume). */
    public static final String STATE_FILE = "transit-ratchet.json";

    private static final System.Logger LOG = System.getLogger(TransitRatchet.class.getName());
    private static final byte[] NEXT = "knooppunt transit chain v1".getBytes(StandardCharsets.UTF_8);
    private static final byte[] CONTENT_KEY = "knooppunt transit key v1".getBytes(StandardCharsets.UTF_8);
    private static final String HMAC = "HmacSHA256";
    private static final Pattern STATE = Pattern.compile(
            "\\{\"epochSeconds\":(\\d+),\"windowEpochs\":(\\d+),\"epoch\":(\\d+),\"chainKey\":\"([A-Za-z0-9_-]{43})\"}\\s*");
    private static final AlgorithmConstraints KEY_ALGS = new AlgorithmConstraints(
            AlgorithmConstraints.ConstraintType.PERMIT, KeyManagementAlgorithmIdentifiers.DIRECT);
    private static final AlgorithmConstraints CONTENT_ALGS = new AlgorithmConstraints(
            AlgorithmConstraints.ConstraintType.PERMIT, ContentEncryptionAlgorithmIdentifiers.AES_256_GCM);

    /** Why a transit payload could not be opened. */
    public enum Failure {
        /** The payload's epoch left the window: its key is destroyed. */
        KEY_DESTROYED,
        /** The payload names an epoch beyond the next one, or no transit key at all. */
        KEY_UNKNOWN,
        /** Not a transit JWE, or it does not decrypt under the key its kid names. */
        UNDECRYPTABLE
    }

    /** A transit payload that could not be opened, with the reason. */
    public static final class OpenFailedException extends CryptoException {

        private static final long serialVersionUID = 1L;
        private final Failure failure;

        OpenFailedException(Failure failure, Throwable cause) {
            super("transit payload not opened: " + failure, cause);
            this.failure = failure;
        }

        /** Why it failed. */
        public Failure failure() {
            return failure;
        }
    }

    /**
     * The settings a state file is created with; a state file that exists keeps its own (every holder must agree).
     *
     * @param epoch  how long one key encrypts (kid changes every epoch)
     * @param window how long after its epoch a key still opens payloads; then it is destroyed
     */
    public record Settings(Duration epoch, Duration window) {

        /** Validates the settings. */
        public Settings {
            if (epoch.toSeconds() < 1 || window.compareTo(epoch) < 0) {
                throw new IllegalArgumentException("the transit epoch must be at least 1 s and the window at least "
                        + "one epoch: " + epoch + ", " + window);
            }
        }

        int windowEpochs() {
            return (int) Math.max(1, (window.toSeconds() + epoch.toSeconds() - 1) / epoch.toSeconds());
        }
    }

    private final Path stateFile;
    private final Clock clock;
    private final long epochSeconds;
    private final int windowEpochs;
    private final ScheduledExecutorService ticker;
    /** Content keys by epoch, from the oldest epoch inside the window to the newest computed. */
    private final TreeMap<Long, byte[]> contentKeys = new TreeMap<>();
    private long chainEpoch;
    private byte[] chainKey;

    private TransitRatchet(Path stateFile, Clock clock, long epochSeconds, int windowEpochs, long epoch,
            byte[] chainKey, boolean tick) {
        this.stateFile = stateFile;
        this.clock = clock;
        this.epochSeconds = epochSeconds;
        this.windowEpochs = windowEpochs;
        this.chainEpoch = epoch;
        this.chainKey = chainKey;
        advance();
        if (tick) {
            this.ticker = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "transit-ratchet");
                thread.setDaemon(true);
                return thread;
            });
            long period = Math.max(1, Math.min(epochSeconds, 60)) * 1000;
            ticker.scheduleAtFixedRate(this::tick, period, period, TimeUnit.MILLISECONDS);
        } else {
            this.ticker = null;
        }
    }

    /**
     * Opens (or creates) the state file and starts a background tick that moves it forward and forgets old keys,
     * also while no message flows.
     */
    public static TransitRatchet open(Path stateFile, Settings settings) {
        return open(stateFile, settings, Clock.systemUTC(), true);
    }

    /** As {@link #open(Path, Settings)} with a given clock; {@code tick} false: keys move on only when used. */
    public static TransitRatchet open(Path stateFile, Settings settings, Clock clock, boolean tick) {
        State state = readOrCreate(stateFile, settings, clock);
        if (state.epochSeconds() != settings.epoch().toSeconds() || state.windowEpochs() != settings.windowEpochs()) {
            LOG.log(System.Logger.Level.WARNING, String.format("transit state %s has epoch %d s and window %d epochs;"
                    + " its settings apply, not the configured %s and %s (they apply only to a new state file)",
                    stateFile, state.epochSeconds(), state.windowEpochs(), settings.epoch(), settings.window()));
        }
        return new TransitRatchet(stateFile, clock, state.epochSeconds(), state.windowEpochs(), state.epoch(),
                state.chainKey(), tick);
    }

    /** Encrypts with the current epoch's key; returns a compact JWE whose kid names the epoch. */
    public String encrypt(String plaintext) {
        long epoch;
        SecretKeySpec key;
        synchronized (this) {
            advance();
            epoch = currentEpoch();
            key = new SecretKeySpec(contentKey(epoch), "AES");
        }
        try {
            JsonWebEncryption jwe = new JsonWebEncryption();
            jwe.setAlgorithmHeaderValue(KeyManagementAlgorithmIdentifiers.DIRECT);
            jwe.setEncryptionMethodHeaderParameter(ContentEncryptionAlgorithmIdentifiers.AES_256_GCM);
            jwe.setKeyIdHeaderValue(KID_PREFIX + epoch);
            jwe.setKey(key);
            jwe.setPlaintext(plaintext);
            return jwe.getCompactSerialization();
        } catch (JoseException e) {
            throw new CryptoException("transit encryption failed", e);
        }
    }

    /**
     * Decrypts a compact JWE made by this ratchet in an epoch that is still inside the window.
     *
     * @throws OpenFailedException with {@link Failure#KEY_DESTROYED} when its epoch left the window
     */
    public String decrypt(String compactJwe) {
        JsonWebEncryption jwe = new JsonWebEncryption();
        jwe.setAlgorithmConstraints(KEY_ALGS);
        jwe.setContentEncryptionAlgorithmConstraints(CONTENT_ALGS);
        String kid;
        try {
            jwe.setCompactSerialization(compactJwe);
            kid = jwe.getKeyIdHeaderValue();
        } catch (JoseException e) {
            throw new OpenFailedException(Failure.UNDECRYPTABLE, e);
        }
        long epoch = epochOf(kid);
        SecretKeySpec key;
        synchronized (this) {
            advance();
            long current = currentEpoch();
            if (epoch < 0 || epoch > current + 1) {
                throw new OpenFailedException(Failure.KEY_UNKNOWN, null);
            }
            if (epoch < oldestEpoch(current) || epoch < chainEpoch) {
                throw new OpenFailedException(Failure.KEY_DESTROYED, null);
            }
            key = new SecretKeySpec(contentKey(epoch), "AES");
        }
        try {
            jwe.setKey(key);
            return jwe.getPlaintextString();
        } catch (JoseException e) {
            throw new OpenFailedException(Failure.UNDECRYPTABLE, e);
        }
    }

    /** The epoch a kid names, or -1 when it is not a transit kid. */
    public static long epochOf(String kid) {
        if (kid == null || !kid.startsWith(KID_PREFIX)) {
            return -1;
        }
        try {
            return Long.parseLong(kid.substring(KID_PREFIX.length()));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The current epoch number. */
    public long currentEpoch() {
        return Math.floorDiv(clock.millis() / 1000, epochSeconds);
    }

    /** The oldest epoch whose key still exists. */
    public synchronized long oldestEpoch() {
        advance();
        return chainEpoch;
    }

    /** How long one epoch lasts. */
    public Duration epoch() {
        return Duration.ofSeconds(epochSeconds);
    }

    /** How long after its epoch a key is destroyed at the latest: window plus one epoch. */
    public Duration destroyedAfter() {
        return Duration.ofSeconds(epochSeconds * (windowEpochs + 1L));
    }

    /**
     * The content keys of every epoch derivable from a state file, from its epoch to {@code untilEpoch}, by epoch:
     * what someone holding the file could open. For tests that try the hub's own key files on what it stores.
     */
    public static Map<Long, byte[]> keysDerivableFrom(Path stateFile, long untilEpoch) {
        State state = read(stateFile);
        Map<Long, byte[]> keys = new TreeMap<>();
        byte[] chain = state.chainKey().clone();
        for (long epoch = state.epoch(); epoch <= untilEpoch; epoch++) {
            keys.put(epoch, hmac(chain, CONTENT_KEY));
            chain = hmac(chain, NEXT);
        }
        return keys;
    }

    @Override
    public void close() {
        if (ticker != null) {
            ticker.shutdownNow();
        }
    }

    private void tick() {
        try {
            synchronized (this) {
                advance();
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "transit ratchet tick failed: " + e);
        }
    }

    private long oldestEpoch(long current) {
        return current - windowEpochs;
    }

    /** Moves the chain to the oldest epoch inside the window, forgets older keys and rewrites the state file. */
    private void advance() {
        long oldest = oldestEpoch(currentEpoch());
        if (chainEpoch >= oldest) {
            return;
        }
        while (chainEpoch < oldest) {
            byte[] next = hmac(chainKey, NEXT);
            Arrays.fill(chainKey, (byte) 0);
            chainKey = next;
            chainEpoch++;
        }
        while (!contentKeys.isEmpty() && contentKeys.firstKey() < chainEpoch) {
            Arrays.fill(contentKeys.pollFirstEntry().getValue(), (byte) 0);
        }
        moveStateForward();
    }

    private byte[] contentKey(long epoch) {
        byte[] known = contentKeys.get(epoch);
        if (known != null) {
            return known;
        }
        byte[] chain = chainKey.clone();
        for (long e = chainEpoch; e < epoch; e++) {
            byte[] next = hmac(chain, NEXT);
            Arrays.fill(chain, (byte) 0);
            chain = next;
        }
        byte[] key = hmac(chain, CONTENT_KEY);
        Arrays.fill(chain, (byte) 0);
        contentKeys.put(epoch, key);
        return key;
    }

    /** Overwrites the state file with the current chain key, unless another holder already moved it further. */
    private void moveStateForward() {
        try {
            State onDisk = read(stateFile);
            if (onDisk.epoch() >= chainEpoch) {
                return;
            }
        } catch (RuntimeException unreadable) {
            LOG.log(System.Logger.Level.WARNING, "transit state " + stateFile + " unreadable, rewriting it: "
                    + unreadable.getMessage());
        }
        try {
            Path temp = tempFile(stateFile);
            write(temp, new State(epochSeconds, windowEpochs, chainEpoch, chainKey));
            Files.move(temp, stateFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.ERROR, "transit state " + stateFile + " not moved forward: " + e);
        }
    }

    private record State(long epochSeconds, int windowEpochs, long epoch, byte[] chainKey) {

        String json() {
            return "{\"epochSeconds\":" + epochSeconds + ",\"windowEpochs\":" + windowEpochs + ",\"epoch\":" + epoch
                    + ",\"chainKey\":\"" + Base64.getUrlEncoder().withoutPadding().encodeToString(chainKey) + "\"}\n";
        }
    }

    private static State readOrCreate(Path stateFile, Settings settings, Clock clock) {
        if (Files.exists(stateFile)) {
            return read(stateFile);
        }
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        long epochSeconds = settings.epoch().toSeconds();
        long epoch = Math.floorDiv(clock.millis() / 1000, epochSeconds);
        State fresh = new State(epochSeconds, settings.windowEpochs(), epoch, key);
        try {
            Files.createDirectories(stateFile.toAbsolutePath().getParent());
            Path temp = tempFile(stateFile);
            write(temp, fresh);
            try {
                Files.createLink(stateFile, temp);
                LOG.log(System.Logger.Level.INFO, "transit state " + stateFile + " created (epoch " + epochSeconds
                        + " s, window " + settings.windowEpochs() + " epochs)");
            } catch (FileAlreadyExistsException raced) {
                LOG.log(System.Logger.Level.DEBUG, "transit state " + stateFile + " created by another holder first");
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create transit state " + stateFile + " (" + e.getMessage() + "): "
                    + "set knooppunt.transit.state-file to a file on a writable volume shared by portal-api and "
                    + "validation-service (ADR 0034)", e);
        }
        return read(stateFile);
    }

    private static State read(Path stateFile) {
        String content;
        try {
            content = Files.readString(stateFile);
        } catch (NoSuchFileException e) {
            throw new KeyMaterialException("transit state file missing: " + stateFile, e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read transit state " + stateFile, e);
        }
        Matcher m = STATE.matcher(content);
        if (!m.matches()) {
            throw new KeyMaterialException("transit state file is not valid: " + stateFile, null);
        }
        return new State(Long.parseLong(m.group(1)), Integer.parseInt(m.group(2)), Long.parseLong(m.group(3)),
                Base64.getUrlDecoder().decode(m.group(4)));
    }

    private static Path tempFile(Path stateFile) {
        return stateFile.resolveSibling(stateFile.getFileName() + ".tmp-" + ProcessHandle.current().pid() + "-"
                + Thread.currentThread().getId() + "-" + System.nanoTime());
    }

    private static void write(Path file, State state) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // non-POSIX file systems keep their default permissions
            }
            channel.write(java.nio.ByteBuffer.wrap(state.json().getBytes(StandardCharsets.UTF_8)));
            channel.force(true);
        }
    }

    private static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(new SecretKeySpec(key, HMAC));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new CryptoException("HMAC-SHA256 unavailable", e);
        }
    }
}
