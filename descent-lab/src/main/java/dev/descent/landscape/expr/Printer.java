package dev.descent.landscape.expr;

/**
 * Prints a tree with the fewest parentheses that keep its structure: {@code +} and {@code -} with
 * spaces, {@code * / ^} without, numbers in shortest round-trip form ({@code 0.1}, {@code 1e-7}).
 */
final class Printer {
    private Printer() {}

    static String print(Expr e) {
        StringBuilder sb = new StringBuilder();
        write(e, sb);
        return sb.toString();
    }

    /** How tightly the printed form of {@code e} binds (see {@link Op#precedence()}). */
    private static int precedence(Expr e) {
        return switch (e) {
            case Expr.Num n -> isNegative(n.value()) ? Op.NEG_PRECEDENCE : Op.ATOM_PRECEDENCE;
            case Expr.Neg n -> Op.NEG_PRECEDENCE;
            case Expr.Binary b -> b.op().precedence();
            case Expr.Const c -> Op.ATOM_PRECEDENCE;
            case Expr.Var v -> Op.ATOM_PRECEDENCE;
            case Expr.Call c -> Op.ATOM_PRECEDENCE;
        };
    }

    private static boolean isNegative(double v) {
        return v < 0 || Double.doubleToRawLongBits(v) == Double.doubleToRawLongBits(-0.0);
    }

    private static void write(Expr e, StringBuilder sb) {
        switch (e) {
            case Expr.Num n -> {
                if (isNegative(n.value())) {
                    sb.append('-');
                }
                sb.append(number(Math.abs(n.value())));
            }
            case Expr.Const c -> sb.append(c.name());
            case Expr.Var v -> sb.append(v.name());
            case Expr.Call c -> {
                sb.append(c.fn().label()).append('(');
                write(c.argument(), sb);
                sb.append(')');
            }
            case Expr.Neg n -> {
                sb.append('-');
                Expr o = n.operand();
                String inner = print(o);
                // "-(-x)" reads better than "--x" (both parse to the same tree)
                boolean parens = precedence(o) < Op.NEG_PRECEDENCE || inner.startsWith("-");
                wrap(inner, parens, sb);
            }
            case Expr.Binary b -> {
                int p = b.op().precedence();
                boolean leftParens;
                boolean rightParens;
                if (b.op().rightAssociative()) {
                    // the base of ^ is an atom; the exponent may be anything that starts a unary: -x, x^y
                    leftParens = precedence(b.left()) < Op.ATOM_PRECEDENCE;
                    rightParens = precedence(b.right()) < Op.NEG_PRECEDENCE;
                } else {
                    leftParens = precedence(b.left()) < p;
                    rightParens = precedence(b.right()) <= p;
                }
                wrap(print(b.left()), leftParens, sb);
                sb.append(p == 1 ? " " + b.op().symbol() + " " : b.op().symbol());
                wrap(print(b.right()), rightParens, sb);
            }
        }
    }

    private static void wrap(String s, boolean parens, StringBuilder sb) {
        if (parens) {
            sb.append('(').append(s).append(')');
        } else {
            sb.append(s);
        }
    }

    /**
     * A non-negative finite double in the shortest form that reads back exactly: integers without
     * ".0" (below 1e16), otherwise {@link Double#toString} with "1.0E-7" written as "1e-7".
     */
    static String number(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e16) {
            return Long.toString((long) v);
        }
        String s = Double.toString(v);
        int exp = s.indexOf('E');
        if (exp < 0) {
            return s;
        }
        String mantissa = s.substring(0, exp);
        if (mantissa.endsWith(".0")) {
            mantissa = mantissa.substring(0, mantissa.length() - 2);
        }
        return mantissa + "e" + s.substring(exp + 1);
    }
}
