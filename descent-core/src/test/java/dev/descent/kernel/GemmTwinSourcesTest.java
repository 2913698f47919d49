package dev.descent.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The double-precision GEMM classes are the single-precision ones with float→double substitutions
 * (Java has no generics over primitives). This keeps the twins from drifting apart: the float source,
 * substituted, must equal the double source line for line, comments aside.
 */
class GemmTwinSourcesTest {
    private static final Path DIR = Path.of("src/main/java/dev/descent/kernel");

    @ParameterizedTest
    @CsvSource({"VectorSgemm, VectorDgemm", "VectorSgemmJobs, VectorDgemmJobs"})
    void theDoubleTwinIsTheFloatCodeSubstituted(String single, String dbl) throws IOException {
        List<String> expected = code(Files.readAllLines(DIR.resolve(single + ".java")).stream()
                .map(GemmTwinSourcesTest::toDouble).toList());
        List<String> actual = code(Files.readAllLines(DIR.resolve(dbl + ".java")));
        assertEquals(expected.size(), actual.size(), dbl + " has a different number of code lines than " + single);
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.get(i), actual.get(i), dbl + " differs from " + single + " (substituted), code line " + (i + 1));
        }
    }

    private static String toDouble(String line) {
        return line.replace("FloatVector", "DoubleVector").replace("Float", "Double").replace("float", "double")
                .replace("Sgemm", "Dgemm").replace("sgemm", "dgemm").replaceAll("\\b0f\\b", "0.0");
    }

    /** The lines that are code: comments and blank lines dropped, trailing comments cut. */
    private static List<String> code(List<String> lines) {
        return lines.stream().map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("*") && !l.startsWith("/*") && !l.startsWith("//"))
                .map(l -> l.replaceAll("\\s*//.*$", ""))
                .toList();
    }
}
