package dev.descent;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * The Descent version, the one source of truth for every place that records it: checkpoints
 * ({@code descent.version}), CSV headers, run info, reports, the tour and {@code descent --version}.
 * It is the Maven project version, written into {@code dev/descent/version.properties} by resource
 * filtering when {@code descent-core} is built, so a release only changes the POM.
 */
public final class Version {
    /** The version, e.g. {@code 0.1.0-SNAPSHOT}; {@code unknown} when the classes were not built by Maven. */
    public static final String VERSION = read();

    private Version() {}

    private static String read() {
        try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            String v = p.getProperty("version", "").strip();
            // an unfiltered file (compiled outside Maven) still holds the placeholder
            return v.isEmpty() || v.startsWith("${") ? "unknown" : v;
        } catch (IOException e) {
            return "unknown";
        }
    }
}
