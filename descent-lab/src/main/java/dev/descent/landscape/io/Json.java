package dev.descent.landscape.io;

import dev.descent.landscape.Numbers;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A tiny streaming JSON writer, so the lab needs no JSON library.
 *
 * <pre>{@code
 * String s = Json.compact().beginObject()
 *         .name("value").value(-5.735)
 *         .name("gradient").beginObject().name("x").value(-14.8).endObject()
 *         .endObject().toString();     // {"value": -5.735, "gradient": {"x": -14.8}}
 * }</pre>
 *
 * <p>Numbers are written in shortest round-trip form ({@link Double#toString}, integers without
 * ".0"), so they read back exactly. JSON has no NaN or infinity: those are written as {@code null},
 * and {@link #wroteNonFinite()} reports that it happened so the caller can say so. Strings are
 * escaped, with every non-ASCII character as {@code \\uXXXX}, so the output is plain ASCII whatever
 * the console's encoding. {@link #compact()} writes one line in the style {@code {"a": 1, "b": [1, 2]}};
 * {@link #pretty()} indents by two spaces, but keeps the arrays written by {@code array(...)} on one line.
 */
public final class Json {
    private final StringBuilder out = new StringBuilder();
    private final boolean pretty;
    /** Per open container: the number of entries written so far. */
    private final Deque<int[]> counts = new ArrayDeque<>();
    private final Deque<Boolean> isObject = new ArrayDeque<>();
    /** Containers written on one line even when pretty: arrays of numbers or strings. */
    private int inline;
    private boolean afterName;
    private boolean nonFinite;

    private Json(boolean pretty) {
        this.pretty = pretty;
    }

    /** One line, with a space after each ':' and ','. */
    public static Json compact() {
        return new Json(false);
    }

    /** Indented by two spaces, one entry per line. */
    public static Json pretty() {
        return new Json(true);
    }

    public Json beginObject() {
        beforeValue();
        out.append('{');
        counts.push(new int[1]);
        isObject.push(true);
        return this;
    }

    public Json endObject() {
        return end(true, '}');
    }

    public Json beginArray() {
        beforeValue();
        out.append('[');
        counts.push(new int[1]);
        isObject.push(false);
        return this;
    }

    public Json endArray() {
        return end(false, ']');
    }

    private Json end(boolean object, char close) {
        if (isObject.isEmpty() || isObject.peek() != object || afterName) {
            throw new IllegalStateException("unbalanced JSON: cannot close " + (object ? "an object" : "an array") + " here");
        }
        int n = counts.pop()[0];
        isObject.pop();
        if (pretty && n > 0 && inline == 0) {
            newline();
        }
        out.append(close);
        return this;
    }

    /** The key of the next entry of the current object. */
    public Json name(String key) {
        if (isObject.isEmpty() || !isObject.peek() || afterName) {
            throw new IllegalStateException("a name is only allowed inside an object, before a value: '" + key + "'");
        }
        separator();
        string(key);
        out.append(": ");
        afterName = true;
        return this;
    }

    /** A number; NaN and infinities become {@code null}. */
    public Json value(double v) {
        beforeValue();
        if (Double.isFinite(v)) {
            out.append(Numbers.format(v));
        } else {
            nonFinite = true;
            out.append("null");
        }
        return this;
    }

    public Json value(long v) {
        beforeValue();
        out.append(v);
        return this;
    }

    public Json value(boolean v) {
        beforeValue();
        out.append(v);
        return this;
    }

    /** A string, or {@code null} for a null reference. */
    public Json value(String s) {
        beforeValue();
        if (s == null) {
            out.append("null");
        } else {
            string(s);
        }
        return this;
    }

    public Json nullValue() {
        beforeValue();
        out.append("null");
        return this;
    }

    /** An array of numbers, on one line even when pretty. */
    public Json array(double... values) {
        beginArray();
        inline++;
        for (double v : values) {
            value(v);
        }
        endArray();
        inline--;
        return this;
    }

    /** An array of strings, on one line even when pretty. */
    public Json array(java.util.List<String> values) {
        beginArray();
        inline++;
        for (String v : values) {
            value(v);
        }
        endArray();
        inline--;
        return this;
    }

    /** True when some NaN or infinity was written as {@code null}. */
    public boolean wroteNonFinite() {
        return nonFinite;
    }

    /** The text written so far (a complete document once every container is closed). */
    @Override
    public String toString() {
        return out.toString();
    }

    private void beforeValue() {
        if (afterName) {
            afterName = false;
            return;
        }
        if (!isObject.isEmpty() && isObject.peek()) {
            throw new IllegalStateException("a value inside an object needs a name first");
        }
        if (isObject.isEmpty() && !out.isEmpty()) {
            throw new IllegalStateException("a JSON document holds one top-level value");
        }
        separator();
    }

    private void separator() {
        if (counts.isEmpty()) {
            return;
        }
        int[] n = counts.peek();
        boolean oneLine = !pretty || inline > 0;
        if (n[0] > 0) {
            out.append(oneLine ? ", " : ",");
        }
        n[0]++;
        if (!oneLine) {
            newline();
        }
    }

    private void newline() {
        out.append('\n');
        out.append("  ".repeat(counts.size()));
    }

    private void string(String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20 || c > 0x7e) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
