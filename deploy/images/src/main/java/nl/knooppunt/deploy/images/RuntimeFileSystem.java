package nl.knooppunt.deploy.images;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The file system every image shares, prepared once per build in the work directory: a minimal Debian userland
 * extracted from Debian packages (apt-get download, dpkg-deb -x, no root needed) and a Java runtime linked with
 * jlink from the build JDK at /opt/java.
 */
final class RuntimeFileSystem {

    /** The Debian packages the jlink runtime needs (libjvm: libstdc++, libgcc_s, libc; libzip: zlib). */
    static final List<String> DEBIAN_PACKAGES = List.of("libc6", "libgcc-s1", "libstdc++6", "zlib1g");

    /** The modules of the runtime: Java SE plus what Quarkus, Netty, Kafka and jose4j use from jdk.*. */
    static final List<String> JAVA_MODULES = List.of("java.se", "jdk.unsupported", "jdk.crypto.ec",
            "jdk.crypto.cryptoki", "jdk.naming.dns", "jdk.zipfs", "jdk.management", "jdk.jfr",
            "jdk.security.auth", "jdk.security.jgss", "jdk.charsets", "jdk.localedata");

    /** The non-root user the images run as. */
    static final int USER_ID = 1001;

    static final String JAVA_HOME = "/opt/java";

    private static final String SKIP_HINT = "skip the images with -Dimages.skip";

    private final Path root;

    private RuntimeFileSystem(Path root) {
        this.root = root;
    }

    /** The extracted root directory (Debian userland and /opt/java). */
    Path root() {
        return root;
    }

    /**
     * Returns the shared file system under {@code work/rootfs}, reusing it when it was made by the same JDK with the
     * same packages and modules (so a rebuild only repeats the service layers).
     */
    static RuntimeFileSystem prepare(Path work) throws IOException, InterruptedException {
        Path root = work.resolve("rootfs");
        Path stamp = work.resolve("rootfs.fingerprint");
        String fingerprint = String.join("\n", "v2", System.getProperty("java.home"),
                System.getProperty("java.vm.version"), String.join(",", DEBIAN_PACKAGES),
                String.join(",", JAVA_MODULES));
        if (Files.isRegularFile(stamp) && Files.readString(stamp).equals(fingerprint)
                && Files.isRegularFile(root.resolve("opt/java/bin/java"))) {
            return new RuntimeFileSystem(root);
        }
        Files.deleteIfExists(stamp);
        deleteRecursively(root);
        Path debs = work.resolve("debs");
        deleteRecursively(debs);
        Files.createDirectories(debs);
        Files.createDirectories(root);

        requireTool("apt-get");
        requireTool("dpkg-deb");
        // private package lists in the work directory: current versions, no root, the machine's apt state untouched
        Path apt = work.resolve("apt");
        Files.createDirectories(apt.resolve("lists/partial"));
        Files.createDirectories(apt.resolve("cache/archives/partial"));
        List<String> aptGet = new ArrayList<>(List.of("apt-get", "-q", "-o", "Dir::State::Lists=" + apt.resolve("lists"),
                "-o", "Dir::Cache=" + apt.resolve("cache")));
        if ("root".equals(System.getProperty("user.name"))) {
            aptGet.addAll(List.of("-o", "APT::Sandbox::User=root"));
        }
        List<String> update = new ArrayList<>(aptGet);
        update.add("update");
        run(work, update, "apt-get update failed (Debian's package archive unreachable?); " + SKIP_HINT);
        List<String> download = new ArrayList<>(aptGet);
        download.add("download");
        download.addAll(DEBIAN_PACKAGES);
        run(debs, download, "apt-get download failed; " + SKIP_HINT);
        List<Path> packages;
        try (Stream<Path> files = Files.list(debs)) {
            packages = files.filter(p -> p.toString().endsWith(".deb")).sorted().toList();
        }
        if (packages.size() != DEBIAN_PACKAGES.size()) {
            throw new IllegalStateException("apt-get download fetched " + packages + ", expected one .deb for each of "
                    + DEBIAN_PACKAGES + "; " + SKIP_HINT);
        }
        for (Path deb : packages) {
            run(work, List.of("dpkg-deb", "-x", deb.toString(), root.toString()), "dpkg-deb -x " + deb + " failed");
        }
        trimUserland(root);
        writeAccounts(root);

        Path jlink = Path.of(System.getProperty("java.home"), "bin", "jlink");
        if (!Files.isExecutable(jlink) || !Files.isDirectory(Path.of(System.getProperty("java.home"), "jmods"))) {
            throw new IllegalStateException("Building the images needs a JDK with jlink and jmods as the build JDK ("
                    + System.getProperty("java.home") + " has none); " + SKIP_HINT);
        }
        run(work, List.of(jlink.toString(), "--add-modules", String.join(",", JAVA_MODULES),
                "--include-locales=en,nl", "--strip-debug", "--no-header-files", "--no-man-pages",
                "--compress=2", "--output", root.resolve("opt/java").toString()), "jlink failed");
        realCacerts(root.resolve("opt/java/lib/security/cacerts"));

        Files.writeString(stamp, fingerprint);
        return new RuntimeFileSystem(root);
    }

    /** Keeps the copyright files of the packages, drops documentation and iconv modules the JVM never loads. */
    private static void trimUserland(Path root) throws IOException {
        Path doc = root.resolve("usr/share/doc");
        if (Files.isDirectory(doc)) {
            try (Stream<Path> files = Files.walk(doc)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    boolean keep = Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS)
                            || file.getFileName().toString().equals("copyright") && Files.isRegularFile(file,
                                    LinkOption.NOFOLLOW_LINKS);
                    if (!keep) {
                        Files.delete(file);
                    }
                }
            }
        }
        for (String unused : List.of("usr/share/lintian", "usr/share/locale", "usr/share/gcc", "usr/share/gdb",
                "usr/lib/x86_64-linux-gnu/gconv", "usr/lib/aarch64-linux-gnu/gconv")) {
            deleteRecursively(root.resolve(unused));
        }
    }

    /** Writes /etc/passwd, /etc/group and /etc/nsswitch.conf with root and the service user (uid 1001). */
    private static void writeAccounts(Path root) throws IOException {
        Path etc = Files.createDirectories(root.resolve("etc"));
        Files.writeString(etc.resolve("passwd"), "root:x:0:0:root:/root:/usr/sbin/nologin\n"
                + "knooppunt:x:" + USER_ID + ":" + USER_ID + ":Knooppunt service:/home/knooppunt:/usr/sbin/nologin\n",
                StandardCharsets.UTF_8);
        Files.writeString(etc.resolve("group"), "root:x:0:\nknooppunt:x:" + USER_ID + ":\n", StandardCharsets.UTF_8);
        Files.writeString(etc.resolve("nsswitch.conf"), "passwd: files\ngroup: files\nhosts: files dns\n",
                StandardCharsets.UTF_8);
        for (String dir : List.of("tmp", "proc", "sys", "dev", "home/knooppunt", "deployments")) {
            Files.createDirectories(root.resolve(dir));
        }
        Files.setPosixFilePermissions(root.resolve("tmp"), PosixFilePermissions.fromString("rwxrwxrwx"));
    }

    /** Replaces a cacerts symlink (Debian's JDK points it into /etc) by the file it points to. */
    private static void realCacerts(Path cacerts) throws IOException {
        if (Files.isSymbolicLink(cacerts)) {
            Path target = cacerts.toRealPath();
            Files.delete(cacerts);
            Files.copy(target, cacerts);
        }
        if (!Files.isRegularFile(cacerts) || Files.size(cacerts) == 0) {
            throw new IllegalStateException("the jlink runtime has no trust store at " + cacerts);
        }
    }

    private static void requireTool(String tool) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
                return;
            }
        }
        throw new IllegalStateException("Building the container images needs `" + tool + "` (Debian or Ubuntu) to "
                + "fetch the Debian userland from Debian's package archive, and it is not on the PATH; " + SKIP_HINT);
    }

    private static void run(Path dir, List<String> command, String failure) throws IOException, InterruptedException {
        Path log = Files.createTempFile("knooppunt-images", ".log");
        try {
            Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            int exit = process.waitFor();
            if (exit != 0) {
                throw new IllegalStateException(failure + " (exit " + exit + "): " + String.join(" ", command)
                        + "\n" + Files.readString(log));
            }
        } finally {
            Files.deleteIfExists(log);
        }
    }

    static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> files = Files.walk(path)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }
}
