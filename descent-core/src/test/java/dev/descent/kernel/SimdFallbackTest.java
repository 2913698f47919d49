package dev.descent.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Without {@code --add-modules jdk.incubator.vector} the kernels must still load and compute: runs
 * {@link NoVectorMain} in a child JVM that lacks the module.
 */
class SimdFallbackTest {

    @Test
    void gemmWorksWhenTheVectorModuleIsAbsent() throws IOException, InterruptedException {
        assertTrue(Simd.AVAILABLE, "the test JVM itself should have the Vector API (surefire adds the module)");
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                NoVectorMain.class.getName())).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "child JVM timed out");
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("simd=false lanes=1 warm=false ok"), out);
    }
}
