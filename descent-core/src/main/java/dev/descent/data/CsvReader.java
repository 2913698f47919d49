package dev.descent.data;

import dev.descent.io.FormatException;
import dev.descent.tensor.Tensor;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Reads a numeric CSV file with a header line into a {@link TensorDataset}: one column is the label,
 * the others are the features {@code [N, F]} (float32, in file order).
 *
 * <p>Fields are separated by commas and trimmed; a field in double quotes has them removed. Blank
 * lines and lines starting with {@code #} (provenance comments) are skipped. Labels that all parse
 * as numbers are used as they are (class indices, or regression targets when they are not
 * non-negative integers); if any label is not a number, the label column is categorical and each
 * distinct value becomes a class, numbered in sorted order (the names are kept as class names).
 *
 * <p>Errors give the file, the line number and the column: {@code iris.csv line 7, column 3
 * ('petal_width'): 'abc' is not a number}; {@code iris.csv line 9: 4 fields, but the header has 5
 * columns}.
 */
public final class CsvReader {
    private static final Pattern NUMBER =
            Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?|[+-]?(inf|Inf|INF|Infinity)|NaN|nan");

    private CsvReader() {}

    /** Reads {@code file}, using the column named {@code labelColumn} as the label. */
    public static TensorDataset read(Path file, String labelColumn) throws IOException {
        return read(file, labelColumn, 0);
    }

    /** Reads {@code file}, using column {@code labelColumn} (0-based; negative counts from the end, -1 = last) as the label. */
    public static TensorDataset read(Path file, int labelColumn) throws IOException {
        return read(file, null, labelColumn);
    }

    private static TensorDataset read(Path file, String labelName, int labelIndex) throws IOException {
        String name = file.getFileName().toString();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int lineNo = 0;
            List<String> header = null;
            int headerLine = 0;
            while ((line = in.readLine()) != null) {
                lineNo++;
                if (lineNo == 1 && line.startsWith("\uFEFF")) {
                    line = line.substring(1);
                }
                if (!skip(line)) {
                    header = split(line);
                    headerLine = lineNo;
                    break;
                }
            }
            if (header == null) {
                throw new FormatException(name + ": no header line (the file is empty or all comments)");
            }
            int cols = header.size();
            int label;
            if (labelName != null) {
                label = header.indexOf(labelName);
                if (label < 0) {
                    throw new FormatException(name + ": no column named '" + labelName + "' in the header on line "
                            + headerLine + " (columns: " + String.join(", ", header) + ")");
                }
            } else {
                label = labelIndex < 0 ? cols + labelIndex : labelIndex;
                if (label < 0 || label >= cols) {
                    throw new FormatException(name + ": label column " + labelIndex + " out of range: the header on line "
                            + headerLine + " has " + cols + " columns");
                }
            }
            if (cols < 2) {
                throw new FormatException(name + ": the header on line " + headerLine + " has " + cols
                        + " column; need the label and at least one feature (is the file comma-separated?)");
            }
            List<float[]> rows = new ArrayList<>();
            List<String> labelText = new ArrayList<>();
            List<Integer> labelLines = new ArrayList<>();
            boolean numericLabels = true;
            while ((line = in.readLine()) != null) {
                lineNo++;
                if (skip(line)) {
                    continue;
                }
                List<String> fields = split(line);
                if (fields.size() != cols) {
                    throw new FormatException(name + " line " + lineNo + ": " + fields.size() + " field"
                            + (fields.size() == 1 ? "" : "s") + ", but the header has " + cols + " columns");
                }
                float[] row = new float[cols - 1];
                for (int c = 0, k = 0; c < cols; c++) {
                    String f = fields.get(c);
                    if (c == label) {
                        labelText.add(f);
                        labelLines.add(lineNo);
                        numericLabels &= parses(f);
                        continue;
                    }
                    row[k++] = number(f, name, lineNo, c, header.get(c));
                }
                rows.add(row);
            }
            if (rows.isEmpty()) {
                throw new FormatException(name + ": a header but no data rows");
            }
            int n = rows.size();
            int nf = cols - 1;
            float[] x = new float[n * nf];
            for (int i = 0; i < n; i++) {
                System.arraycopy(rows.get(i), 0, x, i * nf, nf);
            }
            float[] y = new float[n];
            Tensor features = Tensor.wrap(x, n, nf);
            if (numericLabels) {
                for (int i = 0; i < n; i++) {
                    y[i] = number(labelText.get(i), name, labelLines.get(i), label, header.get(label));
                }
                return new TensorDataset(features, Tensor.wrap(y, n));
            }
            List<String> classes = new ArrayList<>(new TreeSet<>(labelText));
            for (int i = 0; i < n; i++) {
                y[i] = java.util.Collections.binarySearch(classes, labelText.get(i));
            }
            return new TensorDataset(features, Tensor.wrap(y, n), classes.size(), classes);
        }
    }

    private static boolean skip(String line) {
        String t = line.strip();
        return t.isEmpty() || t.startsWith("#");
    }

    private static List<String> split(String line) {
        List<String> out = new ArrayList<>();
        int start = 0;
        while (true) {
            int comma = line.indexOf(',', start);
            String f = (comma < 0 ? line.substring(start) : line.substring(start, comma)).strip();
            if (f.length() >= 2 && f.startsWith("\"") && f.endsWith("\"")) {
                f = f.substring(1, f.length() - 1).strip();
            }
            out.add(f);
            if (comma < 0) {
                return out;
            }
            start = comma + 1;
        }
    }

    private static boolean parses(String s) {
        try {
            parse(s);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static double parse(String s) {
        // Double.parseDouble also takes "1f", "0x1p3" and "Infinity"; accept only plain decimal numbers and NaN
        if (s.isEmpty() || !NUMBER.matcher(s).matches()) {
            throw new NumberFormatException(s);
        }
        String t = s.replace("Infinity", "inf").toLowerCase(java.util.Locale.ROOT);
        if (t.endsWith("inf")) {
            return t.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        return t.equals("nan") ? Double.NaN : Double.parseDouble(s);
    }

    private static float number(String s, String file, int line, int col, String colName) throws FormatException {
        try {
            return (float) parse(s);
        } catch (NumberFormatException e) {
            throw new FormatException(file + " line " + line + ", column " + (col + 1) + " ('" + colName + "'): "
                    + (s.isEmpty() ? "empty field" : "'" + s + "' is not a number"));
        }
    }
}
