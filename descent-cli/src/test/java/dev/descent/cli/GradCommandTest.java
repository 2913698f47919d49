package dev.descent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GradCommandTest {

    @SuppressWarnings("unchecked")
    private static Map<String, Object> json(CliRun run) {
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().endsWith("\n") && run.out().indexOf('\n') == run.out().length() - 1, "one line");
        return (Map<String, Object>) MiniJson.parse(run.out());
    }

    @Test
    void jsonHasTheDesignShape() {
        CliRun run = CliRun.of("grad", "x^2*sin(x)", "--at", "x=3.6", "--json");
        Map<String, Object> j = json(run);
        assertEquals(List.of("value", "gradient", "hessian", "classification"), List.copyOf(j.keySet()));
        double x = 3.6;
        assertEquals(x * x * Math.sin(x), (Double) j.get("value"), 1e-15);
        assertEquals(Map.of("x", 2 * x * Math.sin(x) + x * x * Math.cos(x)), j.get("gradient"));
        assertEquals(List.of(List.of(2 * Math.sin(x) + 4 * x * Math.cos(x) - x * x * Math.sin(x))), j.get("hessian"));
        assertEquals("not-critical", j.get("classification"));
        assertEquals("", run.err());
    }

    @Test
    void hessianRowsAndColumnsFollowTheOrderOfAt() {
        String himmelblau = "(x^2 + y - 11)^2 + (x + y^2 - 7)^2";
        Map<String, Object> xy = json(CliRun.of("grad", himmelblau, "--at", "x=3,y=2", "--json"));
        assertEquals(List.of("x", "y"), List.copyOf(((Map<?, ?>) xy.get("gradient")).keySet()));
        assertEquals(List.of(List.of(74.0, 20.0), List.of(20.0, 34.0)), xy.get("hessian"));
        assertEquals("minimum", xy.get("classification"));
        assertEquals(0.0, (Double) xy.get("value"));
        Map<String, Object> yx = json(CliRun.of("grad", himmelblau, "--at", "y=2,x=3", "--json"));
        assertEquals(List.of("y", "x"), List.copyOf(((Map<?, ?>) yx.get("gradient")).keySet()));
        assertEquals(List.of(List.of(34.0, 20.0), List.of(20.0, 74.0)), yx.get("hessian"));
    }

    @ParameterizedTest(name = "{0} at {1}: {2}")
    @CsvSource(delimiter = '|', value = {
        "x^2 - y^2                          | x=0,y=0                 | saddle",
        "x^3 - 3*x*y^2                      | x=0,y=0                 | degenerate",
        "-x^2 - y^2                         | x=0,y=0                 | maximum",
        "-(x - 1)^2                         | x=1                     | maximum",
        "x^2 + y^2                          | x=0,y=0                 | minimum",
        "x^2 + y^2                          | x=1,y=0                 | not-critical",
        "(x^2 + y - 11)^2 + (x + y^2 - 7)^2 | x=-0.270845,y=-0.923039 | maximum",
        "sin(x)                             | x=pi/2                  | maximum",
    })
    void classification(String expr, String at, String expected) {
        assertEquals(expected, json(CliRun.of("grad", expr, "--at", at, "--json")).get("classification"));
    }

    @Test
    void variablesNotInTheExpressionGetZeroGradient() {
        Map<String, Object> j = json(CliRun.of("grad", "x^2", "--at", "x=1,w=5", "--json"));
        assertEquals(Map.of("x", 2.0, "w", 0.0), j.get("gradient"));
        assertEquals(List.of(List.of(2.0, 0.0), List.of(0.0, 0.0)), j.get("hessian"));
    }

    @Test
    void numbersReadBackExactly() {
        Map<String, Object> j = json(CliRun.of("grad", "exp(x)/3", "--at", "x=0.1", "--json"));
        assertEquals(Math.exp(0.1) / 3, (Double) j.get("value"), 0);
    }

    @Test
    void nonFiniteNumbersAreNullAndSaidSo() {
        CliRun run = CliRun.of("grad", "sqrt(x) + log(y)", "--at", "x=0,y=-1", "--json");
        Map<String, Object> j = json(run);
        assertNull(j.get("value"));
        Map<?, ?> g = (Map<?, ?>) j.get("gradient");
        assertNull(g.get("x"));
        assertEquals(-1.0, g.get("y"));
        assertEquals("degenerate", j.get("classification"));
        assertEquals("descent: note: some numbers are NaN or infinite; JSON has no such values, so they are written as null\n",
                run.err());
    }

    @Test
    void plainTextReport() {
        CliRun run = CliRun.of("grad", "x^2 - y^2", "--at", "x=0,y=0");
        assertEquals(0, run.exit());
        assertEquals("""
                expression      x^2 - y^2
                point           x = 0, y = 0
                value           0
                gradient        df/dx = 0
                                df/dy = -0
                |gradient|      0
                hessian             x   y
                                x   2   0
                                y   0  -2
                eigenvalues     -2, 2
                classification  saddle (eigenvalues of both signs)
                """, run.out());
    }

    /** User mistakes: one line on stderr, nothing on stdout, no stack trace; 1 while running, 2 for usage. */
    @ParameterizedTest(name = "{0} --at {1}: exit {2}")
    @CsvSource(delimiter = '|', value = {
        "sin(x))     | x=1       | 2 | descent: unexpected ')' at column 7",
        "x +         | x=1       | 2 | descent: unexpected end of expression at column 4",
        "sinh(x)     | x=1       | 2 | descent: unknown function 'sinh' at column 1 (known: sin, cos, tan, exp, log, sqrt, tanh, sigmoid, abs)",
        "x*z + y     | x=1       | 2 | descent: unknown variable 'z': --at gives values for x only (add z=VALUE,y=VALUE)",
        "x           | x         | 2 | descent: Invalid value for option '--at': expected NAME=VALUE pairs such as x=3.6,y=-1, got 'x' (see 'descent grad --help')",
        "x           | x=abc     | 2 | descent: Invalid value for option '--at': the value of x must be a number, got 'abc' (see 'descent grad --help')",
        "x           | x=1,x=2   | 2 | descent: Invalid value for option '--at': x is given twice (see 'descent grad --help')",
        "x           | 2=1       | 2 | descent: Invalid value for option '--at': expected NAME=VALUE pairs such as x=3.6,y=-1, got '2=1' (see 'descent grad --help')",
    })
    void mistakesGiveOneLineAndAnExitCode(String expr, String at, int exit, String message) {
        CliRun run = CliRun.of("grad", expr, "--at", at);
        assertEquals(exit, run.exit());
        assertEquals("", run.out());
        assertEquals(message + "\n", run.err());
    }

    @Test
    void missingAtIsAUsageError() {
        CliRun run = CliRun.of("grad", "x^2");
        assertEquals(2, run.exit());
        assertEquals("descent: Missing required option: '--at=NAME=VALUE[,NAME=VALUE...]' (see 'descent grad --help')\n",
                run.err());
        CliRun none = CliRun.of("grad");
        assertEquals(2, none.exit());
        assertEquals(1, none.err().lines().count(), none.err());
        assertFalse(none.err().contains("\tat "));
    }

    @Test
    void expressionsMayStartWithMinus() {
        assertEquals("maximum", json(CliRun.of("grad", "-x^2", "--at", "x=0", "--json")).get("classification"));
        assertEquals(-4.0, json(CliRun.of("grad", "-2^2 + 0*x", "--at", "x=0", "--json")).get("value"));
    }

    @Test
    void helpListsTheSubcommands() {
        CliRun run = CliRun.of("--help");
        assertEquals(0, run.exit());
        assertTrue(run.out().contains("grad") && run.out().contains("functions"), run.out());
        CliRun grad = CliRun.of("grad", "--help");
        assertTrue(grad.out().contains("--at=NAME=VALUE[,NAME=VALUE...]"), grad.out());
    }
}
