package dev.descent.landscape.run;

import dev.descent.tensor.DType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;

/**
 * The CSV of {@code descent optimize} (DESIGN.md's contract): a header {@code step,<variables in
 * --start order>,loss}, then row 0 (the start) and row k (the point after k optimizer steps). No
 * comment lines. Numbers are in shortest round-trip form for the run's type, so they read back
 * exactly: a float32 run prints {@code Float.toString} of each float ({@code 0.1}, not the double
 * {@code 0.10000000149011612}), a float64 run {@code Double.toString}; integral values below 1e16 are
 * written without {@code .0} ({@code 2}, {@code -0}), as elsewhere in the lab. NaN and infinities are
 * written {@code NaN}, {@code Infinity}, {@code -Infinity}, which {@code Double.parseDouble} reads.
 */
public final class RunCsv {
    private RunCsv() {}

    /** The header line (without the line break). */
    public static String header(Objective f) {
        return "step," + String.join(",", f.variables()) + ",loss";
    }

    /** The whole CSV, with {@code \n} line ends. */
    public static String format(RunResult r) {
        StringBuilder sb = new StringBuilder();
        try {
            write(r, sb);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return sb.toString();
    }

    /** Writes the CSV to {@code out}. */
    public static void write(RunResult r, Appendable out) throws IOException {
        out.append(header(r.objective())).append('\n');
        DType t = r.dtype();
        int n = r.objective().dimension();
        StringBuilder line = new StringBuilder();
        for (int k = 0; k < r.rows(); k++) {
            line.setLength(0);
            line.append(k);
            for (int i = 0; i < n; i++) {
                line.append(',').append(number(r.coordinate(k, i), t));
            }
            line.append(',').append(number(r.loss(k), t));
            out.append(line).append('\n');
        }
        if (out instanceof Writer w) {
            w.flush();
        }
    }

    /** One number in shortest round-trip form for {@code dtype}. */
    public static String number(double v, DType dtype) {
        if (v == 0) {
            return 1 / v < 0 ? "-0" : "0";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e16) {
            return Long.toString((long) v);
        }
        if (dtype == DType.FLOAT32) {
            float f = (float) v;
            if (f != v && Double.isFinite(v)) {
                // not a float32 value (cannot happen for a float32 run): keep it exact as a double
                return Double.toString(v);
            }
            return Float.toString(f);
        }
        return Double.toString(v);
    }
}
