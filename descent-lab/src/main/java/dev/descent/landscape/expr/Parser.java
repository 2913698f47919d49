package dev.descent.landscape.expr;

import java.util.Optional;

/**
 * A hand-written recursive-descent parser for the expression grammar of DESIGN.md:
 *
 * <pre>
 * expression := term (('+' | '-') term)*
 * term       := unary (('*' | '/') unary)*
 * unary      := ('-' | '+') unary | power
 * power      := primary ('^' unary)?          -- right-associative: 2^3^2 = 2^9; 2^-1 allowed
 * primary    := number | 'pi' | 'e' | name | function '(' expression ')' | '(' expression ')'
 * number     := digits ['.' digits] [('e'|'E') ['+'|'-'] digits]  |  '.' digits [...]   -- 1e-3, .5
 * function   := sin | cos | tan | exp | log | sqrt | tanh | sigmoid | abs
 * </pre>
 *
 * So {@code ^} binds tighter than unary minus ({@code -x^2} is {@code -(x^2)}), and unary minus
 * tighter than {@code *} and {@code /}. Errors are {@link ParseException}s that name the 1-based
 * column: {@code unexpected ')' at column 7}.
 */
public final class Parser {
    private enum Kind { NUMBER, NAME, PLUS, MINUS, STAR, SLASH, CARET, LPAREN, RPAREN, END }

    /** A token; {@code start} is the 0-based index of its first character. */
    private record Token(Kind kind, String text, int start) {
        int column() {
            return start + 1;
        }

        String describe() {
            return kind == Kind.END ? "end of expression" : "'" + text + "'";
        }

        boolean startsOperand() {
            return kind == Kind.NUMBER || kind == Kind.NAME || kind == Kind.LPAREN;
        }
    }

    private final String src;
    private int pos;
    private Token tok;

    private Parser(String src) {
        this.src = src;
    }

    /**
     * Parses an expression.
     *
     * @throws ParseException with the column of the first problem
     */
    public static Expr parse(String source) {
        if (source == null) {
            throw new IllegalArgumentException("the expression is null");
        }
        Parser p = new Parser(source);
        p.advance();
        if (p.tok.kind == Kind.END) {
            throw p.error("empty expression", p.tok.column());
        }
        Expr e = p.expression();
        if (p.tok.kind != Kind.END) {
            String hint = p.tok.startsOperand() ? " (missing an operator such as '*' before it?)" : "";
            throw p.error("unexpected " + p.tok.describe() + " at column " + p.tok.column() + hint, p.tok.column());
        }
        return e;
    }

    // ------------------------------------------------------------------ grammar

    private Expr expression() {
        Expr left = term();
        while (tok.kind == Kind.PLUS || tok.kind == Kind.MINUS) {
            Op op = tok.kind == Kind.PLUS ? Op.ADD : Op.SUB;
            advance();
            left = new Expr.Binary(op, left, term());
        }
        return left;
    }

    private Expr term() {
        Expr left = unary();
        while (tok.kind == Kind.STAR || tok.kind == Kind.SLASH) {
            Op op = tok.kind == Kind.STAR ? Op.MUL : Op.DIV;
            advance();
            left = new Expr.Binary(op, left, unary());
        }
        return left;
    }

    private Expr unary() {
        if (tok.kind == Kind.MINUS) {
            advance();
            return new Expr.Neg(unary());
        }
        if (tok.kind == Kind.PLUS) {
            advance();
            return unary();
        }
        return power();
    }

    private Expr power() {
        Expr base = primary();
        if (tok.kind == Kind.CARET) {
            advance();
            return new Expr.Binary(Op.POW, base, unary());
        }
        return base;
    }

    private Expr primary() {
        Token t = tok;
        switch (t.kind) {
            case NUMBER -> {
                advance();
                double v = Double.parseDouble(t.text);
                if (Double.isInfinite(v)) {
                    throw error("number '" + t.text + "' at column " + t.column()
                            + " is too large (doubles end near 1.8e308)", t.column());
                }
                return new Expr.Num(v);
            }
            case NAME -> {
                advance();
                if (tok.kind == Kind.LPAREN) {
                    Optional<Fn> fn = Fn.byName(t.text);
                    if (fn.isEmpty()) {
                        throw error("unknown function '" + t.text + "' at column " + t.column()
                                + " (known: " + Fn.knownNames() + ")", t.column());
                    }
                    Token open = tok;
                    advance();
                    Expr arg = expression();
                    expectClosing(open);
                    return new Expr.Call(fn.get(), arg);
                }
                if (Fn.byName(t.text).isPresent()) {
                    throw error("function '" + t.text + "' at column " + t.column() + " needs an argument in parentheses: "
                            + t.text + "(...)", t.column());
                }
                return Expr.Const.isConstant(t.text) ? new Expr.Const(t.text) : new Expr.Var(t.text);
            }
            case LPAREN -> {
                advance();
                Expr inner = expression();
                expectClosing(t);
                return inner;
            }
            default -> throw error("unexpected " + t.describe() + " at column " + t.column(), t.column());
        }
    }

    private void expectClosing(Token open) {
        if (tok.kind != Kind.RPAREN) {
            throw error("unexpected " + tok.describe() + " at column " + tok.column()
                    + " (expected ')' to close the '(' at column " + open.column() + ")", tok.column());
        }
        advance();
    }

    // ------------------------------------------------------------------ tokens

    private void advance() {
        while (pos < src.length() && Character.isWhitespace(src.charAt(pos))) {
            pos++;
        }
        int start = pos;
        if (pos >= src.length()) {
            tok = new Token(Kind.END, "", src.length());
            return;
        }
        char c = src.charAt(pos);
        if (isDigit(c) || (c == '.' && pos + 1 < src.length() && isDigit(src.charAt(pos + 1)))) {
            scanNumber();
            tok = new Token(Kind.NUMBER, src.substring(start, pos), start);
            return;
        }
        if (Character.isLetter(c) || c == '_') {
            while (pos < src.length() && (Character.isLetterOrDigit(src.charAt(pos)) || src.charAt(pos) == '_')) {
                pos++;
            }
            tok = new Token(Kind.NAME, src.substring(start, pos), start);
            return;
        }
        Kind kind = switch (c) {
            case '+' -> Kind.PLUS;
            case '-' -> Kind.MINUS;
            case '*' -> Kind.STAR;
            case '/' -> Kind.SLASH;
            case '^' -> Kind.CARET;
            case '(' -> Kind.LPAREN;
            case ')' -> Kind.RPAREN;
            default -> null;
        };
        if (kind == null) {
            int cp = src.codePointAt(pos);
            throw error("unexpected character '" + new String(Character.toChars(cp)) + "' at column " + (start + 1)
                    + (cp == ',' ? " (functions take one argument)" : ""), start + 1);
        }
        pos++;
        tok = new Token(kind, String.valueOf(c), start);
    }

    /** digits ['.' digits] [exponent]; the exponent only when a digit follows 'e' (so "2e" is 2 then e). */
    private void scanNumber() {
        while (pos < src.length() && isDigit(src.charAt(pos))) {
            pos++;
        }
        if (pos < src.length() && src.charAt(pos) == '.') {
            pos++;
            while (pos < src.length() && isDigit(src.charAt(pos))) {
                pos++;
            }
        }
        if (pos < src.length() && (src.charAt(pos) == 'e' || src.charAt(pos) == 'E')) {
            int q = pos + 1;
            if (q < src.length() && (src.charAt(q) == '+' || src.charAt(q) == '-')) {
                q++;
            }
            if (q < src.length() && isDigit(src.charAt(q))) {
                pos = q;
                while (pos < src.length() && isDigit(src.charAt(pos))) {
                    pos++;
                }
            }
        }
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private ParseException error(String message, int column) {
        return new ParseException(message, src, column);
    }
}
