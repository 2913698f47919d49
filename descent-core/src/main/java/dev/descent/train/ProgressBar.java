package dev.descent.train;

import java.io.Console;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * Shows a run's progress: epoch, a bar, steps, samples per second, the epoch's mean loss (and
 * accuracy) so far, and the estimated time left. On a terminal the line is redrawn in place with
 * {@code \r} at most ten times a second; otherwise (a log file, a pipe) a plain line is printed every
 * {@code intervalSeconds}. Every epoch ends with a summary line including the validation metrics.
 * <pre>
 * epoch 2/5 [########------------] 187/469  5120 samples/s  loss 0.4123  acc 0.851  ETA 1:23
 * epoch 2/5 done: loss 0.4010  acc 0.857  val_loss 0.3921  val_acc 0.861  lr 0.001  (18.2 s, 5090 samples/s)
 * </pre>
 */
public final class ProgressBar implements Callback {
    private static final int BAR = 20;

    private final PrintWriter out;
    private final boolean terminal;
    private final double intervalSeconds;
    private long startNanos;
    private long startStep;
    private long startSamples;
    private long epochStartNanos;
    private long epochStartSamples;
    private long lastDraw;
    private int lastLength;
    private double lossSum;
    private long correct;
    private long count;
    private boolean accuracy;

    /**
     * A progress display on {@code out}.
     *
     * @param terminal        redraw one line in place (true) or print plain lines (false)
     * @param intervalSeconds seconds between plain lines (ignored on a terminal)
     */
    public ProgressBar(PrintWriter out, boolean terminal, double intervalSeconds) {
        this.out = out;
        this.terminal = terminal;
        this.intervalSeconds = intervalSeconds;
    }

    /** On {@code System.err}, redrawn in place when stderr is a terminal, else a line every 10 s. */
    public static ProgressBar stderr() {
        return new ProgressBar(new PrintWriter(System.err, true), isTerminal(), 10);
    }

    /** True when the JVM runs attached to a terminal. */
    public static boolean isTerminal() {
        Console c = System.console();
        return c != null && c.isTerminal();
    }

    @Override
    public void onTrainStart(Trainer t) {
        startNanos = System.nanoTime();
        epochStartNanos = startNanos;
        startStep = t.step();
        startSamples = t.samples();
        epochStartSamples = startSamples;
        lastDraw = startNanos;
        resetEpoch();
        String resume = t.step() > 0 ? " (resuming at step " + t.step() + ", epoch " + (t.epoch() + 1) + ")" : "";
        println("training: " + t.epochs() + " epoch" + (t.epochs() == 1 ? "" : "s") + " of " + t.stepsPerEpoch()
                + " steps" + resume);
    }

    private void resetEpoch() {
        lossSum = 0;
        correct = 0;
        count = 0;
        accuracy = false;
    }

    @Override
    public void onStepEnd(StepEnd s) {
        if (Double.isFinite(s.loss())) {
            lossSum += s.loss() * s.batchSize();
            count += s.batchSize();
            if (!Double.isNaN(s.accuracy())) {
                accuracy = true;
                correct += Math.round(s.accuracy() * s.batchSize());
            }
        }
        long now = System.nanoTime();
        boolean last = s.batch() + 1 == s.batches();
        double since = (now - lastDraw) / 1e9;
        boolean first = s.step() == startStep + 1;
        if (terminal ? since >= 0.1 || last || first : since >= intervalSeconds) {
            lastDraw = now;
            String line = frame(s, now);
            if (terminal) {
                String pad = line.length() < lastLength ? " ".repeat(lastLength - line.length()) : "";
                out.print("\r" + line + pad);
                out.flush();
                lastLength = line.length();
            } else {
                println(line);
            }
        }
    }

    private String frame(StepEnd s, long now) {
        int done = s.batch() + 1;
        int filled = (int) ((long) BAR * done / Math.max(1, s.batches()));
        StringBuilder sb = new StringBuilder();
        sb.append("epoch ").append(s.epoch() + 1).append('/').append(s.trainer().epochs()).append(" [")
                .append("#".repeat(filled)).append("-".repeat(BAR - filled)).append("] ")
                .append(done).append('/').append(s.batches());
        double secs = (now - startNanos) / 1e9;
        if (secs > 0) {
            sb.append("  ").append(Math.round((s.samples() - startSamples) / secs)).append(" samples/s");
        }
        if (count > 0) {
            sb.append("  loss ").append(fmt(lossSum / count));
            if (accuracy) {
                sb.append("  acc ").append(String.format(Locale.ROOT, "%.3f", (double) correct / count));
            }
        }
        long stepsDone = s.step() - startStep;
        long remaining = (long) s.trainer().epochs() * s.batches() - s.step();
        if (stepsDone > 0 && remaining >= 0) {
            sb.append("  ETA ").append(duration(secs / stepsDone * remaining));
        }
        return sb.toString();
    }

    @Override
    public void onEpochEnd(EpochEnd e) {
        long now = System.nanoTime();
        double secs = (now - epochStartNanos) / 1e9;
        long samples = e.samples() - epochStartSamples;
        StringBuilder sb = new StringBuilder("epoch ").append(e.epoch()).append('/').append(e.trainer().epochs())
                .append(" done: loss ").append(fmt(e.trainLoss()));
        if (!Double.isNaN(e.trainAccuracy())) {
            sb.append("  acc ").append(String.format(Locale.ROOT, "%.4f", e.trainAccuracy()));
        }
        if (!Double.isNaN(e.valLoss())) {
            sb.append("  val_loss ").append(fmt(e.valLoss()));
        }
        if (!Double.isNaN(e.valAccuracy())) {
            sb.append("  val_acc ").append(String.format(Locale.ROOT, "%.4f", e.valAccuracy()));
        }
        sb.append("  lr ").append(DivergenceGuard.number(e.lr()));
        sb.append(String.format(Locale.ROOT, "  (%.1f s, %d samples/s)", secs, secs > 0 ? Math.round(samples / secs) : 0));
        endFrame();
        println(sb.toString());
        epochStartNanos = now;
        epochStartSamples = e.samples();
        resetEpoch();
    }

    @Override
    public void onTrainEnd(TrainResult r) {
        endFrame();
        if (r.stopReason() != null && !r.diverged()) {
            println("stopped: " + r.stopReason());
        }
    }

    private void endFrame() {
        if (terminal && lastLength > 0) {
            out.print("\r" + " ".repeat(lastLength) + "\r");
            out.flush();
            lastLength = 0;
        }
    }

    private void println(String line) {
        out.println(line);
        out.flush();
    }

    private static String fmt(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.4f", v) : Double.toString(v);
    }

    /** {@code 1:23}, {@code 1:02:03}. */
    static String duration(double seconds) {
        long s = Math.round(Math.max(0, seconds));
        long h = s / 3600;
        long m = (s % 3600) / 60;
        long sec = s % 60;
        return h > 0 ? String.format(Locale.ROOT, "%d:%02d:%02d", h, m, sec) : String.format(Locale.ROOT, "%d:%02d", m, sec);
    }
}
