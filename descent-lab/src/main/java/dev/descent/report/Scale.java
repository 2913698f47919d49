package dev.descent.report;

import java.util.ArrayList;
import java.util.List;

/**
 * A numeric axis range, linear or logarithmic, mapping data values to a fraction of the axis
 * length, with "nice" tick positions (1, 2, 5 times a power of ten; decades on a log axis).
 */
public record Scale(double min, double max, boolean log) {

    /** One tick: where it is and what it says. */
    public record Tick(double value, String label) {
    }

    public Scale {
        if (!(min < max) || !Double.isFinite(min) || !Double.isFinite(max)) {
            throw new IllegalArgumentException("axis range must be finite with min < max, got [" + min + ", " + max + "]");
        }
        if (log && !(min > 0)) {
            throw new IllegalArgumentException("a log axis needs a positive minimum, got " + min);
        }
    }

    /** A linear scale. */
    public static Scale linear(double min, double max) {
        return new Scale(min, max, false);
    }

    /**
     * A scale that covers {@code [lo, hi]} with a little padding; a degenerate range is widened so
     * constant data still gets an axis.
     */
    public static Scale covering(double lo, double hi, boolean log, double pad) {
        if (!Double.isFinite(lo) || !Double.isFinite(hi)) {
            return log ? new Scale(0.1, 10, true) : new Scale(0, 1, false);
        }
        if (log) {
            double a = Math.log10(lo);
            double b = Math.log10(hi);
            if (b - a < 1e-9) {
                a -= 0.5;
                b += 0.5;
            }
            double p = (b - a) * pad;
            // padding must not push the ends past what a double holds (data near 1e-308 or 1e308)
            return new Scale(Math.max(Double.MIN_NORMAL, Math.pow(10, a - p)), Math.min(Double.MAX_VALUE,
                Math.pow(10, b + p)), true);
        }
        if (hi - lo < 1e-12 * Math.max(1, Math.abs(hi))) {
            double w = Math.max(Math.abs(hi) * 0.1, 0.5);
            lo -= w;
            hi += w;
        }
        double p = (hi - lo) * pad;
        return new Scale(lo - p, hi + p, false);
    }

    /** Where {@code v} falls: 0 at {@code min}, 1 at {@code max} (outside for values beyond). */
    public double fraction(double v) {
        if (log) {
            return (Math.log10(v) - Math.log10(min)) / (Math.log10(max) - Math.log10(min));
        }
        return (v - min) / (max - min);
    }

    /** The value at fraction {@code f} of the axis. */
    public double valueAt(double f) {
        if (log) {
            return Math.pow(10, Math.log10(min) + f * (Math.log10(max) - Math.log10(min)));
        }
        return min + f * (max - min);
    }

    /** Ticks inside the range, about {@code target} of them on a linear axis. */
    public List<Tick> ticks(int target) {
        return log ? logTicks(target) : linearTicks(target);
    }

    private List<Tick> linearTicks(int target) {
        double step = niceStep((max - min) / Math.max(1, target));
        List<Tick> ticks = new ArrayList<>();
        double first = Math.ceil(min / step - 1e-9) * step;
        for (int i = 0; ; i++) {
            double v = first + i * step;
            if (v > max + step * 1e-9) {
                break;
            }
            if (Math.abs(v) < step * 1e-9) {
                v = 0; // avoid "-0" and 1e-17 labels
            }
            ticks.add(new Tick(v, format(v, step)));
        }
        return ticks;
    }

    private List<Tick> logTicks(int target) {
        int lo = (int) Math.ceil(Math.log10(min) - 1e-9);
        int hi = (int) Math.floor(Math.log10(max) + 1e-9);
        List<Tick> ticks = new ArrayList<>();
        if (hi - lo < 1) {
            // Less than about a decade: label 1, 2, 5 multiples so the axis is not bare.
            for (int e = lo - 1; e <= hi; e++) {
                for (int m : new int[] {1, 2, 5}) {
                    double v = m * Math.pow(10, e);
                    if (v >= min * (1 - 1e-9) && v <= max * (1 + 1e-9)) {
                        ticks.add(new Tick(v, format(v, Math.pow(10, e))));
                    }
                }
            }
            return ticks;
        }
        // Label every 1, 2, 3, 5 or 10 decades, on multiples of that step (10⁻¹⁰, 10⁻⁵, 1, ...).
        double raw = (hi - lo + 1) / (double) Math.max(2, target);
        int every = 10;
        for (int step : new int[] {1, 2, 3, 5, 10}) {
            if (step >= raw) {
                every = step;
                break;
            }
        }
        if (raw > 10) {
            every = (int) Math.ceil(raw / 10) * 10;
        }
        for (int e = Math.floorDiv(lo + every - 1, every) * every; e <= hi; e += every) {
            ticks.add(new Tick(Math.pow(10, e), powerOfTen(e)));
        }
        return ticks;
    }

    /** 1, 2 or 5 times a power of ten, at least {@code raw}. */
    static double niceStep(double raw) {
        double p = Math.pow(10, Math.floor(Math.log10(raw)));
        double m = raw / p;
        double nice = m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10;
        return nice * p;
    }

    /** A label for {@code v} on an axis whose ticks are {@code step} apart. */
    public static String format(double v, double step) {
        double a = Math.abs(v);
        if (a != 0 && (a >= 1e5 || a < 1e-4)) {
            String s = String.format(java.util.Locale.ROOT, "%.2e", v);
            // 1.00e+05 -> 1e5, 2.50e-07 -> 2.5e-7
            String[] parts = s.split("e");
            String mant = parts[0].replaceAll("\\.?0+$", "");
            int exp = Integer.parseInt(parts[1]);
            return mant + "e" + exp;
        }
        int decimals = Math.clamp((int) -Math.floor(Math.log10(step) + 1e-9), 0, 10);
        // Adding 0.0 turns -0.0 into 0.0, so no "-0" label.
        return String.format(java.util.Locale.ROOT, "%." + decimals + "f", v + 0.0);
    }

    /** "10⁻³" style label for a power of ten (plain digits for 0.01 to 1000). */
    static String powerOfTen(int e) {
        if (e >= -2 && e <= 3) {
            return format(Math.pow(10, e), Math.pow(10, Math.min(e, 0)));
        }
        String sup = "⁰¹²³⁴⁵⁶⁷⁸⁹";
        StringBuilder b = new StringBuilder("10");
        if (e < 0) {
            b.append('⁻');
        }
        for (char c : Integer.toString(Math.abs(e)).toCharArray()) {
            b.append(sup.charAt(c - '0'));
        }
        return b.toString();
    }
}
