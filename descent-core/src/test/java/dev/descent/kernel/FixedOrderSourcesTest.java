package dev.descent.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Same seed, same bits: no kernel may sum lanes with the Vector API's {@code reduceLanes}, whose order
 * for floating point is unspecified and does change when C2 compiles the kernel (the interpreter adds
 * lane by lane, compiled code as a tree); a run's bits would then depend on JIT timing. {@link LaneTree}
 * gives a fixed order. Found the hard way: a LayerNorm kernel made two identical training runs differ.
 */
class FixedOrderSourcesTest {

    @Test
    void noKernelReducesLanesInAnUnspecifiedOrder() throws IOException {
        List<String> offenders;
        try (Stream<Path> files = Files.list(Path.of("src/main/java/dev/descent/kernel"))) {
            offenders = files.filter(f -> f.toString().endsWith(".java"))
                    .filter(f -> read(f).lines().anyMatch(line -> line.contains(".reduceLanes(") && !line.trim().startsWith("*")))
                    .map(f -> f.getFileName().toString())
                    .sorted()
                    .toList();
        }
        assertEquals(List.of(), offenders, "kernels calling reduceLanes (use LaneTree)");
    }

    private static String read(Path f) {
        try {
            return Files.readString(f);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
