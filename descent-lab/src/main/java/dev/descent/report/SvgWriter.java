package dev.descent.report;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A minimal streaming XML writer for SVG: elements, attributes and text, with escaping done here
 * and nowhere else. Attributes are given as alternating name/value pairs; {@code null} values are
 * left out.
 */
final class SvgWriter {

    private final StringBuilder out = new StringBuilder(1 << 14);
    private final Deque<String> open = new ArrayDeque<>();

    /** Starts an element that will hold children. */
    SvgWriter open(String tag, Object... attrs) {
        indent();
        out.append('<').append(tag);
        attributes(attrs);
        out.append(">\n");
        open.push(tag);
        return this;
    }

    /** Writes an element with no content. */
    SvgWriter empty(String tag, Object... attrs) {
        indent();
        out.append('<').append(tag);
        attributes(attrs);
        out.append("/>\n");
        return this;
    }

    /** Writes an element holding only (escaped) text. */
    SvgWriter text(String tag, String text, Object... attrs) {
        indent();
        out.append('<').append(tag);
        attributes(attrs);
        out.append('>').append(escape(text)).append("</").append(tag).append(">\n");
        return this;
    }

    /** Closes the innermost open element. */
    SvgWriter close() {
        String tag = open.pop();
        indent();
        out.append("</").append(tag).append(">\n");
        return this;
    }

    int depth() {
        return open.size();
    }

    /** The document; closes any element still open. */
    String finish() {
        while (!open.isEmpty()) {
            close();
        }
        return out.toString();
    }

    private void indent() {
        out.repeat(' ', open.size());
    }

    private void attributes(Object[] attrs) {
        if (attrs.length % 2 != 0) {
            throw new IllegalArgumentException("attributes come in name/value pairs, got " + attrs.length + " items");
        }
        for (int i = 0; i < attrs.length; i += 2) {
            Object v = attrs[i + 1];
            if (v == null) {
                continue;
            }
            String value = v instanceof Double d ? num(d) : v.toString();
            out.append(' ').append(attrs[i]).append("=\"").append(escape(value)).append('"');
        }
    }

    /** Escapes text for XML content and attribute values. */
    static String escape(String s) {
        StringBuilder b = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            String rep = switch (c) {
                case '<' -> "&lt;";
                case '>' -> "&gt;";
                case '&' -> "&amp;";
                case '"' -> "&quot;";
                case '\'' -> "&#39;";
                default -> (c < 0x20 && c != '\n' && c != '\t' && c != '\r') ? "" : null;
            };
            if (rep != null && b == null) {
                b = new StringBuilder(s.length() + 16).append(s, 0, i);
            }
            if (b != null) {
                if (rep != null) {
                    b.append(rep);
                } else {
                    b.append(c);
                }
            }
        }
        return b == null ? s : b.toString();
    }

    /** A coordinate with at most two decimals and no trailing zeros: small files, exact enough. */
    static String num(double v) {
        if (!Double.isFinite(v)) {
            return "0";
        }
        long r = Math.round(v * 100);
        if (r % 100 == 0) {
            return Long.toString(r / 100);
        }
        String sign = r < 0 ? "-" : "";
        long a = Math.abs(r);
        long frac = a % 100;
        String f = frac % 10 == 0 ? Long.toString(frac / 10) : String.format("%02d", frac);
        return sign + (a / 100) + "." + f;
    }
}
