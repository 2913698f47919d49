package dev.descent.landscape.expr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class ParserTest {

    /** The tree fully parenthesized, Lisp style: {@code (neg (^ x 2))}. */
    static String tree(Expr e) {
        return switch (e) {
            case Expr.Num n -> Double.toString(n.value());
            case Expr.Const c -> c.name();
            case Expr.Var v -> v.name();
            case Expr.Neg n -> "(neg " + tree(n.operand()) + ")";
            case Expr.Binary b -> "(" + b.op().symbol() + " " + tree(b.left()) + " " + tree(b.right()) + ")";
            case Expr.Call c -> "(" + c.fn().label() + " " + tree(c.argument()) + ")";
        };
    }

    @ParameterizedTest(name = "{0}  =>  {1}")
    @CsvSource(delimiter = '|', value = {
        "1 + 2*3            | (+ 1.0 (* 2.0 3.0))",
        "(1 + 2)*3          | (* (+ 1.0 2.0) 3.0)",
        "-x^2               | (neg (^ x 2.0))",
        "(-x)^2             | (^ (neg x) 2.0)",
        "2^-1               | (^ 2.0 (neg 1.0))",
        "2^3^2              | (^ 2.0 (^ 3.0 2.0))",
        "2^-x^2             | (^ 2.0 (neg (^ x 2.0)))",
        "a - b - c          | (- (- a b) c)",
        "a / b / c          | (/ (/ a b) c)",
        "a - b + c          | (+ (- a b) c)",
        "a*b/c              | (/ (* a b) c)",
        "-x*y               | (* (neg x) y)",
        "x*-y               | (* x (neg y))",
        "x - -y             | (- x (neg y))",
        "--x                | (neg (neg x))",
        "+x                 | x",
        "-2^2               | (neg (^ 2.0 2.0))",
        "sin(x)^2           | (^ (sin x) 2.0)",
        "-sin(x)^2*3        | (* (neg (^ (sin x) 2.0)) 3.0)",
        "e^x                | (^ e x)",
        "2*pi*r             | (* (* 2.0 pi) r)",
        "sigmoid(-x)        | (sigmoid (neg x))",
        "x^2*sin(x)         | (* (^ x 2.0) (sin x))",
        "((x))              | x",
        "1e-3               | 0.001",
        ".5                 | 0.5",
        "1.5E+2             | 150.0",
        "2.                 | 2.0",
        "t_1 + theta2       | (+ t_1 theta2)",
    })
    void precedenceAndAssociativity(String source, String expected) {
        assertEquals(expected, tree(Expr.parse(source)));
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', value = {
        "2^3^2          | 512",
        "(2^3)^2        | 64",
        "-2^2           | -4",
        "(-2)^2         | 4",
        "2^-1           | 0.5",
        "8/4/2          | 1",
        "10 - 4 - 3     | 3",
        "2 + 3*4^2      | 50",
        "-3*-2          | 6",
        "1e-3*1e3       | 1",
        "abs(-2.5)      | 2.5",
        "sqrt(16)       | 4",
        "log(e)         | 1",
        "cos(pi)        | -1",
        "sigmoid(0)     | 0.5",
        "tanh(0)        | 0",
    })
    void constantValues(String source, double expected) {
        assertEquals(expected, Expr.parse(source).evaluate(Map.of()), 1e-15);
    }

    static Stream<Arguments> errors() {
        String known = "(known: sin, cos, tan, exp, log, sqrt, tanh, sigmoid, abs)";
        return Stream.of(
                Arguments.of("sin(x))", "unexpected ')' at column 7", 7),
                Arguments.of("x + ", "unexpected end of expression at column 5", 5),
                Arguments.of("x +", "unexpected end of expression at column 4", 4),
                Arguments.of("sinh(x)", "unknown function 'sinh' at column 1 " + known, 1),
                Arguments.of("2*max(x)", "unknown function 'max' at column 3 " + known, 3),
                Arguments.of("(x + 1", "unexpected end of expression at column 7 (expected ')' to close the '(' at column 1)", 7),
                Arguments.of("(x + 1 y", "unexpected 'y' at column 8 (expected ')' to close the '(' at column 1)", 8),
                Arguments.of("x $ y", "unexpected character '$' at column 3", 3),
                Arguments.of("sin(x, y)", "unexpected character ',' at column 6 (functions take one argument)", 6),
                Arguments.of("2 x", "unexpected 'x' at column 3 (missing an operator such as '*' before it?)", 3),
                Arguments.of("2e", "unexpected 'e' at column 2 (missing an operator such as '*' before it?)", 2),
                Arguments.of("x^", "unexpected end of expression at column 3", 3),
                Arguments.of("*x", "unexpected '*' at column 1", 1),
                Arguments.of("x**2", "unexpected '*' at column 3", 3),
                Arguments.of("()", "unexpected ')' at column 2", 2),
                Arguments.of("sin x", "function 'sin' at column 1 needs an argument in parentheses: sin(...)", 1),
                Arguments.of("   ", "empty expression", 4),
                Arguments.of("", "empty expression", 1),
                Arguments.of("1e999", "number '1e999' at column 1 is too large (doubles end near 1.8e308)", 1),
                Arguments.of("x^2 )", "unexpected ')' at column 5", 5));
    }

    @ParameterizedTest(name = "\"{0}\"")
    @MethodSource("errors")
    void errorsNameTheColumn(String source, String message, int column) {
        ParseException e = assertThrows(ParseException.class, () -> Expr.parse(source));
        assertEquals(message, e.getMessage());
        assertEquals(column, e.column());
        assertEquals(source, e.source());
        assertInstanceOf(IllegalArgumentException.class, e);
    }

    @ParameterizedTest(name = "{0}  =>  {1}")
    @CsvSource(delimiter = '|', value = {
        "x^2*sin(x)                 | x^2*sin(x)",
        "((x)) + (y)                | x + y",
        "a - (b - c)                | a - (b - c)",
        "(a - b) - c                | a - b - c",
        "a/(b*c)                    | a/(b*c)",
        "(a*b)/c                    | a*b/c",
        "-(x^2)                     | -x^2",
        "(-x)^2                     | (-x)^2",
        "2^(3^2)                    | 2^3^2",
        "(2^3)^2                    | (2^3)^2",
        "2^(-1)                     | 2^-1",
        "x - (-y)                   | x - -y",
        "-(-x)                      | -(-x)",
        "-(x + y)                   | -(x + y)",
        "(-x)*y                     | -x*y",
        "1e-3                       | 0.001",
        "1e-7                       | 1e-7",
        "1.5e300                    | 1.5e300",
        "100.0                      | 100",
        "0.1 + .2                   | 0.1 + 0.2",
        "exp(-(x^2 + y^2)/2)        | exp(-(x^2 + y^2)/2)",
    })
    void printsWithFewestParentheses(String source, String printed) {
        assertEquals(printed, Expr.parse(source).toString());
        assertEquals(Expr.parse(source), Expr.parse(printed));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
        "y*x + z*y + x       | y,x,z",
        "pi*r^2              | r",
        "e^t - e             | t",
        "sin(b)*a + c^b      | b,a,c",
        "2 + 3               | ''",
    })
    void variablesInOrderOfFirstAppearance(String source, String expected) {
        List<String> want = expected.isEmpty() ? List.of() : List.of(expected.split(","));
        assertEquals(want, Expr.parse(source).variables());
    }

    static IntStream seeds() {
        return IntStream.range(0, 300);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void randomTreesRoundTripThroughText(int seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<String> vars = List.of("x", "y", "theta_1");
        Expr e = RandomExpressions.any(rnd, vars, 1 + seed % 6);
        String printed = e.toString();
        Expr back = Expr.parse(printed);
        assertEquals(e, back, () -> "printed as " + printed);
        assertEquals(printed, back.toString());
        Map<String, Double> at = Map.of("x", rnd.nextDouble(-3, 3), "y", rnd.nextDouble(-3, 3), "theta_1", 0.7);
        assertEquals(Double.doubleToLongBits(e.evaluate(at)), Double.doubleToLongBits(back.evaluate(at)));
    }

    @Test
    void negativeNumbersBuiltInCodePrintAsUnaryMinus() {
        Expr e = new Expr.Binary(Op.POW, new Expr.Num(-2), new Expr.Var("x"));
        assertEquals("(-2)^x", e.toString());
        assertEquals(e.evaluate(Map.of("x", 3.0)), Expr.parse(e.toString()).evaluate(Map.of("x", 3.0)));
        assertEquals("x*-0.5", new Expr.Binary(Op.MUL, new Expr.Var("x"), new Expr.Num(-0.5)).toString());
    }

    @Test
    void nonFiniteNumbersAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new Expr.Num(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> new Expr.Num(Double.POSITIVE_INFINITY));
    }

    @Test
    void unknownVariableIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Expr.parse("x + z").evaluate(Map.of("x", 1.0)));
        assertEquals("unknown variable 'z': no value given for it (values given for x)", e.getMessage());
    }
}
