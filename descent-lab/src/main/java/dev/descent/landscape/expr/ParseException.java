package dev.descent.landscape.expr;

/**
 * A syntax error in an expression. The message names the 1-based column, e.g.
 * {@code unexpected ')' at column 7}; {@link #column()} gives it as a number.
 *
 * <p>It is an {@link IllegalArgumentException}: a malformed formula is a bad argument, and callers
 * that report bad arguments need no extra case for it.
 */
public final class ParseException extends IllegalArgumentException {
    private final String source;
    private final int column;

    public ParseException(String message, String source, int column) {
        super(message);
        this.source = source;
        this.column = column;
    }

    /** The 1-based column of the offending character (the length plus one for "end of expression"). */
    public int column() {
        return column;
    }

    /** The expression text that failed to parse. */
    public String source() {
        return source;
    }
}
