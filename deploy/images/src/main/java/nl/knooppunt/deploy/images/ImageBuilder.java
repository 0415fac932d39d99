package nl.knooppunt.deploy.images;

import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.JibContainer;
import com.google.cloud.tools.jib.api.JibContainerBuilder;
import com.google.cloud.tools.jib.api.RegistryImage;
import com.google.cloud.tools.jib.api.TarImage;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.FilePermissions;
import com.google.cloud.tools.jib.api.buildplan.ImageFormat;
import com.google.cloud.tools.jib.api.buildplan.Platform;
import com.google.cloud.tools.jib.api.buildplan.Port;
import com.google.cloud.tools.jib.frontend.CredentialRetrieverFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Builds each service's container image to {@code <output>/<service>.tar} (docker-save format) with jib-core, from
 * scratch and without Docker or a registry, and pushes the same image to {@code image.registry} when
 * {@code images.push} is set; run by the {@code deploy/images} module in the package phase.
 */
public final class ImageBuilder {

    /** Where the Quarkus fast-jar lands in the image (the entrypoint runs {@code quarkus-run.jar} from here). */
    static final String APP_DIR = "/deployments";

    /** JVM flags of the entrypoint: heap from the container's memory limit, fail fast on OOM, JBoss logging. */
    static final List<String> JVM_FLAGS = List.of("-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError",
            "-Djava.io.tmpdir=/tmp", "-Djava.util.logging.manager=org.jboss.logmanager.LogManager");

    /** Fixed file time of every layer entry, so equal inputs give byte-equal layers. */
    private static final Instant FILE_TIME = Instant.ofEpochSecond(1);

    private ImageBuilder() {
    }

    /** Entry point; configured with the system properties the module's pom sets. */
    public static void main(String[] args) throws Exception {
        Path projectRoot = Path.of(System.getProperty("images.project-root")).toAbsolutePath().normalize();
        Path output = Path.of(System.getProperty("images.output"));
        Path work = Path.of(System.getProperty("images.work"));
        String group = System.getProperty("image.group");
        String tag = System.getProperty("image.tag");
        boolean push = Boolean.getBoolean("images.push");
        String registry = System.getProperty("image.registry", "").trim();
        if (push && registry.isEmpty()) {
            throw new IllegalArgumentException("-Pimages pushes the images: name the registry with "
                    + "-Dimage.registry=<host>[/<path>], e.g. -Dimage.registry=ghcr.io/knooppunt");
        }
        if (tag == null || tag.isBlank() || tag.equals("latest")) {
            throw new IllegalArgumentException("image.tag must be a version, not '" + tag + "'");
        }
        Files.createDirectories(output);
        Files.createDirectories(work);

        long start = System.nanoTime();
        RuntimeFileSystem runtime = RuntimeFileSystem.prepare(work);
        log("runtime file system ready in %d ms (%s)", (System.nanoTime() - start) / 1_000_000, runtime.root());
        List<FileEntriesLayer> shared = List.of(
                layer("debian", runtime.root(), path -> !path.startsWith("opt/java"), "/"),
                layer("java-runtime", runtime.root().resolve("opt/java"), path -> true, RuntimeFileSystem.JAVA_HOME));

        for (Map.Entry<String, Integer> service : services(System.getProperty("images.services")).entrySet()) {
            long begin = System.nanoTime();
            Path app = projectRoot.resolve(service.getKey()).resolve("target/quarkus-app");
            if (!Files.isRegularFile(app.resolve("quarkus-run.jar"))) {
                throw new IllegalStateException(app + " has no quarkus-run.jar: package " + service.getKey()
                        + " first (or skip the images with -Dimages.skip)");
            }
            build(service.getKey(), service.getValue(), appendServiceLayers(shared, app), entrypoint(), output, work,
                    group, tag, push, registry, begin);
        }
        String apps = System.getProperty("images.apps", "").trim();
        for (String app : apps.isEmpty() ? new String[0] : apps.split(",")) {
            long begin = System.nanoTime();
            String[] parts = app.trim().split(":");
            Path lib = projectRoot.resolve(parts[0]).resolve("target/app/lib");
            if (!Files.isDirectory(lib)) {
                throw new IllegalStateException(lib + " is missing: package " + parts[0] + " first");
            }
            List<FileEntriesLayer> layers = new java.util.ArrayList<>(shared);
            layers.add(layer("libraries", lib.getParent(), path -> path.startsWith("lib")
                    && !path.getFileName().toString().startsWith(parts[0] + "-"), APP_DIR));
            layers.add(layer("application", lib.getParent(), path -> path.startsWith("lib")
                    && path.getFileName().toString().startsWith(parts[0] + "-"), APP_DIR));
            build(parts[0], Integer.parseInt(parts[2]), layers, appEntrypoint(parts[1]), output, work, group, tag,
                    push, registry, begin);
        }
    }

    /** Builds one image to {@code <output>/<name>.tar} (and pushes it when asked). */
    private static void build(String name, int port, List<FileEntriesLayer> layers, List<String> entrypoint,
            Path output, Path work, String group, String tag, boolean push, String registry, long begin)
            throws Exception {
        String reference = group + "/" + name + ":" + tag;
        Path tarball = output.resolve(name + ".tar");
        JibContainerBuilder image = Jib.fromScratch()
                .setFileEntriesLayers(layers)
                .setEntrypoint(entrypoint)
                .setUser(RuntimeFileSystem.USER_ID + ":" + RuntimeFileSystem.USER_ID)
                .setWorkingDirectory(AbsoluteUnixPath.get(APP_DIR))
                .setExposedPorts(Set.of(Port.tcp(port)))
                .setEnvironment(Map.of("JAVA_HOME", RuntimeFileSystem.JAVA_HOME,
                        "PATH", RuntimeFileSystem.JAVA_HOME + "/bin:/usr/bin:/bin", "LANG", "C.UTF-8"))
                .setLabels(Map.of("org.opencontainers.image.title", name,
                        "org.opencontainers.image.version", tag,
                        "org.opencontainers.image.vendor", "Knooppunt"))
                .setCreationTime(Instant.EPOCH)
                .setFormat(ImageFormat.Docker)
                .setPlatforms(Set.of(new Platform(architecture(), "linux")));
        JibContainer container = image.containerize(
                cached(Containerizer.to(TarImage.at(tarball).named(ImageReference.parse(reference))), work)
                        .setOfflineMode(true));
        log("%s -> %s (%s, %d MB) in %d ms", reference, tarball, container.getDigest(),
                Files.size(tarball) >> 20, (System.nanoTime() - begin) / 1_000_000);
        if (push) {
            ImageReference target = ImageReference.parse(registry + "/" + name + ":" + tag);
            JibContainer pushed = image.containerize(cached(Containerizer.to(credentials(target)), work)
                    .setAllowInsecureRegistries(Boolean.getBoolean("image.registry-insecure")));
            log("pushed %s (%s)", target, pushed.getDigest());
        }
    }

    private static Containerizer cached(Containerizer containerizer, Path work) {
        return containerizer.setApplicationLayersCache(work.resolve("jib-cache"))
                .setBaseImageLayersCache(work.resolve("jib-base-cache"))
                .setToolName("knooppunt-images");
    }

    /**
     * The registry image with its credentials: {@code KNOOPPUNT_REGISTRY_USERNAME}/{@code _PASSWORD} when set, else
     * the Docker config ({@code ~/.docker/config.json}, as written by {@code docker login} or {@code crane auth
     * login}) and the well-known credential helpers.
     */
    private static RegistryImage credentials(ImageReference target) {
        RegistryImage image = RegistryImage.named(target);
        String user = System.getenv("KNOOPPUNT_REGISTRY_USERNAME");
        String password = System.getenv("KNOOPPUNT_REGISTRY_PASSWORD");
        if (user != null && password != null) {
            return image.addCredential(user, password);
        }
        CredentialRetrieverFactory factory = CredentialRetrieverFactory.forImage(target,
                event -> log("%s", event.getMessage()));
        return image.addCredentialRetriever(factory.dockerConfig())
                .addCredentialRetriever(factory.wellKnownCredentialHelpers());
    }

    /** A plain Java program's entrypoint: the runtime's java on every jar of {@code /deployments/lib}. */
    static List<String> appEntrypoint(String mainClass) {
        return List.of(RuntimeFileSystem.JAVA_HOME + "/bin/java", "-XX:MaxRAMPercentage=75",
                "-XX:+ExitOnOutOfMemoryError", "-Djava.io.tmpdir=/tmp", "-cp", APP_DIR + "/lib/*", mainClass);
    }

    /** The image's entrypoint: the runtime's java with {@link #JVM_FLAGS} on the fast-jar's launcher. */
    static List<String> entrypoint() {
        List<String> command = new java.util.ArrayList<>();
        command.add(RuntimeFileSystem.JAVA_HOME + "/bin/java");
        command.addAll(JVM_FLAGS);
        command.add("-jar");
        command.add(APP_DIR + "/quarkus-run.jar");
        return command;
    }

    /**
     * The shared layers plus the service's, ordered from least to most often changed: Quarkus boot libraries,
     * third-party libraries, the project's own libraries (nl.knooppunt.*), then the launcher, Quarkus' generated
     * classes and the application.
     */
    private static List<FileEntriesLayer> appendServiceLayers(List<FileEntriesLayer> shared, Path app)
            throws IOException {
        List<FileEntriesLayer> layers = new java.util.ArrayList<>(shared);
        layers.add(layer("boot-libraries", app, path -> path.startsWith("lib/boot"), APP_DIR));
        layers.add(layer("libraries", app,
                path -> path.startsWith("lib/main") && !isProjectLibrary(path), APP_DIR));
        layers.add(layer("project-libraries", app, ImageBuilder::isProjectLibrary, APP_DIR));
        layers.add(layer("application", app, path -> !path.startsWith("lib"), APP_DIR));
        return layers;
    }

    private static boolean isProjectLibrary(Path relative) {
        return relative.startsWith("lib/main") && relative.getFileName().toString().startsWith("nl.knooppunt.");
    }

    /**
     * A layer of the files under {@code source} whose relative path matches, placed under {@code target}, in sorted
     * order with fixed times, owned by root with their own permission bits. Symbolic links are stored as the file
     * they point to, resolved inside {@code source} (never on the build machine); empty directories are kept.
     */
    static FileEntriesLayer layer(String name, Path source, Predicate<Path> include, String target)
            throws IOException {
        FileEntriesLayer.Builder layer = FileEntriesLayer.builder().setName(name);
        List<Path> files;
        try (Stream<Path> walk = Files.walk(source)) {
            files = walk.filter(path -> !path.equals(source)).sorted().toList();
        }
        for (Path file : files) {
            Path relative = source.relativize(file);
            if (!include.test(relative)) {
                continue;
            }
            AbsoluteUnixPath inImage = AbsoluteUnixPath.get(target).resolve(relative.toString());
            String owner = inImage.toString().equals("/home/knooppunt") ? RuntimeFileSystem.USER_ID + ":"
                    + RuntimeFileSystem.USER_ID : "0:0";
            if (Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS)) {
                try (Stream<Path> children = Files.list(file)) {
                    if (children.findAny().isPresent() && owner.equals("0:0")) {
                        continue; // created with the default 755 for its files
                    }
                }
                layer.addEntry(file, inImage, permissions(file), FILE_TIME, owner);
                continue;
            }
            Path content = Files.isSymbolicLink(file) ? resolveInside(source, file) : file;
            if (content == null) {
                continue;
            }
            layer.addEntry(content, inImage, permissions(content), FILE_TIME, owner);
        }
        return layer.build();
    }

    /** Follows a symbolic link inside {@code root}; null when it dangles or leaves it. */
    private static Path resolveInside(Path root, Path link) throws IOException {
        Path current = link;
        for (int hops = 0; hops < 16 && Files.isSymbolicLink(current); hops++) {
            Path target = Files.readSymbolicLink(current);
            current = target.isAbsolute()
                    ? root.resolve(target.toString().substring(1)).normalize()
                    : current.getParent().resolve(target).normalize();
            if (!current.startsWith(root)) {
                return null;
            }
        }
        return Files.isRegularFile(current, LinkOption.NOFOLLOW_LINKS) ? current : null;
    }

    private static FilePermissions permissions(Path file) throws IOException {
        return FilePermissions.fromPosixFilePermissions(Files.getPosixFilePermissions(file));
    }

    private static Map<String, Integer> services(String spec) {
        Map<String, Integer> services = new LinkedHashMap<>();
        for (String entry : spec.split(",")) {
            String[] parts = entry.trim().split(":");
            services.put(parts[0], Integer.parseInt(parts[1]));
        }
        return services;
    }

    private static String architecture() {
        String arch = System.getProperty("os.arch");
        return switch (arch) {
            case "amd64", "x86_64" -> "amd64";
            case "aarch64" -> "arm64";
            default -> arch;
        };
    }

    private static void log(String format, Object... args) {
        System.out.println("[images] " + String.format(format, args));
    }
}
