package dev.descent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** descent lr-find: the curve as CSV, the suggestion, the picture, and one-line errors. */
class LrFindCommandTest {

    @Test
    void printsTheRisingLearningRateCurveAndASuggestion(@TempDir Path dir) {
        Path png = dir.resolve("lr.png");
        CliRun run = CliRun.of("lr-find", "--model", "mlp", "--data", "spirals", "--steps", "25", "--plot", png.toString());
        assertEquals(0, run.exit(), run.err());
        String[] lines = run.out().split("\n");
        assertEquals("lr,loss,smoothed", lines[0]);
        assertTrue(lines.length > 5, run.out());
        double first = Double.parseDouble(lines[1].split(",")[0]);
        double last = Double.parseDouble(lines[lines.length - 1].split(",")[0]);
        assertTrue(last > first * 1000, "the lr rises exponentially: " + first + " -> " + last);
        assertTrue(run.err().contains("suggested lr:"), run.err());
        assertTrue(Files.exists(png));
    }

    @Test
    void unknownModelIsOneLine() {
        CliRun run = CliRun.of("lr-find", "--model", "resnet7", "--data", "spirals");
        assertNotEquals(0, run.exit());
        assertTrue(run.err().startsWith("descent: "), run.err());
        assertEquals(1, run.err().strip().lines().count(), run.err());
    }
}
