package dev.descent.train;

import java.util.Locale;

/**
 * Stops a run at the first NaN or infinite loss or gradient, with a one-line diagnosis: the step, the
 * last finite loss, and the notes' usual cause made concrete, "too large a learning rate":
 * <pre>
 * training diverged at step 8 (epoch 1, batch 4 of 4): the loss is NaN; the last finite loss was
 * 2.3026 at step 7. Lower the learning rate (now 1.5), or clip gradients with --clip-grad-norm 1.0
 * </pre>
 * The trainer skips the update of a step whose loss is not finite, so the weights stay finite; the
 * guard then throws {@link DivergenceException} out of {@link Trainer#fit()}. A {@link Trainer}
 * has one by default.
 */
public final class DivergenceGuard implements Callback {
    private final String clipAdvice;

    /** A guard whose advice names the library call ({@code clipGradNorm(1.0)}). */
    public DivergenceGuard() {
        this("Trainer.Builder.clipGradNorm(1.0)");
    }

    /**
     * A guard whose advice ends "or clip gradients with {@code clipAdvice}", e.g. {@code
     * --clip-grad-norm 1.0} on the command line.
     */
    public DivergenceGuard(String clipAdvice) {
        this.clipAdvice = clipAdvice;
    }

    @Override
    public void onStepEnd(StepEnd s) {
        if (!s.diverged()) {
            return;
        }
        StringBuilder sb = new StringBuilder("training diverged at step ").append(s.step()).append(" (epoch ")
                .append(s.epoch() + 1).append(", batch ").append(s.batch() + 1).append(" of ").append(s.batches())
                .append("): ").append(s.nonFinite());
        if (s.lastFiniteStep() > 0) {
            sb.append("; the last finite loss was ").append(number(s.lastFiniteLoss())).append(" at step ")
                    .append(s.lastFiniteStep());
        } else {
            sb.append("; no step had a finite loss (check the data and the loss for log(0) or division by zero)");
        }
        sb.append(". Lower the learning rate (now ").append(number(s.lr())).append(")");
        double clip = s.trainer().clipGradNorm();
        if (Double.isNaN(clip)) {
            sb.append(", or clip gradients with ").append(clipAdvice);
        } else {
            sb.append("; gradients are already clipped to norm ").append(number(clip));
        }
        throw new DivergenceException(sb.toString(), s.step(), s.lastFiniteLoss(), s.lastFiniteStep(), s.lr());
    }

    /** Up to 6 significant digits, no trailing zeros: 1.5, 2.30259, 1e-05. */
    static String number(double v) {
        if (!Double.isFinite(v)) {
            return Double.toString(v);
        }
        String s = String.format(Locale.ROOT, "%.6g", v);
        if (s.contains("e")) {
            String[] p = s.split("e");
            String m = p[0].contains(".") ? p[0].replaceAll("0+$", "").replaceAll("\\.$", "") : p[0];
            return m + "e" + p[1];
        }
        return s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
    }
}
