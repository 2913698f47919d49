package dev.descent.train;

import dev.descent.io.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The metrics of a run, one row every N steps ({@code kind} {@code step}) and one per epoch
 * ({@code kind} {@code epoch}), kept in memory and written to the output folder as
 * {@code metrics.csv} and {@code metrics.jsonl} (one JSON object per line). Each row is appended
 * with one write per file, so a reader sees whole lines; the files are rewritten atomically at the
 * first row and on resume, so a resumed run's files hold exactly the rows of the uninterrupted run
 * (rows written after the checkpoint it resumes from are dropped).
 *
 * <p>Columns, in order: {@code kind, epoch, step, samples, seconds, lr, loss, accuracy, val_loss,
 * val_accuracy}. For step rows {@code epoch} is fractional (2.5 = half-way through the third epoch)
 * and {@code loss}/{@code accuracy} are the means over the steps since the previous step row; for
 * epoch rows {@code epoch} counts completed epochs and the means are over the epoch. Missing values
 * (accuracy of a regression, validation metrics without a validation set, validation columns of step
 * rows) are empty in the CSV and {@code null} in JSON; so are NaN and infinities in JSON (the CSV
 * writes {@code NaN}, {@code Infinity}). The CSV starts with a {@code #} comment line of provenance.
 */
public final class MetricsLog {
    /** The columns, in order. */
    public static final List<String> COLUMNS = List.of("kind", "epoch", "step", "samples", "seconds", "lr", "loss",
            "accuracy", "val_loss", "val_accuracy");
    /** The CSV file name. */
    public static final String CSV = "metrics.csv";
    /** The JSON-lines file name. */
    public static final String JSONL = "metrics.jsonl";

    private final Path dir;
    private final String comment;
    private final List<Map<String, Object>> rows = new ArrayList<>();
    private boolean written;

    /**
     * A log written into {@code dir} (null: kept in memory only).
     *
     * @param comment the provenance line at the top of the CSV (without {@code #})
     */
    public MetricsLog(Path dir, String comment) {
        this.dir = dir;
        this.comment = comment == null ? "" : comment.replace('\n', ' ');
    }

    /** A row with every column, in order, values from {@code values} (absent ones null). */
    public static LinkedHashMap<String, Object> row(Map<String, Object> values) {
        LinkedHashMap<String, Object> r = new LinkedHashMap<>();
        for (String c : COLUMNS) {
            r.put(c, values.get(c));
        }
        return r;
    }

    /**
     * Adds a row and appends it to the files, each line with a single write (a reader sees whole
     * lines); the first row, or the first after {@link #reset}, rewrites the files atomically.
     */
    public void add(Map<String, Object> row) throws IOException {
        Map<String, Object> r = Collections.unmodifiableMap(row(row));
        rows.add(r);
        if (dir == null) {
            return;
        }
        if (!written) {
            flush();
            return;
        }
        append(dir.resolve(CSV), csvLine(r));
        append(dir.resolve(JSONL), jsonLine(r));
    }

    private static void append(Path file, String line) throws IOException {
        Files.writeString(file, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                StandardOpenOption.WRITE);
    }

    /** Replaces all rows (on resume) and rewrites the files. */
    void reset(List<Map<String, Object>> restored) throws IOException {
        rows.clear();
        for (Map<String, Object> r : restored) {
            rows.add(Collections.unmodifiableMap(row(r)));
        }
        flush();
    }

    /** The rows so far. */
    public List<Map<String, Object>> rows() {
        return Collections.unmodifiableList(rows);
    }

    /** Rewrites both files atomically (nothing without a folder). */
    public void flush() throws IOException {
        if (dir == null) {
            return;
        }
        replace(dir.resolve(CSV), csv());
        replace(dir.resolve(JSONL), jsonLines());
        written = true;
    }

    /**
     * Atomic replacement without forcing the data to disk: readers see the old or the new file,
     * never a torn one; the authoritative copy of the rows is in each checkpoint's trainer.json
     * (written durably), so a metrics file lost to a power cut is rewritten on resume.
     */
    private static void replace(Path target, String text) throws IOException {
        Path abs = target.toAbsolutePath();
        Files.createDirectories(abs.getParent());
        Path temp = abs.resolveSibling("." + abs.getFileName() + "."
                + Long.toHexString(java.util.concurrent.ThreadLocalRandom.current().nextLong()) + ".tmp");
        try {
            Files.writeString(temp, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            try {
                Files.move(temp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** The CSV text. */
    public String csv() {
        StringBuilder sb = new StringBuilder();
        if (!comment.isEmpty()) {
            sb.append("# ").append(comment).append('\n');
        }
        sb.append(String.join(",", COLUMNS)).append('\n');
        for (Map<String, Object> r : rows) {
            sb.append(csvLine(r));
        }
        return sb.toString();
    }

    private static String csvLine(Map<String, Object> r) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < COLUMNS.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(cell(r.get(COLUMNS.get(i))));
        }
        return sb.append('\n').toString();
    }

    /** The JSON-lines text. */
    public String jsonLines() {
        StringBuilder sb = new StringBuilder();
        for (Map<String, Object> r : rows) {
            sb.append(jsonLine(r));
        }
        return sb.toString();
    }

    private static String jsonLine(Map<String, Object> r) {
        Map<String, Object> j = new LinkedHashMap<>();
        r.forEach((k, v) -> j.put(k, v instanceof Double d && !Double.isFinite(d) ? null : v));
        return Json.write(j) + "\n";
    }

    private static String cell(Object v) {
        return switch (v) {
            case null -> "";
            case Double d -> format(d);
            default -> String.valueOf(v);
        };
    }

    /** Shortest round-trip form; integral values without a fraction ({@code 3}, not {@code 3.0}). */
    static String format(double d) {
        if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            return Long.toString((long) d);
        }
        return Double.toString(d);
    }
}
