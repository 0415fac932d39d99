package nl.knooppunt.localstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The web portal in a real browser against the running stack: runs {@code src/test/browser/portal.mjs} (Debian's
 * chromium driven by playwright-core) and fails when it fails. anna logs in at Keycloak, composes a saldoverzoek with
 * an invalid BSN, sees the field error, corrects and sends it; erik answers it from his inbox; anna sees the answer and
 * her message's status. Screenshots of every page land in {@code target/browser-screenshots}.
 */
@ExtendWith(LocalStackExtension.class)
class PortalBrowserIT {

    private static final Path CHROMIUM = Path.of(System.getProperty("knooppunt.chromium", "/usr/bin/chromium"));

    @Test
    void anAnsweredSaldoverzoekInTheBrowser(LocalStack stack) throws IOException, InterruptedException {
        Path module = StackLayout.detectRepoRoot().resolve("deploy/local-stack");
        Path scripts = module.resolve("src/test/browser");
        assertTrue(Files.isExecutable(CHROMIUM), "chromium is needed at " + CHROMIUM + " (apt-get install chromium)");
        assertTrue(Files.isDirectory(scripts.resolve("node_modules/playwright-core")),
                "playwright-core is missing: the module's build runs npm ci in " + scripts);
        Path log = module.resolve("target/browser-test.log");
        Files.createDirectories(log.getParent());
        ProcessBuilder node = new ProcessBuilder("node", "portal.mjs").directory(scripts.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        node.environment().put("PORTAL_URL", stack.portalApiUrl().toString());
        node.environment().put("CHROMIUM", CHROMIUM.toString());
        node.environment().put("SCREENSHOT_DIR", module.resolve("target/browser-screenshots").toString());
        Process process = node.start();
        boolean finished = process.waitFor(5, TimeUnit.MINUTES);
        if (!finished) {
            process.destroyForcibly();
        }
        String output = Files.readString(log);
        System.out.println(output);
        assertTrue(finished, "the browser scenario did not finish within 5 minutes:\n" + output);
        assertEquals(0, process.exitValue(), "the browser scenario failed:\n" + output);
    }
}
