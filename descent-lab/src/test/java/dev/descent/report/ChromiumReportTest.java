package dev.descent.report;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens a sample report in a real headless Chromium: the 3-D viewer must run without errors and
 * mark its canvas ready, and the page must render to a screenshot that is not blank. Skipped where
 * Chromium is not installed ({@code apt-get install chromium}).
 */
class ChromiumReportTest {

    private static Path chromium() {
        for (String name : List.of("chromium", "chromium-browser", "google-chrome")) {
            for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
                Path p = Path.of(dir, name);
                if (Files.isExecutable(p)) {
                    return p;
                }
            }
        }
        return null;
    }

    @Test
    void reportRendersAndItsViewerRunsWithoutErrors(@TempDir Path dir) throws Exception {
        Path browser = chromium();
        assumeTrue(browser != null, "chromium is not installed");
        Path page = dir.resolve("index.html");
        HtmlReportTest.sample().write(page);
        Path shot = dir.resolve("shot.png");
        Path dom = dir.resolve("dom.html");
        Path log = dir.resolve("chromium.log");
        // One run does both (a start costs about ten seconds here). Output goes to files, not pipes:
        // Chromium's helper processes keep inherited pipes open long after the browser has exited.
        List<String> cmd = List.of(browser.toString(), "--headless", "--no-sandbox", "--disable-gpu",
            "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--disable-dev-shm-usage", "--user-data-dir=" + Files.createDirectories(dir.resolve("profile")),
            "--enable-logging=stderr", "--v=0", "--window-size=1000,1400", "--screenshot=" + shot, "--dump-dom",
            page.toUri().toString());
        Process p = new ProcessBuilder(cmd).redirectOutput(dom.toFile()).redirectError(log.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("chromium did not finish within 120 s");
        }
        String html = Files.readString(dom);
        String console = Files.readString(log);
        assertTrue(html.contains("data-ready=\"true\""), "the 3-D viewer drew its first frame");
        Matcher error = Pattern.compile("data-js-error=\"([^\"]*)\"").matcher(html);
        assertFalse(error.find(), () -> "script error: " + error.group(1));
        assertFalse(console.contains("Uncaught"), "console errors:\n" + console);
        assertFalse(console.contains("Content Security Policy"), "the page tried to load something:\n" + console);
        // Kept for a human look: target/ is the module's build folder, where Surefire runs.
        Files.copy(shot, Files.createDirectories(Path.of("target")).resolve("chromium-report.png"),
            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        BufferedImage img = ImageIO.read(shot.toFile());
        assertTrue(Pixels.distinctColors(img) > 200, "the screenshot shows pictures");
        assertTrue(Pixels.inkFraction(img) > 0.03, "the screenshot is not blank");
    }
}
