package dev.descent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BenchCommandTest {
    @Test
    void aWorkloadPrintsOneCsvRowWithAPositiveMedian() {
        CliRun r = CliRun.of("bench", "--only", "tinyop", "--threads", "1", "--csv");
        assertEquals(0, r.exit(), r.err());
        String[] lines = r.out().strip().split("\n");
        assertEquals("workload,value,unit", lines[0]);
        assertEquals(2, lines.length, r.out());
        String[] cells = lines[1].split(",");
        assertEquals("tinyop", cells[0]);
        assertEquals("us", cells[2]);
        double us = Double.parseDouble(cells[1]);
        assertTrue(us > 0 && us < 10_000, "µs per tiny op: " + us);
        assertTrue(r.err().contains("descent bench: tinyop"), r.err());
    }

    @Test
    void anUnknownWorkloadIsAUserMistake() {
        CliRun r = CliRun.of("bench", "--only", "sgemm,warp-drive");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("unknown workload 'warp-drive'"), r.err());
        assertTrue(r.err().contains("resnet20"), r.err());
        assertEquals("", r.out());
    }

    @Test
    void threadsMustBePositive() {
        CliRun r = CliRun.of("bench", "--threads", "0");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("--threads must be at least 1"), r.err());
    }
}
