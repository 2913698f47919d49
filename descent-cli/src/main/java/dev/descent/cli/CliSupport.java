package dev.descent.cli;

import dev.descent.Version;
import dev.descent.landscape.io.Json;
import dev.descent.landscape.run.OptimizerFactory;
import dev.descent.report.AtomicFiles;
import dev.descent.report.Figure;
import dev.descent.report.Footnote;
import dev.descent.tensor.DType;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine;

/** What the landscape commands share: usage errors, optimizer specs, outputs with provenance. */
final class CliSupport {
    private CliSupport() {}

    /** A usage error: one line, exit code 2. */
    static CommandLine.ParameterException usage(CommandLine cl, String message) {
        return new CommandLine.ParameterException(cl, message);
    }

    /** The optimizer {@code name} with the flags given; a usage error when the name, a flag or a value is wrong. */
    static OptimizerFactory.Spec optimizer(CommandLine cl, String name, Map<String, String> flags) {
        try {
            return OptimizerFactory.Spec.of(name, flags);
        } catch (IllegalArgumentException e) {
            throw usage(cl, e.getMessage());
        }
    }

    /** A race spec {@code NAME[:FLAG=VALUE...]}; a usage error when wrong. */
    static OptimizerFactory.Spec spec(CommandLine cl, String text) {
        try {
            return OptimizerFactory.parse(text);
        } catch (IllegalArgumentException e) {
            throw usage(cl, "--optimizer " + text + ": " + e.getMessage());
        }
    }

    /** {@code float32} or {@code float64}. */
    static DType dtype(CommandLine cl, String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "float32" -> DType.FLOAT32;
            case "float64" -> DType.FLOAT64;
            default -> throw usage(cl, "--dtype must be float32 or float64, got '" + text + "'");
        };
    }

    /** The start point's values in its order. */
    static double[] values(GradCommand.Point p) {
        return p.values().values().stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** The command line as typed (for provenance). */
    static String commandLine(CommandLine cl) {
        StringBuilder sb = new StringBuilder("descent");
        CommandLine.ParseResult pr = cl.getParseResult();
        List<String> args = pr == null ? List.of() : pr.originalArgs();
        for (String a : args) {
            sb.append(' ').append(a.isEmpty() || a.matches(".*[\\s\"'()*^;&|<>$].*") ? "'" + a.replace("'", "'\\''") + "'" : a);
        }
        return sb.toString();
    }

    /** The footnote of saved pictures: command, version, date. */
    static String footnote(CommandLine cl) {
        return commandLine(cl) + "  ·  Descent " + Version.VERSION + "  ·  " + now();
    }

    static String now() {
        return ZonedDateTime.now(ZoneOffset.UTC).withNano(0).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    }

    /** Writes a picture (PNG or SVG by the extension) with the provenance footnote, atomically. */
    static void picture(CommandLine cl, Path file, Figure f) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (!name.endsWith(".png") && !name.endsWith(".svg")) {
            throw usage(cl, "pictures are .png or .svg files, got '" + file + "'");
        }
        new Footnote(f, footnote(cl)).write(file);
    }

    /** {@code provenance.json}: version, command, date and the optimizers' full hyperparameters. */
    static void provenance(CommandLine cl, Path dir, Map<String, OptimizerFactory.Spec> optimizers) {
        Json j = Json.pretty().beginObject().name("descent_version").value(Version.VERSION).name("command").value(commandLine(cl))
                .name("date").value(now()).name("optimizers").beginObject();
        optimizers.forEach((label, s) -> {
            j.name(label).beginObject().name("name").value(s.name()).name("hyperparameters").beginObject();
            OptimizerFactory.describe(s.algorithm()).forEach((k, v) -> j.name(k).value(v));
            j.endObject().endObject();
        });
        AtomicFiles.writeString(dir.resolve("provenance.json"), j.endObject().endObject() + "\n");
    }

    /** Writes text to a file atomically. */
    static void text(Path file, String s) {
        AtomicFiles.writeString(file, s);
    }

    /** A message on stderr. */
    static void note(CommandLine cl, String message) {
        cl.getErr().println(message);
        cl.getErr().flush();
    }

    /** A CSV field, quoted when it holds a comma or a quote. */
    static String field(String s) {
        return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }

    /** The number in shortest round-trip form ({@code NaN}, {@code Infinity} as Java writes them). */
    static String num(double v) {
        return dev.descent.landscape.Numbers.format(v);
    }
}
