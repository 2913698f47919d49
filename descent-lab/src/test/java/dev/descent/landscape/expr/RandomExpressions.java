package dev.descent.landscape.expr;

import java.util.List;
import java.util.SplittableRandom;

/** Seeded random expression trees for property tests. */
public final class RandomExpressions {
    private RandomExpressions() {}

    /**
     * Any tree the parser can produce (numbers non-negative), up to {@code depth} levels: every node
     * type, every operator and function, numbers from 0 and small integers to long decimals and
     * tiny or huge magnitudes. For round-trip tests; values may well be NaN.
     */
    public static Expr any(SplittableRandom rnd, List<String> vars, int depth) {
        if (depth == 0 || rnd.nextInt(4) == 0) {
            return switch (rnd.nextInt(6)) {
                case 0, 1, 2 -> new Expr.Var(vars.get(rnd.nextInt(vars.size())));
                case 3 -> new Expr.Const(rnd.nextBoolean() ? "pi" : "e");
                default -> new Expr.Num(number(rnd));
            };
        }
        return switch (rnd.nextInt(4)) {
            case 0 -> new Expr.Neg(any(rnd, vars, depth - 1));
            case 1 -> new Expr.Call(Fn.values()[rnd.nextInt(Fn.values().length)], any(rnd, vars, depth - 1));
            default -> new Expr.Binary(Op.values()[rnd.nextInt(Op.values().length)], any(rnd, vars, depth - 1),
                    any(rnd, vars, depth - 1));
        };
    }

    private static double number(SplittableRandom rnd) {
        return switch (rnd.nextInt(5)) {
            case 0 -> rnd.nextInt(10);
            case 1 -> rnd.nextInt(100) / 10.0;
            case 2 -> rnd.nextDouble() * 10;
            case 3 -> rnd.nextDouble() * Math.pow(10, rnd.nextInt(-12, 13));
            default -> new double[] {0.5, 0.1, 1e-3, 2.5e10, 1e-7, 1e21}[rnd.nextInt(6)];
        };
    }

    /**
     * A tree that is smooth and finite on all of R^n (up to accidental large values): divisions by
     * {@code 1 + b^2}, logs and square roots of {@code 1 + a^2}, tangents of {@code 0.5*sin(a)},
     * integer powers, and the bounded or entire functions. For derivative tests.
     */
    public static Expr smooth(SplittableRandom rnd, List<String> vars, int depth) {
        if (depth == 0 || rnd.nextInt(5) == 0) {
            return switch (rnd.nextInt(5)) {
                case 0, 1, 2 -> new Expr.Var(vars.get(rnd.nextInt(vars.size())));
                case 3 -> new Expr.Const(rnd.nextBoolean() ? "pi" : "e");
                default -> new Expr.Num(1 + rnd.nextInt(30) / 10.0);
            };
        }
        Expr a = smooth(rnd, vars, depth - 1);
        return switch (rnd.nextInt(16)) {
            case 0 -> add(a, smooth(rnd, vars, depth - 1));
            case 1 -> new Expr.Binary(Op.SUB, a, smooth(rnd, vars, depth - 1));
            case 2, 3 -> new Expr.Binary(Op.MUL, a, smooth(rnd, vars, depth - 1));
            case 4 -> new Expr.Binary(Op.DIV, a, onePlusSquare(smooth(rnd, vars, depth - 1)));
            case 5 -> new Expr.Neg(a);
            case 6 -> new Expr.Binary(Op.POW, a, new Expr.Num(rnd.nextBoolean() ? 2 : 3));
            case 7 -> new Expr.Call(Fn.SIN, a);
            case 8 -> new Expr.Call(Fn.COS, a);
            case 9 -> new Expr.Call(Fn.TANH, a);
            case 10 -> new Expr.Call(Fn.SIGMOID, a);
            case 11 -> new Expr.Call(Fn.EXP, new Expr.Call(Fn.SIN, a));
            case 12 -> new Expr.Call(Fn.LOG, onePlusSquare(a));
            case 13 -> new Expr.Call(Fn.SQRT, onePlusSquare(a));
            case 14 -> new Expr.Call(Fn.TAN, new Expr.Binary(Op.MUL, new Expr.Num(0.5), new Expr.Call(Fn.SIN, a)));
            default -> new Expr.Binary(Op.POW, new Expr.Num(2), new Expr.Call(Fn.SIN, a)); // 2^sin(a)
        };
    }

    private static Expr add(Expr a, Expr b) {
        return new Expr.Binary(Op.ADD, a, b);
    }

    private static Expr onePlusSquare(Expr a) {
        return add(new Expr.Num(1), new Expr.Binary(Op.POW, a, new Expr.Num(2)));
    }
}
