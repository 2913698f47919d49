package dev.descent.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Exact numbers in the JSON files of a checkpoint: finite doubles are written in shortest
 * round-trip form (so they read back bit for bit), NaN, the infinities and −0 as the strings
 * {@code "NaN"}, {@code "Infinity"}, {@code "-Infinity"} and {@code "-0.0"} (JSON has no such
 * numbers, and the writer prints −0 as 0.0).
 */
final class JsonValues {
    private JsonValues() {}

    /** The JSON value of {@code d}. */
    static Object num(double d) {
        boolean negativeZero = d == 0 && Double.doubleToRawLongBits(d) != 0;
        return Double.isFinite(d) && !negativeZero ? (Object) d : Double.toString(d);
    }

    /** A double from {@link #num}'s output (or any JSON number); null is NaN. */
    static double dbl(Object o) {
        return switch (o) {
            case null -> Double.NaN;
            case Number n -> n.doubleValue();
            case String s -> Double.parseDouble(s);
            default -> throw new IllegalArgumentException("expected a number, got " + o);
        };
    }

    /** A long from a JSON integer. */
    static long lng(Object o) {
        if (o instanceof Long l) {
            return l;
        }
        if (o instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
            return n.longValue();
        }
        throw new IllegalArgumentException("expected an integer, got " + o);
    }

    /** An int from a JSON integer. */
    static int integer(Object o) {
        return Math.toIntExact(lng(o));
    }

    /** A JSON object, or an error naming {@code what}. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> object(Object o, String what) {
        if (o instanceof Map<?, ?> m) {
            return (Map<String, Object>) m;
        }
        throw new IllegalArgumentException(what + ": expected a JSON object, got " + o);
    }

    /** A JSON array, or an error naming {@code what}. */
    @SuppressWarnings("unchecked")
    static List<Object> array(Object o, String what) {
        if (o instanceof List<?> l) {
            return (List<Object>) l;
        }
        throw new IllegalArgumentException(what + ": expected a JSON array, got " + o);
    }

    /** A long[] as a JSON list. */
    static List<Object> longs(long[] a) {
        List<Object> l = new ArrayList<>(a.length);
        for (long v : a) {
            l.add(v);
        }
        return l;
    }

    /** A long[] from a JSON list. */
    static long[] longs(Object o, String what) {
        List<Object> l = array(o, what);
        long[] a = new long[l.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = lng(l.get(i));
        }
        return a;
    }
}
