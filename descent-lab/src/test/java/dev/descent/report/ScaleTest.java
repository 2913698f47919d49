package dev.descent.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ScaleTest {

    private static List<String> labels(Scale s, int target) {
        return s.ticks(target).stream().map(Scale.Tick::label).toList();
    }

    @Test
    void linearTicksAreRoundNumbers() {
        assertEquals(List.of("-4", "-2", "0", "2", "4"), labels(Scale.linear(-5, 5), 5));
        assertEquals(List.of("0.0", "0.2", "0.4", "0.6", "0.8", "1.0"), labels(Scale.linear(0, 1), 5));
        assertEquals(List.of("0.0", "0.5", "1.0"), labels(Scale.linear(0, 1), 2));
    }

    @Test
    void logTicksAreDecadesWithSuperscripts() {
        assertEquals(List.of("10⁻⁶", "10⁻⁴", "0.01", "1", "100"), labels(new Scale(1e-6, 500, true), 6));
        assertEquals(List.of("10⁻²⁰", "10⁻¹⁰", "1"), labels(new Scale(1e-28, 10, true), 5));
    }

    @Test
    void shortLogRangesStillGetLabels() {
        assertTrue(labels(new Scale(2, 9, true), 5).containsAll(List.of("2", "5")));
    }

    @ParameterizedTest
    @CsvSource({"0, 1, 0", "0, 0.1, 0.0", "123456, 1000, 1.23e5", "0.00001234, 0.000001, 1.23e-5", "2.5, 0.5, 2.5", "-3, 1, -3"})
    void formatsCompactly(double v, double step, String expected) {
        assertEquals(expected, Scale.format(v, step));
    }

    @Test
    void fractionAndValueAtAreInverse() {
        Scale log = new Scale(1e-3, 1e3, true);
        assertEquals(0.5, log.fraction(1), 1e-12);
        assertEquals(10, log.valueAt(log.fraction(10)), 1e-9);
    }

    @Test
    void invalidRangesSayWhatIsWrong() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Scale(0, 10, true));
        assertTrue(e.getMessage().contains("positive minimum"));
        assertThrows(IllegalArgumentException.class, () -> Scale.linear(1, 1));
    }

    @Test
    void levelsLinearAndLog() {
        assertArrayEquals(new double[] {2, 4, 6, 8}, Levels.linear(0, 10, 5).values(), 1e-12);
        Levels log = Levels.log(0, 1000, 3);
        assertArrayEquals(new double[] {1, 2, 5, 10, 20, 50, 100, 200, 500}, log.values(), 1e-9);
        assertEquals(0, log.band(0.5));
        assertEquals(1, log.band(1));
        assertEquals(9, log.band(999));
    }
}
